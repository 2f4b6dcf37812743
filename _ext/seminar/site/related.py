"""Related talks: for every talk, up to four others on the same subject, ranked for every talk at once.

A talk's related talks are ranked by two things: the topics it shares with them (each shared
topic adds :data:`TOPIC_WEIGHT`) and what the talks are about, the cosine of their BM25 vectors
over title and abstract (in [0, 1]; no length normalisation, and document frequencies rounded,
:func:`rounded_frequency`).  Words are lower-cased, English stop words dropped and the
rest stemmed by the stemmer Sphinx's English search uses (:class:`Words`; the build passes
Sphinx's own, see :func:`seminar.domain.domain.english_words`); stems of :data:`TALK_WORDS`
("talk", "discuss", "present" ...), which every abstract uses, are dropped too.  Ties go to the newer talk, then
to the page name, so the ranking never depends on the order the talks come in.

Bounded work, linear in the number of talks N.  No talk is compared with every other: each talk
finds its candidates only

- through its :data:`QUERY_TERMS` most distinctive terms (by BM25 weight, among terms at least
  one other talk has), each reaching at most :data:`POSTINGS` talks (those with the highest
  weight for that term, each posting list cut when the index is made, or when an edit touches
  its term), and
- among the :data:`TOPIC_NEIGHBOURS` talks nearest in date on each side in each of its first
  :data:`MAX_TOPICS` topics.

A candidate's text score is what the posting lists gave it (a topic neighbour they did not reach
counts by its topics alone).  So a talk costs at most ``QUERY_TERMS * POSTINGS + MAX_TOPICS *
(2 * TOPIC_NEIGHBOURS + 1)`` score computations (:data:`SCORE_BOUND`, 187), whatever N;
building the index costs one pass over every talk's terms plus a cut of each posting list.  A
term's postings beyond the cut carry the lowest weights for it, so a candidate they leave out
loses little.

An index made for a build can follow an edit of some abstracts (:meth:`RelatedIndex.update`):
it ranks again only the talks the edit may reach, and then equals an index made anew.  With the
frequencies rounded, an edit seldom moves another talk's weights, so that is the edited talks and
the talks whose query reaches a posting list the edit changed.

A talk with neither a topic nor a word in common with another gets no related talks (its page
then has no "Related talks" section).  Talks already on a page (previous/next in its series,
"More talks by" its speakers) are passed in as ``shown`` and never ranked there.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

LIMIT = 4
"""How many related talks a page shows at most."""
TOPIC_WEIGHT = 0.25
"""What one shared topic adds to a score whose text part is a cosine in [0, 1]."""
QUERY_TERMS = 10
"""How many of a talk's most distinctive terms look for candidates."""
POSTINGS = 16
"""How many talks a term's posting list keeps (the highest weights for the term)."""
TOPIC_NEIGHBOURS = 4
"""How many talks nearest in date, on each side, each topic of a talk offers as candidates."""
MAX_TOPICS = 3
"""How many of a talk's topics (in its order) offer candidates; every shared topic still counts in a score."""
TITLE_REPEAT = 2
"""A title's words count this many times: a title says in few words what the talk is about."""
SCORE_BOUND = QUERY_TERMS * POSTINGS + MAX_TOPICS * (2 * TOPIC_NEIGHBOURS + 1)
"""The most score computations one talk costs (see the module's docstring)."""

FREQUENCY_BITS = 3
"""Significant bits a term's document frequency keeps before it makes the term's idf (see :func:`rounded_frequency`)."""

_K1 = 1.2  # BM25's term-frequency saturation; no length normalisation (BM25's b = 0), see _weights
_WORD = re.compile(r"[^\W_]+")


TALK_WORDS = (
    "talk",
    "speaker",
    "present",
    "discuss",
    "describe",
    "introduce",
    "will",
    "can",
    "also",
    "show",
    "work",
    "research",
    "new",
    "use",
    "however",
    "like",
    "many",
    "make",
    "first",
    "recent",
    "approach",
    "problem",
    "challenge",
    "today",
)
"""Words that say how a seminar abstract speaks, not what it is about: left out after stemming, as stop words."""


@dataclass(frozen=True)
class Words:
    """How text becomes terms: the words left out, the stemmer, the stems left out (each word stemmed once, ``memo``)."""

    stop_words: frozenset[str]
    stem: Callable[[str], str]
    noise: frozenset[str] = frozenset()
    memo: dict[str, str] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class Document:
    """What the ranking knows of a talk: its page, date, topics, text and the talks its page already shows.

    ``stems`` is the abstract as :func:`stems` gives it, when already worked out (a talk keeps
    it between builds, :meth:`seminar.site.entries.TalkEntry.abstract_stems`); else it is
    worked out from ``abstract``.
    """

    docname: str
    date: dt.date
    title: str
    abstract: str
    topics: tuple[str, ...] = ()
    shown: frozenset[str] = frozenset()
    stems: str | None = None


def stems(text: str, words: Words) -> str:
    """The stemmed words of ``text`` that count, space-separated, in order (stop words, digits and letters alone left out)."""
    memo = words.memo
    found = []
    for word in _WORD.findall(text.lower()):
        if len(word) < 2 or word.isdigit() or word in words.stop_words:
            continue
        stem = memo.get(word)
        if stem is None:
            stem = memo[word] = words.stem(word)
        if stem not in words.noise:
            found.append(stem)
    return " ".join(found)


def rounded_frequency(df: int) -> int:
    """``df`` rounded up to :data:`FREQUENCY_BITS` significant bits: 1 to 8 as they are, then 10, 12, ..., 300 to 320.

    What a term's idf tells (rare or common) does not move when one more talk uses it; with the
    frequency rounded, an edit that adds or drops a word in one abstract seldom changes the idf
    of a term, so it seldom changes any other talk's weights.
    """
    step = 1 << max(0, df.bit_length() - FREQUENCY_BITS)
    return -(-df // step) * step


def _idf(total: int, df: int) -> float:
    """BM25's idf of a term that ``df`` of ``total`` talks have (:func:`rounded_frequency`, at most ``total``)."""
    rounded = min(total, rounded_frequency(df))
    return math.log(1 + (total - rounded + 0.5) / (rounded + 0.5))


def _weight(idf: float, count: int) -> float:
    """A term's weight in a talk: its ``idf`` times its saturated ``count`` (one expression, so the same bits everywhere)."""
    return idf * count * (_K1 + 1) / (count + _K1)


def _norm(vector: Mapping[str, float]) -> float:
    return math.sqrt(sum(w * w for w in vector.values()))


def _unit(weight: float, norm: float) -> float:
    """A weight divided by its vector's length, so that a dot product of two unit vectors is their cosine."""
    return weight / norm if norm else 0.0


def _without_text(doc: Document) -> Document:
    """What the index keeps of a talk: all but its text (its term counts are kept instead)."""
    return replace(doc, abstract="", stems=None)


def terms(text: str, words: Words) -> Counter[str]:
    """The stemmed terms of ``text`` with their counts."""
    return Counter(stems(text, words).split())


@dataclass
class RelatedIndex:
    """Every talk's related talks (page names, best first), worked out at once for a build.

    The index keeps what the ranking read (each talk's term counts, the document frequencies,
    queries and posting lists, but no text), so that :meth:`update` can follow an edit of some
    abstracts by ranking again only the talks it may change, with the result a new index would
    give.  It pickles without its :class:`Words` (which hold Sphinx's stemmer): set them again
    after loading it.
    """

    documents: Sequence[Document]
    words: Words
    limit: int = LIMIT
    scored: int = 0
    """Score computations made (each one accumulation or lookup): at most ``SCORE_BOUND`` a talk."""
    ranked: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        docs = sorted(self.documents, key=lambda d: d.docname)  # input order never matters
        self.documents = ()
        self._docs = {d.docname: _without_text(d) for d in docs}
        self._ordinal = {d.docname: d.date.toordinal() for d in docs}
        bits = {topic: 1 << i for i, topic in enumerate(sorted({t for d in docs for t in d.topics}))}
        self._topic_masks = {d.docname: sum(bits[t] for t in set(d.topics)) for d in docs}
        self._by_topic = self._topic_order(docs)
        self._counts = {d.docname: self._count(d) for d in docs}
        self._frequency: Counter[str] = Counter()
        for found in self._counts.values():
            self._frequency.update(found.keys())
        total = len(docs)
        self._idf = {term: _idf(total, df) for term, df in self._frequency.items()}
        weights = {name: self._vector(name) for name in self._counts}
        self._norms = {name: _norm(vector) for name, vector in weights.items()}
        self._queries = {name: self._query(name, vector) for name, vector in weights.items()}
        self._wanted = Counter(term for query in self._queries.values() for term, _ in query)
        self._postings = self._all_postings(weights)
        for name in self._docs:
            self.ranked[name] = self._rank(name)

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state["words"] = None  # Sphinx's stemmer: the loader sets the build's again
        return state

    def update(self, changed: Iterable[Document]) -> set[str] | None:
        """Rank again after the abstracts of ``changed`` talks changed: the talks whose related talks differ.

        Only the talks the edit may reach are ranked again: the edited talks, the talks whose
        weights moved (those having a term whose idf the edit moved, :func:`rounded_frequency`),
        and the talks whose query reaches a posting list that changed.  Every other talk's
        ranking reads nothing that changed, so the index then equals a new one of the edited
        talks.  ``None`` (and the index unchanged) when a talk is not in the index or its date,
        title, topics or shown talks changed: make a new index then.
        """
        edited = {doc.docname: doc for doc in changed}
        for name, doc in edited.items():
            if self._docs.get(name) != _without_text(doc):
                return None
        before: dict[str, int] = {}  # the document frequencies the edit moves, as they were
        frequency = self._frequency
        for name, doc in sorted(edited.items()):
            counts, old = self._count(doc), self._counts[name]
            for term in old.keys() - counts.keys():
                before.setdefault(term, frequency[term])
                frequency[term] -= 1
            for term in counts.keys() - old.keys():
                before.setdefault(term, frequency[term])
                frequency[term] += 1
            self._counts[name] = counts
        total = len(self._docs)
        moved = set()
        for term, df in before.items():
            if frequency[term] <= 0:
                del frequency[term], self._idf[term]
            else:
                self._idf[term] = _idf(total, frequency[term])
                if df and _idf(total, df) != self._idf[term]:
                    moved.add(term)  # the other talks having it weigh it anew
        reweighed = set(edited)
        if moved:
            reweighed.update(name for name, counts in self._counts.items() if not moved.isdisjoint(counts))
        terms: set[str] = set(before)
        for name in sorted(reweighed):
            vector = self._vector(name)
            self._norms[name] = _norm(vector)
            query = self._query(name, vector)
            self._wanted.subtract(term for term, _ in self._queries[name])
            self._wanted.update(term for term, _ in query)
            self._queries[name] = query
            terms.update(self._counts[name])
        for term in [t for t, n in self._wanted.items() if n <= 0]:
            del self._wanted[term]
            self._postings.pop(term, None)
        changed_postings = set()
        for term in sorted(terms & self._wanted.keys()):
            posting = self._posting(term)
            if self._postings.get(term) != posting:
                self._postings[term] = posting
                changed_postings.add(term)
        again = set(reweighed)
        if changed_postings:
            again.update(
                name for name, query in self._queries.items() if any(term in changed_postings for term, _ in query)
            )
        self._docs.update((name, _without_text(doc)) for name, doc in edited.items())
        different = set()
        for name in sorted(again):
            ranked = self._rank(name)
            if ranked != self.ranked[name]:
                self.ranked[name] = ranked
                different.add(name)
        return different

    def _count(self, doc: Document) -> Counter[str]:
        """The talk's terms with their counts: its abstract's, and its title's :data:`TITLE_REPEAT` times."""
        text = doc.stems if doc.stems is not None else stems(doc.abstract, self.words)
        found = Counter(sys.intern(term) for term in text.split())  # one string a term, once pickled
        for term, count in terms(doc.title, self.words).items():
            found[sys.intern(term)] += count * TITLE_REPEAT
        return found

    def _vector(self, name: str) -> dict[str, float]:
        """The talk's BM25 weight of each of its terms: the idf times the saturated frequency.

        No length normalisation (BM25's b = 0): the cosine divides each vector by its length anyway,
        and so a talk's weights depend on its own text and the idfs alone, which an edit of another
        abstract seldom moves (:func:`rounded_frequency`).
        """
        idf = self._idf
        return {term: _weight(idf[term], n) for term, n in self._counts[name].items()}

    def _query(self, name: str, vector: Mapping[str, float]) -> list[tuple[str, float]]:
        """The talk's :data:`QUERY_TERMS` terms of highest weight that another talk has too, with their unit weights."""
        frequency, norm = self._frequency, self._norms[name]
        best = heapq.nsmallest(QUERY_TERMS, [(-w, t) for t, w in vector.items() if frequency[t] > 1])
        return [(term, _unit(-negative, norm)) for negative, term in best]

    def _all_postings(self, weights: Mapping[str, Mapping[str, float]]) -> dict[str, list[tuple[str, float]]]:
        """:meth:`_posting` of every wanted term (one some talk queries by), in one pass over the talks.

        Only the terms of some query are gathered: most of a talk's terms are in no query, and
        listing every talk of every term was the step's largest cost.
        """
        wanted = self._wanted.keys()
        every: dict[str, list[tuple[float, str]]] = {}
        for name, vector in weights.items():
            for term in vector.keys() & wanted:
                every.setdefault(term, []).append((-vector[term], name))
        return {term: self._cut(found) for term, found in every.items()}

    def _posting(self, term: str) -> list[tuple[str, float]]:
        """The :data:`POSTINGS` talks weighing ``term`` most, with their unit weights (ties by page name)."""
        idf = self._idf[term]
        return self._cut([(-_weight(idf, c[term]), name) for name, c in self._counts.items() if term in c])

    def _cut(self, found: list[tuple[float, str]]) -> list[tuple[str, float]]:
        norms = self._norms
        return [(name, _unit(-negative, norms[name])) for negative, name in heapq.nsmallest(POSTINGS, found)]

    @staticmethod
    def _topic_order(docs: Sequence[Document]) -> dict[str, list[str]]:
        """Each topic's talks in date order (then by page name)."""
        found: dict[str, list[Document]] = {}
        for doc in docs:
            for topic in dict.fromkeys(doc.topics):
                found.setdefault(topic, []).append(doc)
        return {
            topic: [d.docname for d in sorted(ds, key=lambda d: (d.date, d.docname))] for topic, ds in found.items()
        }

    def _rank(self, name: str) -> list[str]:
        """The talk's related talks, from its query and the topics it shares."""
        doc = self._docs[name]
        dots: dict[str, float] = {}
        get = dots.get
        postings = self._postings
        for term, weight in self._queries[name]:
            found = postings[term]
            self.scored += len(found)
            for other, other_weight in found:
                dots[other] = get(other, 0.0) + weight * other_weight
        topics = tuple(dict.fromkeys(doc.topics))
        for topic in topics[:MAX_TOPICS]:
            talks = self._by_topic[topic]
            at = talks.index(name) if len(talks) <= 2 * TOPIC_NEIGHBOURS else self._position(talks, doc)
            window = talks[max(0, at - TOPIC_NEIGHBOURS) : at + TOPIC_NEIGHBOURS + 1]
            self.scored += len(window)
            for other in window:
                if other not in dots:
                    dots[other] = 0.0  # no term among the postings: its topics alone count
        for other in doc.shown:
            dots.pop(other, None)
        dots.pop(name, None)
        masks = self._topic_masks
        mine = masks[name]
        if mine:
            scores = [
                (score, other)
                for other, dot in dots.items()
                if (score := dot + TOPIC_WEIGHT * (mine & masks[other]).bit_count()) > 0
            ]
        else:
            scores = [(dot, other) for other, dot in dots.items() if dot > 0]
        return self._best(scores)

    def _best(self, scores: list[tuple[float, str]]) -> list[str]:
        """The ``limit`` best of ``(score, page)``: highest score, then newest, then page name.

        Scores are compared rounded (to 1e-9), so that two equal scores summed in different orders
        are a tie, which the date breaks; only the scores near the ``limit``-th are rounded.
        """
        if len(scores) > self.limit:
            floor = heapq.nlargest(self.limit, scores)[-1][0] - 1e-9
            scores = [item for item in scores if item[0] >= floor]
        ordinal = self._ordinal
        keyed = [(-round(score, 9), -ordinal[other], other) for score, other in scores]
        return [name for _, _, name in heapq.nsmallest(self.limit, keyed)]

    def _position(self, talks: list[str], doc: Document) -> int:
        """Where ``doc`` stands in a topic's talks in date order (bisection, as the list is long)."""
        low, high = 0, len(talks)
        key = (doc.date, doc.docname)
        while low < high:
            middle = (low + high) // 2
            other = self._docs[talks[middle]]
            if (other.date, other.docname) < key:
                low = middle + 1
            else:
                high = middle
        return low


def related_talks(documents: Iterable[Document], words: Words, limit: int = LIMIT) -> dict[str, list[str]]:
    """Every talk's related talks, by page name: up to ``limit`` page names each, best first."""
    return RelatedIndex(list(documents), words, limit).ranked

"""Related talks: for every talk, up to four others on the same subject, ranked once per build.

A talk's related talks are ranked by two things: the topics it shares with them (each shared
topic adds :data:`TOPIC_WEIGHT`) and what the talks are about, the cosine of their BM25 vectors
over title and abstract (in [0, 1]).  Words are lower-cased, English stop words dropped and the
rest stemmed by the stemmer Sphinx's English search uses (:class:`Words`; the build passes
Sphinx's own, see :func:`seminar.domain.domain.english_words`); stems of :data:`TALK_WORDS`
("talk", "discuss", "present" ...), which every abstract uses, are dropped too.  Ties go to the newer talk, then
to the page name, so the ranking never depends on the order the talks come in.

Bounded work, linear in the number of talks N.  No talk is compared with every other: each talk
finds its candidates only

- through its :data:`QUERY_TERMS` most distinctive terms (by BM25 weight, among terms at least
  one other talk has), each reaching at most :data:`POSTINGS` talks (those with the highest
  weight for that term, the posting lists being cut once per build), and
- among the :data:`TOPIC_NEIGHBOURS` talks nearest in date on each side in each of its first
  :data:`MAX_TOPICS` topics.

A candidate's text score is what the posting lists gave it (a topic neighbour they did not reach
counts by its topics alone).  So a talk costs at most ``QUERY_TERMS * POSTINGS + MAX_TOPICS *
(2 * TOPIC_NEIGHBOURS + 1)`` score computations (:data:`SCORE_BOUND`, 187), whatever N;
building the index costs one pass over every talk's terms plus a cut of each posting list.  A
term's postings beyond the cut carry the lowest weights for it, so a candidate they leave out
loses little.

A talk with neither a topic nor a word in common with another gets no related talks (its page
then has no "Related talks" section).  Talks already on a page (previous/next in its series,
"More talks by" its speakers) are passed in as ``shown`` and never ranked there.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence, Set
from dataclasses import dataclass, field

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
    return math.log(1 + (total - df + 0.5) / (df + 0.5))


def terms(text: str, words: Words) -> Counter[str]:
    """The stemmed terms of ``text`` with their counts."""
    return Counter(stems(text, words).split())


@dataclass
class RelatedIndex:
    """Every talk's related talks (page names, best first), worked out at once for a build."""

    documents: Sequence[Document]
    words: Words
    limit: int = LIMIT
    scored: int = 0
    """Score computations made (each one accumulation or lookup): at most ``SCORE_BOUND`` a talk."""
    ranked: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        docs = sorted(self.documents, key=lambda d: d.docname)  # input order never matters
        self._by_name = {d.docname: d for d in docs}
        self._ordinal = {d.docname: d.date.toordinal() for d in docs}
        bits = {topic: 1 << i for i, topic in enumerate(sorted({t for d in docs for t in d.topics}))}
        self._topic_masks = {d.docname: sum(bits[t] for t in set(d.topics)) for d in docs}
        weights = self._weights(docs)
        # Each vector divided by its length once, so that a dot product of two is their cosine.
        units = {}
        for name, vector in weights.items():
            norm = math.sqrt(sum(w * w for w in vector.values()))
            units[name] = {term: w / norm for term, w in vector.items()} if norm else dict.fromkeys(vector, 0.0)
        by_topic = self._topic_order(docs)
        # Each talk's query: its QUERY_TERMS terms of highest weight that another talk has too.
        frequency = self._frequency
        queries = {
            name: heapq.nsmallest(QUERY_TERMS, [(-w, t) for t, w in vector.items() if frequency[t] > 1])
            for name, vector in weights.items()
        }
        postings = self._postings(weights, units, {term for query in queries.values() for _, term in query})
        for doc in docs:
            self.ranked[doc.docname] = self._rank(doc, queries[doc.docname], units[doc.docname], postings, by_topic)

    def _weights(self, docs: Sequence[Document]) -> dict[str, dict[str, float]]:
        """Each talk's BM25 weight of each of its terms: the idf times the saturated frequency.

        No length normalisation (BM25's b = 0): the cosine divides each vector by its length anyway,
        and so a talk's weights depend on its own text and the idfs alone, which an edit of another
        abstract seldom moves (:func:`rounded_frequency`).
        """
        counts: dict[str, Counter[str]] = {}
        for doc in docs:
            found = Counter((doc.stems if doc.stems is not None else stems(doc.abstract, self.words)).split())
            for term, count in terms(doc.title, self.words).items():
                found[term] += count * TITLE_REPEAT
            counts[doc.docname] = found
        frequency: Counter[str] = Counter()
        for found in counts.values():
            frequency.update(found.keys())
        total = len(docs)
        idf = {term: _idf(total, min(total, rounded_frequency(df))) for term, df in frequency.items()}
        self._frequency = frequency
        return {
            name: {term: idf[term] * n * (_K1 + 1) / (n + _K1) for term, n in found.items()}
            for name, found in counts.items()
        }

    @staticmethod
    def _postings(
        weights: Mapping[str, Mapping[str, float]], units: Mapping[str, Mapping[str, float]], wanted: Set[str]
    ) -> dict[str, list[tuple[str, float]]]:
        """For each ``wanted`` term (one some talk queries by), the :data:`POSTINGS` talks weighing it most.

        Each posting holds the talk's unit weight for the term (its share of the talk's cosine).
        Ties go by page name.  Only the terms of some query are gathered: most of a talk's terms are
        in no query, and listing every talk of every term was the step's largest cost.
        """
        every: dict[str, list[tuple[float, str]]] = {}
        for name, vector in weights.items():
            for term in vector.keys() & wanted:
                every.setdefault(term, []).append((-vector[term], name))
        return {
            term: [(name, units[name][term]) for _, name in heapq.nsmallest(POSTINGS, found)]
            for term, found in every.items()
        }

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

    def _rank(
        self,
        doc: Document,
        query: list[tuple[float, str]],
        unit: Mapping[str, float],
        postings: Mapping[str, list[tuple[str, float]]],
        by_topic: Mapping[str, list[str]],
    ) -> list[str]:
        """``doc``'s related talks, from its ``query`` (its best terms, as ``(-weight, term)``) and its ``unit`` vector."""
        dots: dict[str, float] = {}
        get = dots.get
        for _, term in query:
            found = postings[term]
            self.scored += len(found)
            weight = unit[term]
            for other, other_weight in found:
                dots[other] = get(other, 0.0) + weight * other_weight
        topics = tuple(dict.fromkeys(doc.topics))
        for topic in topics[:MAX_TOPICS]:
            talks = by_topic[topic]
            at = talks.index(doc.docname) if len(talks) <= 2 * TOPIC_NEIGHBOURS else self._position(talks, doc)
            window = talks[max(0, at - TOPIC_NEIGHBOURS) : at + TOPIC_NEIGHBOURS + 1]
            self.scored += len(window)
            for other in window:
                if other not in dots:
                    dots[other] = 0.0  # no term among the postings: its topics alone count
        for name in doc.shown:
            dots.pop(name, None)
        dots.pop(doc.docname, None)
        masks = self._topic_masks
        mine = masks[doc.docname]
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
            other = self._by_name[talks[middle]]
            if (other.date, other.docname) < key:
                low = middle + 1
            else:
                high = middle
        return low


def related_talks(documents: Iterable[Document], words: Words, limit: int = LIMIT) -> dict[str, list[str]]:
    """Every talk's related talks, by page name: up to ``limit`` page names each, best first."""
    return RelatedIndex(list(documents), words, limit).ranked

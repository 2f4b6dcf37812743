"""Related talks (``seminar.site.related``): ranked by shared topics and text, never self or shown, bounded work."""

from __future__ import annotations

import dataclasses
import datetime as dt
import pickle
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from seminar.domain.domain import english_words
from seminar.site.related import (
    LIMIT,
    SCORE_BOUND,
    TOPIC_WEIGHT,
    Document,
    RelatedIndex,
    related_talks,
    stems,
    terms,
)

WORDS = english_words()
DAY = dt.date(2022, 1, 1)


def _doc(
    name: str, title: str, abstract: str = "", topics: tuple[str, ...] = (), days: int = 0, **kw: object
) -> Document:
    return Document(name, DAY + dt.timedelta(days=days), title, abstract, topics, **kw)  # type: ignore[arg-type]


FILLER = [
    _doc("f1", "Gardening in the spring", "Tomatoes and roses grow in sunny gardens."),
    _doc("f2", "Baking sourdough bread", "Flour, water and salt make a loaf with a crust."),
    _doc("f3", "Sailing small boats", "Wind, sails and a keel carry the boat over the lake."),
]


def test_terms_drop_stop_words_and_stem_as_sphinx_does() -> None:
    found = terms("The compilers are compiling the models, and a model compiles", WORDS)
    assert stems("The compilers compile 42 models", WORDS) == "compil compil model"
    assert stems("This talk discusses and presents compilers", WORDS) == "compil"  # how a talk speaks, not its subject
    assert found["compil"] == 3
    assert found["model"] == 2
    assert "the" not in found and "and" not in found and "are" not in found


def test_text_similarity_finds_the_talk_on_the_same_subject() -> None:
    docs = [
        _doc("quant", "Quantization of neural networks", "Integer quantization to int8 for fast inference."),
        _doc("other", "Quantized inference on phones", "We quantize weights to int8 and run inference on phones."),
        *FILLER,
    ]
    assert related_talks(docs, WORDS)["quant"][0] == "other"


def test_a_shared_topic_outranks_a_talk_without_one() -> None:
    text = "Serving large models with low latency."
    docs = [
        _doc("a", "Serving models", text, ("serving",)),
        _doc("b", "Serving models", text),  # the same text, no topic
        _doc("c", "Serving models", text, ("serving",)),  # the same text and the topic
        _doc("d", "Compilers for tensors", "Lowering loops to kernels.", ("serving",)),  # the topic only
    ]
    ranked = related_talks(docs, WORDS)["a"]
    assert ranked[0] == "c"
    assert ranked.index("b") > 0
    assert "d" in ranked  # found through the topic although it shares no word


def test_more_shared_topics_weigh_more() -> None:
    docs = [
        _doc("a", "One", "", ("x", "y")),
        _doc("one", "Two", "", ("x",), days=5),
        _doc("two", "Three", "", ("x", "y"), days=-5),
    ]
    assert related_talks(docs, WORDS)["a"] == ["two", "one"]


def test_never_the_talk_itself_nor_a_talk_the_page_shows() -> None:
    text = "Federated learning across many phones with privacy."
    docs = [
        _doc("a", "Federated learning", text, ("fl",), shown=frozenset({"next"})),
        _doc("next", "Federated learning", text, ("fl",)),
        _doc("b", "Federated learning", text, ("fl",)),
    ]
    assert related_talks(docs, WORDS)["a"] == ["b"]


def test_ties_go_to_the_newer_talk_then_the_page_name() -> None:
    docs = [
        _doc("a", "Same", "", ("t",)),
        _doc("old", "Other", "", ("t",), days=-10),
        _doc("new-b", "Other", "", ("t",), days=10),
        _doc("new-a", "Other", "", ("t",), days=10),
    ]
    assert related_talks(docs, WORDS)["a"] == ["new-a", "new-b", "old"]


def test_a_talk_with_nothing_in_common_gets_nothing() -> None:
    docs = [_doc("lonely", "Zymurgy"), *FILLER]
    assert related_talks(docs, WORDS)["lonely"] == []


def _synthetic(n: int, seed: int = 3) -> list[Document]:
    rng = random.Random(seed)
    vocabulary = [f"word{i}" for i in range(300)]
    topics = [f"topic{i}" for i in range(15)]
    return [
        _doc(
            f"talks/t{i:05d}",
            " ".join(rng.sample(vocabulary, 6)),
            " ".join(rng.choices(vocabulary, k=120)),
            tuple(rng.sample(topics, rng.randint(0, 3))),
            days=rng.randint(0, 3000),
        )
        for i in range(n)
    ]


def test_work_is_bounded_per_talk() -> None:
    """Every talk shares words with every other, so an all-pairs ranking would grow with N² here."""
    per_talk = []
    for n in (300, 1200):
        index = RelatedIndex(_synthetic(n), WORDS)
        assert index.scored <= SCORE_BOUND * n
        assert all(len(v) == LIMIT for v in index.ranked.values())
        per_talk.append(index.scored / n)
    assert per_talk[1] <= per_talk[0] * 1.25  # four times the talks, not four times the work per talk


def test_the_score_is_topics_plus_a_cosine() -> None:
    assert 0 < TOPIC_WEIGHT < 1  # one shared topic counts, and a close text can outweigh it


DOCS = st.lists(
    st.builds(
        _doc,
        name=st.sampled_from([f"t{i}" for i in range(12)]),
        title=st.text(alphabet="abc de", max_size=12),
        abstract=st.text(alphabet="abcd efg", max_size=40),
        topics=st.lists(st.sampled_from(["x", "y", "z"]), max_size=3).map(tuple),
        days=st.integers(-3, 3),
        shown=st.frozensets(st.sampled_from([f"t{i}" for i in range(12)]), max_size=3),
    ),
    max_size=12,
    unique_by=lambda d: d.docname,
)


@settings(max_examples=150, deadline=None)
@given(DOCS, st.randoms(use_true_random=False))
def test_properties_of_every_ranking(docs: list[Document], rng: random.Random) -> None:
    ranked = related_talks(docs, WORDS)
    names = {d.docname for d in docs}
    assert set(ranked) == names
    for doc in docs:
        found = ranked[doc.docname]
        assert doc.docname not in found
        assert len(found) == len(set(found)) <= LIMIT
        assert set(found) <= names - doc.shown
    shuffled = list(docs)
    rng.shuffle(shuffled)
    assert related_talks(shuffled, WORDS) == ranked


def _edited(doc: Document, abstract: str) -> Document:
    return dataclasses.replace(doc, abstract=abstract, stems=None)


@settings(max_examples=150, deadline=None)
@given(DOCS, st.data())
def test_an_index_updated_after_abstract_edits_ranks_as_a_new_one(docs: list[Document], data: st.DataObject) -> None:
    """Any edit of any abstracts (words added, dropped, the only talk with a word ...), after a pickle round trip."""
    index = pickle.loads(pickle.dumps(RelatedIndex(docs, WORDS)))
    index.words = WORDS
    current = {d.docname: d for d in docs}
    for _ in range(data.draw(st.integers(1, 3))):
        if not docs:
            break
        names = data.draw(st.lists(st.sampled_from(sorted(current)), min_size=1, max_size=3, unique=True))
        edits = [_edited(current[n], data.draw(st.text(alphabet="abcd efg", max_size=40))) for n in names]
        before = {name: list(found) for name, found in index.ranked.items()}
        changed = index.update(edits)
        current.update((d.docname, d) for d in edits)
        fresh = RelatedIndex(list(current.values()), WORDS).ranked
        assert index.ranked == fresh
        assert changed == {name for name in fresh if fresh[name] != before[name]}


def test_an_update_ranks_again_only_the_talks_an_edit_may_reach() -> None:
    """At 400 talks, a new word in one abstract re-ranks a few talks, not all of them; common words, more."""
    docs = {d.docname: d for d in _synthetic(400)}
    index = RelatedIndex(list(docs.values()), WORDS)
    full = index.scored
    rng = random.Random(5)
    for added in ("zebra", "word7 word8 word9", "unheard"):
        name = rng.choice(sorted(docs))
        docs[name] = _edited(docs[name], docs[name].abstract + " " + added)
        start = index.scored
        assert index.update([docs[name]]) is not None
        assert index.ranked == RelatedIndex(list(docs.values()), WORDS).ranked
        if added in ("zebra", "unheard"):  # one talk's vector moved: the talks querying its postings
            assert index.scored - start < full / 4, added


def test_an_update_that_moves_more_than_an_abstract_is_refused() -> None:
    docs = _synthetic(30)
    index = RelatedIndex(docs, WORDS)
    ranked = {name: list(found) for name, found in index.ranked.items()}
    first = docs[0]
    for moved in (
        dataclasses.replace(first, title="Another title"),
        dataclasses.replace(first, topics=("topic99",)),
        dataclasses.replace(first, date=first.date + dt.timedelta(days=1)),
        dataclasses.replace(first, shown=frozenset({docs[1].docname})),
        _doc("talks/new", "A talk the index has not seen"),
    ):
        assert index.update([dataclasses.replace(moved, abstract="new words")]) is None
        assert index.ranked == ranked  # left as it was

"""The topic vocabulary (``tags.yaml``): every problem located at its line, never a traceback; did-you-mean.

The same reading serves the build and ``python -m seminar check``; ``new-talk`` refuses a tag that
is no topic, with the same words, and ``import-jekyll`` leaves such a tag out with a note
(REFERENCE.md, "Topics").
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from seminar.cli import prompts, scaffold
from seminar.cli.errors import UsageError
from seminar.cli.importer import ImportOptions, parse_entry, read_series
from seminar.cli.jekyll_data import Entry
from seminar.model.subtypes import Subtype
from seminar.model.vocabulary import (
    MAX_BYTES,
    MAX_TOPICS,
    Topic,
    Vocabulary,
    parse_vocabulary,
    read_vocabulary,
    tag_problems,
)

ROOT = Path(__file__).resolve().parents[1]
TOPICS = ROOT / "tests" / "roots" / "test-topics"

GOOD = b"""\
- id: compilers
  label: Compilers
  description: Compiling models to fast code.
- id: distributed-training
  label: Distributed training
  description: Training one model on many machines.
"""


def _problems(data: bytes) -> list[tuple[Subtype, int, str]]:
    _vocabulary, problems = parse_vocabulary(data)
    return [(p.subtype, p.line, p.message) for p in problems]


def test_a_good_file_reads_every_topic_in_order() -> None:
    vocabulary, problems = parse_vocabulary(GOOD)
    assert problems == []
    assert vocabulary is not None
    assert [(t.id, t.label) for t in vocabulary.topics] == [
        ("compilers", "Compilers"),
        ("distributed-training", "Distributed training"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("id: x\nlabel: y\n", [(Subtype.YAML, 1, "tags.yaml must be a list of topics")]),
        ("- id: x\n  label: [unclosed\n", [(Subtype.YAML, 2, "tags.yaml is not valid YAML")]),
        ("- !!python/object:os.system x\n", [(Subtype.YAML, 1, "the tag '!!python/object:os.system'")]),
    ],
)
def test_a_file_that_is_no_list_is_one_located_problem_and_no_vocabulary(
    text: str, expected: list[tuple[Subtype, int, str]]
) -> None:
    vocabulary, problems = parse_vocabulary(text.encode())
    assert vocabulary is None  # the site falls back to free-form tags rather than calling every tag unknown
    assert [(p.subtype, p.line) for p in problems] == [(s, line) for s, line, _ in expected]
    assert all(words in p.message for p, (_s, _l, words) in zip(problems, expected, strict=True))


BAD_TOPICS = b"""\
- id: compilers
  label: Compilers
  description: Compiling models to fast code.
- id: Bad_Id
  label: Bad
  description: An id with capitals.
- id: index
  label: Index
  description: The index's own id.
- id: compilers
  label: Again
  description: A second compilers.
- id: hardware
  label: COMPILERS
  description: A label taken in another case.
- id: nolabel
  labl: Typo
  description: A misspelt key.
- id: multi
  label: Multi
  description: |
    Two
    lines.
- just a word
- id: long
  label: "%s"
  description: Too long a label.
- id: bell
  label: "Bell\x07here"
  description: A control character.
""" % (b"L" * 61)


def test_each_bad_topic_is_located_and_left_out_the_rest_stay() -> None:
    vocabulary, problems = parse_vocabulary(BAD_TOPICS)
    found = [(p.subtype, p.line, p.message) for p in problems]
    assert found == [
        (Subtype.BAD_VALUE, 29, "tags.yaml contains a control character (U+0007); it is read as \ufffd"),
        (
            Subtype.BAD_VALUE,
            4,
            "topic 2: 'id': 'Bad_Id' is not an id (lower-case ASCII letters and digits, words joined by single "
            "hyphens), e.g. 'bad-id'",
        ),
        (
            Subtype.BAD_VALUE,
            7,
            "topic 3: 'id': 'index' is taken by the index of topics (tags/index.html); choose another id",
        ),
        (Subtype.DUPLICATE_TOPIC, 10, "topic 4: id 'compilers' is also on line 1; each topic is listed once"),
        (Subtype.DUPLICATE_TOPIC, 13, "topic 5: label 'COMPILERS' is also on line 1; each topic is listed once"),
        (Subtype.MISSING_KEY, 16, "topic 6: missing required key 'label'"),
        (Subtype.UNKNOWN_KEY, 17, "topic 6: unknown key 'labl' (did you mean 'label'?)"),
        (
            Subtype.BAD_VALUE,
            21,
            "topic 7: 'description' contains a control character (U+000A); it is read as a space (2 such characters in all)",
        ),
        (Subtype.BAD_TYPE, 24, "topic 8 must be a mapping with 'id', 'label' and 'description'"),
        (Subtype.BAD_VALUE, 26, "topic 9: 'label': is 61 characters long; keep it within 60"),
    ]
    assert vocabulary is not None
    # The multi-line description is read on one line; the bell reads as U+FFFD: both topics stay.
    assert [t.id for t in vocabulary.topics] == ["compilers", "multi", "bell"]
    assert vocabulary.by_id["multi"].description == "Two lines."
    assert vocabulary.by_id["bell"].label == "Bell\ufffdhere"


def test_a_file_that_is_not_utf8_is_located_and_read_with_replacements() -> None:
    data = GOOD.replace(b"Compilers\n", b"Compil\xe9rs\n")
    vocabulary, problems = parse_vocabulary(data)
    assert [(p.subtype, p.line) for p in problems] == [(Subtype.ENCODING, 2)]
    assert vocabulary is not None and vocabulary.by_id["compilers"].label == "Compil\ufffdrs"


def test_a_huge_file_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "tags.yaml").write_bytes(b"#" * (MAX_BYTES + 1))
    vocabulary, problems = read_vocabulary(tmp_path)
    assert vocabulary is None
    assert [(p.subtype, p.line) for p in problems] == [(Subtype.BAD_VALUE, 1)]
    assert "is not read" in problems[0].message


def test_topics_past_the_limit_are_left_out() -> None:
    items = [{"id": f"t{i}", "label": f"T {i}", "description": "A topic."} for i in range(MAX_TOPICS + 5)]
    vocabulary, problems = parse_vocabulary(yaml.safe_dump(items).encode())
    assert vocabulary is not None and len(vocabulary.topics) == MAX_TOPICS
    assert [p.subtype for p in problems] == [Subtype.BAD_VALUE]
    assert f"the first {MAX_TOPICS} are read" in problems[0].message


def test_deep_nesting_and_alias_bombs_are_refused_without_a_traceback() -> None:
    assert _problems(b"- " + b"[" * 5000 + b"]" * 5000)[0][0] is Subtype.YAML
    bomb = b'- &a ["x","x","x","x","x","x","x","x","x","x"]\n' + b"".join(
        b"- &%c [*%c,*%c,*%c,*%c,*%c,*%c,*%c,*%c,*%c,*%c]\n" % ((ord("b") + i,) + (ord("a") + i,) * 10)
        for i in range(8)
    )
    assert _problems(bomb)[0][0] is Subtype.YAML


def test_no_file_means_free_form_tags(tmp_path: Path) -> None:
    assert read_vocabulary(tmp_path) == (None, [])


@pytest.fixture
def vocabulary() -> Vocabulary:
    found, _problems = parse_vocabulary(GOOD)
    assert found is not None
    return found


@pytest.mark.parametrize(
    ("tag", "meant"),
    [
        ("Compilers", "compilers"),  # a label, in any case
        ("COMPILERS", "compilers"),
        ("Distributed Training", "distributed-training"),
        ("distributed training", "distributed-training"),
        ("distributed_training", "distributed-training"),  # its slug
        ("compiler", "compilers"),  # a close spelling
        ("distribted-training", "distributed-training"),
        ("gpus", None),
    ],
)
def test_did_you_mean(vocabulary: Vocabulary, tag: str, meant: str | None) -> None:
    assert vocabulary.suggestion(tag) == meant


def test_tag_problems_name_each_unknown_tag_and_too_many_topics(vocabulary: Vocabulary) -> None:
    many = Vocabulary(
        tuple(vocabulary.topics) + tuple(Topic(id=f"t{i}", label=f"T {i}", description="A topic.") for i in range(3))
    )
    assert tag_problems(["compilers"], many) == []
    assert tag_problems(["Compilers", "gpus"], many) == [
        (Subtype.UNKNOWN_TOPIC, "topic 'Compilers' is not in tags.yaml; did you mean 'compilers'?", 0),
        (
            Subtype.UNKNOWN_TOPIC,
            "topic 'gpus' is not in tags.yaml (known: compilers, distributed-training, t0, t1, t2); "
            "add it there or pick a known one",
            1,
        ),
    ]
    assert tag_problems(["compilers", "t0", "t1", "t2"], many) == [
        (Subtype.MANY_TOPICS, "the talk has 4 topics; give it at most 3, the ones it is most about", None)
    ]


# -- the tools ---------------------------------------------------------------------------------------------
def _site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "series").mkdir(parents=True)
    (root / "series" / "sys.md").write_text("---\nseries:\n  title: Systems\n---\n# Systems\n", encoding="utf-8")
    (root / "tags.yaml").write_bytes(GOOD)
    return root


def test_new_talk_takes_topics_and_refuses_an_unknown_one_with_a_did_you_mean(tmp_path: Path) -> None:
    root = _site(tmp_path)
    request = scaffold.TalkRequest(
        title="Kernels", speakers=("Ada Lovelace",), date="2023-01-12", series="sys", tags=("Compilers",)
    )
    with pytest.raises(UsageError, match=r"--tag: topic 'Compilers' is not in tags.yaml; did you mean 'compilers'\?"):
        scaffold.new_talk(root, request)
    created = scaffold.new_talk(root, scaffold.TalkRequest(**{**request.__dict__, "tags": ("compilers",)}))
    assert "tags: [compilers]\n" in created.path.read_text(encoding="utf-8")


def test_new_talk_command_line_takes_repeated_tag_flags(tmp_path: Path) -> None:
    root = _site(tmp_path)
    command = [sys.executable, "-m", "seminar", "new-talk", "--root", str(root), "--dry-run"]
    command += ["--title", "Kernels", "--speaker", "Ada Lovelace", "--date", "2023-01-12", "--series", "sys"]
    env = {"PYTHONPATH": str(ROOT / "_ext"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([*command, "--tag", "compilers", "--tag", "distributed-training"], capture_output=True, text=True, env=env, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "tags: [compilers, distributed-training]\n" in done.stdout
    refused = subprocess.run([*command, "--tag", "compiler"], capture_output=True, text=True, env=env, check=False)
    assert refused.returncode != 0
    assert "did you mean 'compilers'?" in refused.stderr


def test_the_importer_leaves_out_a_tag_the_vocabulary_lacks_with_a_note(tmp_path: Path) -> None:
    root = _site(tmp_path)
    vocabulary, _problems = read_vocabulary(root)
    options = ImportOptions(series="sys", root=root, vocabulary=vocabulary)
    series = read_series(root / "series", "sys")
    fields = {"speaker": "Ada Lovelace", "date": "2023-01-12", "title": "Kernels", "tags": ["compilers", "GPUs"]}
    parsed = parse_entry(Entry(index=1, line=3, fields=fields), series, options)
    assert parsed.item.tags == ("compilers",)
    assert (
        "topic 'GPUs' is not in tags.yaml (known: compilers, distributed-training); add it there or pick a known one; left out"
        in parsed.notes
    )


def test_the_new_talk_prompt_lists_the_topics_and_asks_again_for_an_unknown_one(tmp_path: Path) -> None:
    root = _site(tmp_path)
    answers = "sys\nKernels\nAda Lovelace\n\n2023-01-12\n\n\n\nCompilers\ncompilers, distributed-training\n"
    questions = io.StringIO()
    prompter = prompts.Prompter(io.StringIO(answers), questions, interactive=True)
    got = prompts.ask_talk(prompter, root)
    assert got.tags == ("compilers", "distributed-training")
    asked = questions.getvalue()
    assert "Topics, 1 to 3 ids, comma-separated (known: compilers, distributed-training) (optional): " in asked
    assert "topic 'Compilers' is not in tags.yaml; did you mean 'compilers'?" in asked

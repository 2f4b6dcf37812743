"""The topic vocabulary: ``tags.yaml`` beside ``conf.py``, the topics a talk's ``tags:`` may name.

The file is a YAML list; each topic is a mapping with exactly ``id`` (lower-case ASCII letters,
digits and single hyphens: the page ``tags/<id>.html``), ``label`` (what visitors read) and
``description`` (one sentence).  It is optional: a site without it keeps free-form tags, each
spelling its own page.

Reading never raises.  A file that cannot be read as a list (not UTF-8 text, not YAML, not a list,
too large) gives one :class:`Problem` and no vocabulary (so the site falls back to free-form tags
rather than calling every talk's tag unknown); a bad topic gives a problem at its line and is left
out, the others stay.  The build (``seminar.domain``) and ``python -m seminar check`` both report
the problems found here, with the same words, and both check a talk's tags with :func:`tag_problems`.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, RootModel

from .frontmatter import read_yaml
from .messages import character_kind
from .metadata import validate
from .slugs import RESERVED_IDS, SLUG, slugify
from .subtypes import Subtype

VOCABULARY_FILE = "tags.yaml"
"""The vocabulary's file name, in the Sphinx source folder (beside ``conf.py``)."""

MAX_BYTES = 100_000
"""The largest vocabulary file read (twenty topics take about 3 kB)."""

MAX_TOPICS = 200
"""The most topics a vocabulary holds; later ones are left out (and reported)."""

TOPICS_PER_TALK = 3
"""The most topics a talk should carry: more is a ``many_topics`` warning (the talk keeps them all)."""

MAX_LABEL = 60
MAX_DESCRIPTION = 300

# What YAML reads as text (PyYAML refuses the rest with an error that names no line): line breaks
# and tabs aside, any other control character is reported at its line and read as U+FFFD.
_UNREADABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def _check_id(value: str) -> str:
    if not SLUG.match(value):
        hint = slugify(value)
        advice = f", e.g. {hint!r}" if hint else ""
        raise ValueError(
            f"{value!r} is not an id (lower-case ASCII letters and digits, words joined by single hyphens){advice}"
        )
    if value in RESERVED_IDS:
        raise ValueError(f"{value!r} is taken by the index of topics (tags/{value}.html); choose another id")
    return value


def _check_text(limit: int) -> Any:
    def check(value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("is empty")
        if len(value) > limit:
            raise ValueError(f"is {len(value)} characters long; keep it within {limit}")
        return value

    return AfterValidator(check)


class Topic(BaseModel):
    """One topic of the vocabulary."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    id: Annotated[str, AfterValidator(_check_id)] = Field(
        description="Lower-case ASCII letters, digits and single hyphens; the page is tags/<id>.html."
    )
    label: Annotated[str, Field(json_schema_extra={"maxLength": MAX_LABEL}), _check_text(MAX_LABEL)] = Field(
        description="The topic's name as visitors read it."
    )
    description: Annotated[
        str, Field(json_schema_extra={"maxLength": MAX_DESCRIPTION}), _check_text(MAX_DESCRIPTION)
    ] = Field(description="One sentence: what talks of this topic are about.")


class VocabularyFile(RootModel[list[Topic]]):
    """``tags.yaml``: the list of topics (its JSON Schema is ``schemas/tags.schema.json``)."""


@dataclass(frozen=True)
class Problem:
    """One problem of the vocabulary file, at ``line`` of it."""

    subtype: Subtype
    message: str
    line: int


@dataclass(frozen=True)
class Vocabulary:
    """The topics a site's talks may carry, in the file's order."""

    topics: tuple[Topic, ...]
    by_id: dict[str, Topic] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_id", {topic.id: topic for topic in self.topics})

    @property
    def digest(self) -> str:
        """A digest of every topic (what pages show of the vocabulary), for incremental builds."""
        text = "\x00".join(f"{t.id}\x01{t.label}\x01{t.description}" for t in self.topics)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def suggestion(self, tag: str) -> str | None:
        """The topic id a tag that is not one most likely means: a label in any case, its slug, or a close spelling."""
        wanted = " ".join(tag.split()).casefold()
        for topic in self.topics:
            if topic.label.casefold() == wanted:
                return topic.id
        if slugify(tag) in self.by_id:
            return slugify(tag)
        names = {topic.id: topic.id for topic in self.topics} | {t.label.casefold(): t.id for t in self.topics}
        close = difflib.get_close_matches(wanted, list(names), n=1, cutoff=0.6)
        return names[close[0]] if close else None


def unknown_topic(tag: str, vocabulary: Vocabulary) -> str:
    """A talk's tag that is no topic id (``seminar.unknown_topic``), with a did-you-mean."""
    close = vocabulary.suggestion(tag)
    if close is not None:
        return f"topic {tag!r} is not in {VOCABULARY_FILE}; did you mean {close!r}?"
    ids = [topic.id for topic in vocabulary.topics]
    shown = ", ".join(ids[:20]) + (", ..." if len(ids) > 20 else "")
    return f"topic {tag!r} is not in {VOCABULARY_FILE} (known: {shown or 'none yet'}); add it there or pick a known one"


def tag_problems(tags: list[str], vocabulary: Vocabulary) -> list[tuple[Subtype, str, int | None]]:
    """What is wrong with a talk's ``tags:`` against the vocabulary: ``(subtype, message, index in tags or None)``.

    Each tag that is no topic id is an ``unknown_topic`` at its item (the page leaves it out); more
    than :data:`TOPICS_PER_TALK` known topics is a ``many_topics`` at the key (the page keeps them).
    """
    found: list[tuple[Subtype, str, int | None]] = []
    known: list[str] = []
    for index, tag in enumerate(tags):
        if tag in vocabulary.by_id:
            known.append(tag)
        else:
            found.append((Subtype.UNKNOWN_TOPIC, unknown_topic(tag, vocabulary), index))
    count = len(dict.fromkeys(known))
    if count > TOPICS_PER_TALK:
        message = f"the talk has {count} topics; give it at most {TOPICS_PER_TALK}, the ones it is most about"
        found.append((Subtype.MANY_TOPICS, message, None))
    return found


def read_vocabulary(folder: Path) -> tuple[Vocabulary | None, list[Problem]]:
    """The vocabulary of the site whose sources are in ``folder`` (``None``: it has no readable ``tags.yaml``)."""
    path = folder / VOCABULARY_FILE
    if not path.is_file():
        return None, []
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            message = f"{VOCABULARY_FILE} is {size} bytes; a vocabulary is at most {MAX_BYTES} (it is not read)"
            return None, [Problem(Subtype.BAD_VALUE, message, 1)]
        data = path.read_bytes()
    except OSError as err:
        return None, [Problem(Subtype.FILE_ACCESS, f"{VOCABULARY_FILE} cannot be read ({err.strerror})", 1)]
    return parse_vocabulary(data)


def parse_vocabulary(data: bytes) -> tuple[Vocabulary | None, list[Problem]]:
    """The vocabulary in the bytes of a ``tags.yaml``, and its problems (each at its line)."""
    problems: list[Problem] = []
    if len(data) > MAX_BYTES:
        message = f"{VOCABULARY_FILE} is {len(data)} bytes; a vocabulary is at most {MAX_BYTES} (it is not read)"
        return None, [Problem(Subtype.BAD_VALUE, message, 1)]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        problems.append(Problem(Subtype.ENCODING, f"{VOCABULARY_FILE} is not UTF-8 text (byte {err.start})", line))
        text = data.decode("utf-8-sig", errors="replace")
    for number, line_text in enumerate(text.split("\n"), start=1):
        bad = _UNREADABLE.search(line_text)
        if bad is not None:
            what = f"{character_kind(bad.group())} (U+{ord(bad.group()):04X})"
            problems.append(
                Problem(Subtype.BAD_VALUE, f"{VOCABULARY_FILE} contains {what}; it is read as \ufffd", number)
            )
    text = _UNREADABLE.sub("\ufffd", text)
    shape = "a list of topics, each a mapping with id, label and description"
    doc = read_yaml(text, VOCABULARY_FILE, offset=1, expect=list, shape=shape)
    if doc.error is not None:
        problems.append(Problem(Subtype.YAML, doc.error, doc.error_line))
        return None, problems
    items = doc.value or []
    topics: list[Topic] = []
    first_id: dict[str, int] = {}
    first_label: dict[str, int] = {}
    for index, item in enumerate(items):
        line = doc.lines.get((index,), 1)
        if index >= MAX_TOPICS:
            message = f"{VOCABULARY_FILE} holds {len(items)} topics; the first {MAX_TOPICS} are read"
            problems.append(Problem(Subtype.BAD_VALUE, message, line))
            break
        if not isinstance(item, dict):
            problems.append(Problem(Subtype.BAD_TYPE, f"topic {index + 1} must be a mapping with {_KEYS}", line))
            continue
        topic, issues = validate(Topic, item)
        for issue in issues:
            where = doc.lines.get((index, *issue.path[:1]), line)
            words = issue.message.replace("front-matter key", "key")
            problems.append(Problem(issue.subtype, f"topic {index + 1}: {words}", where))
        if topic is None:
            continue
        earlier = first_id.get(topic.id) or first_label.get(topic.label.casefold())
        if earlier is not None:
            what = f"id {topic.id!r}" if topic.id in first_id else f"label {topic.label!r}"
            message = f"topic {index + 1}: {what} is also on line {earlier}; each topic is listed once"
            problems.append(Problem(Subtype.DUPLICATE_TOPIC, message, line))
            continue
        first_id[topic.id] = first_label[topic.label.casefold()] = line
        topics.append(topic)
    return Vocabulary(tuple(topics)), problems


_KEYS = "'id', 'label' and 'description'"

"""The questions ``new-talk`` and ``new-series`` ask when flags are missing, and the checks of each answer.

Each answer is checked as it is given, with the model's message for that one value
(:func:`seminar.model.metadata.validate`), so a contributor fixes it on the spot; the answers then
go through :func:`.scaffold.new_talk` or :func:`.scaffold.new_series` like flags do.  CONTRIBUTING.md,
"Add a talk" ("With no flags it asks..."), describes the dialogue.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from pydantic import BaseModel

from ..model.metadata import SeriesPage, Talk, validate
from ..model.slugs import SLUG, slugify
from ..model.sources import page_ids
from ..model.subtypes import Subtype
from ..model.vocabulary import TOPICS_PER_TALK, read_vocabulary
from .errors import UsageError
from .importer import read_series
from .scaffold import SLUG_ADVICE, SeriesRequest, TalkRequest, parse_speaker, split_tags, topic_problem

__all__ = ["Prompter", "ask_series", "ask_talk"]


class Prompter:
    """Asks for values one line at a time.

    Questions go to ``questions`` and answers are read from ``answers``.  Interactive (a
    terminal): a wrong answer is explained and asked again.  Otherwise (answers piped in): a
    wrong answer, or input that ends early, is a UsageError, so a script never loops.
    """

    def __init__(self, answers: TextIO, questions: TextIO, interactive: bool) -> None:
        self.answers = answers
        self.questions = questions
        self.interactive = interactive

    @classmethod
    def from_stdio(cls) -> Prompter:
        """Questions on stderr (stdout stays for the result), answers from stdin."""
        return cls(sys.stdin, sys.stderr, sys.stdin.isatty())

    def ask(
        self,
        label: str,
        *,
        default: str | None = None,
        required: bool = True,
        check: Callable[[str], str | None] | None = None,
    ) -> str | None:
        """One answer, stripped; ``default`` (or None when not required) for an empty one."""
        hint = f" [{default}]" if default else ("" if required or "empty" in label else " (optional)")
        while True:
            self.questions.write(f"{label}{hint}: ")
            self.questions.flush()
            line = self.answers.readline()
            if not line:
                raise UsageError(f"input ended before {label!r} was answered; nothing written")
            if not self.interactive:
                self.questions.write(line if line.endswith("\n") else line + "\n")  # a readable transcript
            answer = line.strip() or default
            problem = None
            if not answer:
                if not required:
                    return None
                problem = "an answer is required"
            elif check is not None:
                problem = check(answer)
            if problem is None:
                return answer
            if not self.interactive:
                raise UsageError(f"{label}: {problem}")
            self.questions.write(f"  {problem}\n")


def _field_problem(model: type[BaseModel], key: str, value: Any, nested: str | None = None) -> str | None:
    """The model's message for one value alone (other keys' missing-key issues are ignored)."""
    data: dict[str, Any] = {nested: {key: value}} if nested else {key: value}
    path = (nested, key) if nested else (key,)
    _result, issues = validate(model, data)
    # Only this value's own problems, not the other keys missing.
    messages = [i.message for i in issues if i.path[: len(path)] == path and i.subtype is not Subtype.MISSING_KEY]
    return "; ".join(messages) or None


def _talk_check(key: str) -> Callable[[str], str | None]:
    return lambda value: _field_problem(Talk, key, value)


def _series_check(key: str) -> Callable[[str], str | None]:
    return lambda value: _field_problem(SeriesPage, key, value, nested="series")


def _speaker_check(value: str) -> str | None:
    try:
        parse_speaker(value)
    except UsageError as err:
        return str(err)
    return None


def _ask_tags(prompter: Prompter, root: Path) -> tuple[str, ...]:
    """The talk's tags: with a vocabulary (``tags.yaml``), 1-3 of its topic ids, each checked, with a did-you-mean."""
    vocabulary, _problems = read_vocabulary(root)
    if vocabulary is None:
        return split_tags([prompter.ask("Tags, comma-separated", required=False) or ""])
    ids = ", ".join(topic.id for topic in vocabulary.topics)

    def check(value: str) -> str | None:
        return topic_problem(root, split_tags([value]))

    answer = prompter.ask(
        f"Topics, 1 to {TOPICS_PER_TALK} ids, comma-separated (known: {ids})", required=False, check=check
    )
    return split_tags([answer or ""])


def ask_talk(
    prompter: Prompter, root: Path, given: TalkRequest | None = None, *, everything: bool = True
) -> TalkRequest:
    """A :class:`TalkRequest` from answers: every field when ``everything``, else the missing required ones."""
    known = page_ids(root / "series")

    def series_check(value: str) -> str | None:
        if value in known:
            return None
        return f"unknown series {value!r}; known series: {', '.join(known) or 'none yet (run new-series first)'}"

    base = given or TalkRequest(title="", speakers=(), date="", series="")
    listing = ", ".join(known) or "none yet"
    series = base.series or prompter.ask(f"Series id (known: {listing})", check=series_check) or ""
    title = base.title or prompter.ask("Title", check=_talk_check("title")) or ""
    speakers = list(base.speakers)
    while not speakers or (everything and not base.speakers):
        number = len(speakers) + 1
        answer = prompter.ask(
            f"Speaker {number}, as Name (Affiliation)" + (", empty to finish" if speakers else ""),
            required=not speakers,
            check=_speaker_check,
        )
        if answer is None:
            break
        speakers.append(answer)
    date = base.date or prompter.ask("Date (YYYY-MM-DD)", check=_talk_check("date")) or ""
    time, recording, livestream, tags = base.time, base.recording, base.livestream, base.tags
    if everything:
        defaults = read_series(root / "series", series) if series in known else None
        series_time = defaults.time if defaults else None
        time = prompter.ask(
            'Start time "HH:MM", 24-hour' + (f", empty for the series' {series_time}" if series_time else ""),
            required=False,
            check=_talk_check("time"),
        )
        recording = prompter.ask("Recording URL", required=False, check=_talk_check("recording"))
        livestream = prompter.ask("Livestream URL", required=False, check=_talk_check("livestream"))
        tags = _ask_tags(prompter, root)
    return TalkRequest(
        title=title,
        speakers=tuple(speakers),
        date=date,
        series=series,
        time=time,
        duration=base.duration,
        recording=recording,
        livestream=livestream,
        slides=base.slides,
        tags=tags,
        slug=base.slug,
    )


def ask_series(
    prompter: Prompter, root: Path, given: SeriesRequest | None = None, *, everything: bool = True
) -> SeriesRequest:
    """A :class:`SeriesRequest` from answers: every field when ``everything``, else the title."""
    base = given or SeriesRequest(title="")
    title = base.title or prompter.ask("Title", check=_series_check("title")) or ""
    if not everything:
        return dataclasses.replace(base, title=title)
    taken = set(page_ids(root / "series"))

    def id_check(value: str) -> str | None:
        if not SLUG.fullmatch(value):
            return f"{SLUG_ADVICE}, e.g. fall-2025"
        return f"series {value!r} exists" if value in taken else None

    series_id = prompter.ask("Series id (its URL: series/<id>.html)", default=slugify(title), check=id_check)
    term = prompter.ask("Term, e.g. Fall 2025", required=False)
    timezone = prompter.ask(
        "Time zone (IANA name, e.g. America/Los_Angeles)", required=False, check=_series_check("timezone")
    )
    time = prompter.ask('Usual start time "HH:MM", 24-hour', required=False, check=_series_check("time"))
    duration = prompter.ask("Usual length in minutes", required=False, check=_duration_check)
    schedule = prompter.ask("Schedule in words, e.g. Mondays, 3:30-4:20 pm PT", required=False)
    hosts = split_tags([prompter.ask("Hosts, comma-separated", required=False) or ""])
    return SeriesRequest(
        title=title,
        id=series_id,
        term=term,
        timezone=timezone,
        time=time,
        duration=int(duration) if duration else None,
        schedule=schedule,
        hosts=hosts,
    )


def _duration_check(value: str) -> str | None:
    if not value.isdigit():
        return f"{value!r} is not a whole number of minutes"
    return _field_problem(SeriesPage, "duration", int(value), nested="series")

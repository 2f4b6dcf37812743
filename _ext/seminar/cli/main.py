"""Command line of the seminar site: ``PYTHONPATH=_ext python -m seminar <command> ...``.

Each command is a pair: ``add_<name>_parser(subparsers)`` declares its arguments and sets
``handler``; the handler takes the parsed arguments and returns the exit status.  A new command
is one more pair and one more entry in :data:`COMMANDS`; the work itself lives in the other modules
of :mod:`seminar.cli` (``importer`` for ``import-jekyll``, ``scaffold`` and ``prompts`` for
``new-talk`` and ``new-series``, ``check`` for ``check``), so this file stays thin.

Exit status: 0 done, 1 done but some entries were skipped, 2 usage error (bad file, unknown series,
bad option).  Errors are messages on stderr, never tracebacks.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol, TypeVar

from ..model.export_format import write_schemas
from ..model.sources import shown, site_pages
from ..model.vocabulary import read_vocabulary
from . import check, importer, prompts, scaffold
from .errors import UsageError

Subparsers = Any  # argparse._SubParsersAction is private; its type is not worth spelling out
USAGE_ERROR = 2
ABORTED = 130  # Ctrl-C while answering questions, as a shell reports SIGINT


def _time_range(text: str) -> importer.TimeRange:
    try:
        return importer.parse_time_range(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def _add_root(parser: argparse.ArgumentParser) -> None:
    """The ``--root`` option every command has."""
    parser.add_argument("--root", type=Path, default=Path("."), help="the site's source directory (default: .)")


def _minutes(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive number of minutes")
    return int(text)


def add_import_jekyll_parser(subparsers: Subparsers) -> None:
    """``import-jekyll FILE.yml --series ID``: talk pages from the original site's data file."""
    parser = subparsers.add_parser(
        "import-jekyll",
        help="create talk pages from a Jekyll _data YAML file of the original site",
        description="Create talks/<YYYY>/<slug>.md for every talk in a Jekyll data file. "
        "Pages that exist are found by (series, date, title) and left alone when edited by hand.",
    )
    parser.add_argument("file", type=Path, help="the Jekyll YAML file (a list of groups with members:)")
    parser.add_argument("--series", required=True, metavar="ID", help="series id: a page series/ID.md")
    _add_root(parser)
    parser.add_argument("--series-dir", type=Path, help="where series pages are (default: ROOT/series)")
    parser.add_argument(
        "--time-range",
        action="append",
        type=_time_range,
        default=[],
        metavar="FROM..TO=HH:MM",
        help="start time of talks dated FROM..TO (ISO dates, inclusive); repeatable, must not overlap",
    )
    parser.add_argument("--duration", type=_minutes, metavar="MIN", help="length of these talks in minutes")
    parser.add_argument("--force", action="store_true", help="overwrite pages that were edited by hand")
    parser.add_argument("--dry-run", action="store_true", help="report what would be done, write nothing")
    parser.set_defaults(handler=run_import_jekyll)


def run_import_jekyll(args: argparse.Namespace) -> int:
    """Handler of ``import-jekyll``."""
    options = importer.ImportOptions(
        series=args.series,
        root=args.root,
        series_dir=args.series_dir,
        time_ranges=tuple(args.time_range),
        duration=args.duration,
        force=args.force,
        dry_run=args.dry_run,
        vocabulary=read_vocabulary(args.root)[0],
    )
    summary = importer.import_jekyll(args.file, options)
    return 1 if summary.skipped else 0


def add_schema_parser(subparsers: Subparsers) -> None:
    """``schema``: rewrite the committed JSON Schemas of the front matter from the model."""
    parser = subparsers.add_parser(
        "schema",
        help="rewrite schemas/*.schema.json from the front-matter model",
        description="Regenerate the JSON Schemas that editors and CI check front matter against.",
    )
    parser.add_argument("--dir", type=Path, default=Path("schemas"), help="output folder (default: schemas)")
    parser.set_defaults(handler=run_schema)


def run_schema(args: argparse.Namespace) -> int:
    """Handler of ``schema``."""
    changed = write_schemas(args.dir)
    print("\n".join(f"wrote {path}" for path in changed) or "schemas are up to date")
    return 0


_NEXT_STEPS = "next: fill in the abstract and bios, then preview with .venv/bin/sphinx-autobuild . _build/html"


def _report_created(created: scaffold.Created, root: Path, dry_run: bool) -> None:
    """Print what ``new-talk``/``new-series`` wrote (or, for a dry run, the page itself)."""
    where = shown(created.path, root)
    if dry_run:
        print(created.text, end="")
        print(f"[dry run] would create {where}", file=sys.stderr)
    else:
        print(f"created {where}")
    for note in created.notes:
        print(f"note: {note}", file=sys.stderr if dry_run else sys.stdout)


def add_new_talk_parser(subparsers: Subparsers) -> None:
    """``new-talk``: a new talk page from flags, or from answers to questions when none are given."""
    parser = subparsers.add_parser(
        "new-talk",
        help="create talks/<YYYY>/<slug>.md for a new talk",
        description="Create a talk page with a fresh uid and the {abstract}/{bio} skeleton. With no "
        "flags, ask for each value. Nothing is overwritten; the slug is made unique across all years.",
        epilog="example: new-talk --title 'FlashAttention: Fast Attention' --speaker 'Tri Dao (Stanford, Adept AI)' "
        "--date 2023-01-11 --series foundation-models-2023 --tag compilers --tag hardware",
    )
    parser.add_argument("--title", help="the talk title")
    parser.add_argument(
        "--speaker",
        action="append",
        default=[],
        metavar="'NAME (AFFILIATION)'",
        help="a speaker, with the affiliation at the time of the talk in parentheses; repeat for each speaker",
    )
    parser.add_argument("--date", metavar="YYYY-MM-DD", help="the date of the talk")
    parser.add_argument(
        "--time", metavar="HH:MM", help="start time, 24-hour, in the series' time zone (default: the series')"
    )
    parser.add_argument("--duration", type=int, metavar="MIN", help="length in minutes (default: the series')")
    parser.add_argument("--series", metavar="ID", help="the series: the name of a page series/ID.md")
    parser.add_argument("--recording", metavar="URL", help="http(s) link to the recording")
    parser.add_argument("--livestream", metavar="URL", help="http(s) link to the livestream")
    parser.add_argument("--slides", metavar="URL", help="http(s) link to the slides")
    parser.add_argument(
        "--tag", action="append", default=[], metavar="ID", help="a topic: an id from tags.yaml; repeat for each (1-3)"
    )
    parser.add_argument("--tags", action="append", default=[], metavar="A,B", help="comma-separated tags; repeatable")
    parser.add_argument("--slug", help="the file name without .md (default: from the title)")
    _add_root(parser)
    parser.add_argument("--dry-run", action="store_true", help="print the page instead of writing it")
    parser.set_defaults(handler=run_new_talk)


_TALK_VALUES = (
    "title", "speaker", "date", "time", "duration", "series", "recording", "livestream", "slides", "tag", "tags"
)  # fmt: skip

Request = TypeVar("Request", scaffold.TalkRequest, scaffold.SeriesRequest)


class _Ask(Protocol[Request]):
    """:func:`.prompts.ask_talk` or :func:`.prompts.ask_series`."""

    def __call__(self, prompter: prompts.Prompter, root: Path, given: Request, *, everything: bool = True) -> Request:
        """``given`` completed from answers."""
        ...


def _answered(
    request: Request, ask: _Ask[Request], args: argparse.Namespace, values: Sequence[str], missing: Sequence[str]
) -> Request | None:
    """``request`` with answers: to every question when no flag of ``values`` was given, else to the
    ``missing`` flags' questions in a terminal; UsageError when flags are missing and there is no
    terminal; None when the contributor pressed Ctrl-C.
    """
    try:
        if not any(getattr(args, name) not in (None, []) for name in values):
            return ask(prompts.Prompter.from_stdio(), args.root, request)
        if missing and sys.stdin.isatty():
            return ask(prompts.Prompter.from_stdio(), args.root, request, everything=False)
    except KeyboardInterrupt:
        print("\naborted; nothing written", file=sys.stderr)
        return None
    if missing:
        raise UsageError(f"missing {', '.join(missing)} (run with no flags to be asked for every value)")
    return request


def run_new_talk(args: argparse.Namespace) -> int:
    """Handler of ``new-talk``."""
    given = scaffold.TalkRequest(
        title=args.title or "",
        speakers=tuple(args.speaker),
        date=args.date or "",
        series=args.series or "",
        time=args.time,
        duration=args.duration,
        recording=args.recording,
        livestream=args.livestream,
        slides=args.slides,
        tags=scaffold.split_tags([*args.tag, *args.tags]),
        slug=args.slug,
    )
    missing = [f"--{name}" for name in ("title", "speaker", "date", "series") if not getattr(args, name)]
    request = _answered(given, prompts.ask_talk, args, _TALK_VALUES, missing)
    if request is None:
        return ABORTED
    created = scaffold.new_talk(args.root, request, dry_run=args.dry_run)
    _report_created(created, args.root, args.dry_run)
    if not args.dry_run:
        print(_NEXT_STEPS)
    return 0


def add_new_series_parser(subparsers: Subparsers) -> None:
    """``new-series``: a new series page (the build puts it in the navigation)."""
    parser = subparsers.add_parser(
        "new-series",
        help="create series/<id>.md for a new series",
        description="Create a series page; the build lists it in the navigation by itself. "
        "With no flags, ask for each value. Nothing is overwritten.",
        epilog="example: new-series --id fall-2025 --title 'MLSys Seminar, Fall 2025' --term 'Fall 2025' "
        "--timezone America/Los_Angeles --time 15:30 --duration 60 --schedule 'Thursdays, 3:30-4:30 pm PT'",
    )
    parser.add_argument("--id", help="the series id: its file name and URL (default: the slug of the title)")
    parser.add_argument("--title", help="the series title")
    parser.add_argument("--term", help="when it runs, e.g. 'Fall 2025'")
    parser.add_argument(
        "--timezone", metavar="TZ", help="IANA time zone, e.g. America/Los_Angeles (default: the site's)"
    )
    parser.add_argument("--time", metavar="HH:MM", help="usual start time of its talks, 24-hour")
    parser.add_argument("--duration", type=int, metavar="MIN", help="usual length of its talks in minutes")
    parser.add_argument("--schedule", help="when it meets, in words")
    parser.add_argument("--host", action="append", default=[], metavar="NAME", help="a host; repeatable")
    _add_root(parser)
    parser.add_argument("--dry-run", action="store_true", help="print the page instead of writing it")
    parser.set_defaults(handler=run_new_series)


_SERIES_VALUES = ("id", "title", "term", "timezone", "time", "duration", "schedule", "host")


def run_new_series(args: argparse.Namespace) -> int:
    """Handler of ``new-series``."""
    given = scaffold.SeriesRequest(
        title=args.title or "",
        id=args.id,
        term=args.term,
        timezone=args.timezone,
        time=args.time,
        duration=args.duration,
        schedule=args.schedule,
        hosts=scaffold.split_tags(args.host),
    )
    missing = [] if args.title else ["--title"]
    request = _answered(given, prompts.ask_series, args, _SERIES_VALUES, missing)
    if request is None:
        return ABORTED
    created = scaffold.new_series(args.root, request, dry_run=args.dry_run)
    _report_created(created, args.root, args.dry_run)
    return 0


def add_check_parser(subparsers: Subparsers) -> None:
    """``check [FILE...]``: the build's front-matter checks on some pages, without Sphinx (pre-commit, CI)."""
    parser = subparsers.add_parser(
        "check",
        help="check the front matter of talk, series and speaker pages",
        description="Validate front matter with the site's model and print 'file:line: message "
        "[seminar.<subtype>]' for each problem. Exit status 1 when there is any.",
    )
    parser.add_argument(
        "files", nargs="*", type=Path, help="pages (or tags.yaml) to check (default: every page and tags.yaml)"
    )
    _add_root(parser)
    parser.set_defaults(handler=run_check)


def run_check(args: argparse.Namespace) -> int:
    """Handler of ``check``."""
    site = check.SiteFiles(args.root)
    vocabulary = site.vocabulary_file
    files = list(args.files) or [*site_pages(args.root), *([vocabulary] if vocabulary.is_file() else [])]
    absent = [path for path in files if not path.is_file()]
    if absent:
        raise UsageError(f"no such file: {', '.join(p.as_posix() for p in absent)}")
    problems, skipped = check.check_files(files, site)
    for path in skipped:
        print(f"skipped {path.as_posix()}: not a talk, series or speaker page", file=sys.stderr)
    for problem in problems:
        print(problem)
    print(check.summary(problems, len(files) - len(skipped)), file=sys.stderr)
    return 1 if problems else 0


COMMANDS: list[Callable[[Subparsers], None]] = [
    add_import_jekyll_parser,
    add_schema_parser,
    add_new_talk_parser,
    add_new_series_parser,
    add_check_parser,
]


def build_parser() -> argparse.ArgumentParser:
    """The top-level parser with one subparser per entry of :data:`COMMANDS`."""
    parser = argparse.ArgumentParser(prog="python -m seminar", description="Tools for the seminar site's sources.")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add_parser in COMMANDS:
        add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit status."""
    args = build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except UsageError as err:
        print(f"error: {err}", file=sys.stderr)
        return USAGE_ERROR


if __name__ == "__main__":
    sys.exit(main())

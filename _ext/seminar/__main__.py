"""Command line of the seminar site: ``PYTHONPATH=_ext python -m seminar <command> ...``.

Each command is a pair: ``add_<name>_parser(subparsers)`` declares its arguments and sets
``handler``; the handler takes the parsed arguments and returns the exit status.  A new command
is one more pair and one more entry in :data:`COMMANDS`; the work itself lives in the modules
(``importer`` for ``import-jekyll``), so this file stays thin.

Exit status: 0 done, 1 done but some entries were skipped, 2 usage error (bad file, unknown series,
bad option).  Errors are messages on stderr, never tracebacks.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from seminar import importer

Subparsers = Any  # argparse._SubParsersAction is private; its type is not worth spelling out
USAGE_ERROR = 2


def _time_range(text: str) -> importer.TimeRange:
    try:
        return importer.parse_time_range(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


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
    parser.add_argument("--root", type=Path, default=Path("."), help="the site's source directory (default: .)")
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
    from seminar.schema import write_schemas

    changed = write_schemas(args.dir)
    print("\n".join(f"wrote {path}" for path in changed) or "schemas are up to date")
    return 0


COMMANDS: list[Callable[[Subparsers], None]] = [add_import_jekyll_parser, add_schema_parser]


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
    except importer.UsageError as err:
        print(f"error: {err}", file=sys.stderr)
        return USAGE_ERROR


if __name__ == "__main__":
    sys.exit(main())

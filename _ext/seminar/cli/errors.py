"""The one error the command-line tools report as a usage problem (exit status 2 in :mod:`.main`)."""

from __future__ import annotations

__all__ = ["UsageError"]


class UsageError(Exception):
    """The command cannot run at all (bad file, unknown series, bad option): exit status 2."""

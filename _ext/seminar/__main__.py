"""``python -m seminar``: the command-line tools of the seminar site (:mod:`seminar.cli.main`)."""

from __future__ import annotations

import sys

from seminar.cli.main import main

if __name__ == "__main__":
    sys.exit(main())

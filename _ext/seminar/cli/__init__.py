"""The command-line tools (``python -m seminar``): ``import-jekyll``, ``new-talk``, ``new-series``,
``check`` and ``schema``.  They use :mod:`seminar.model` only; no build imports them.

:mod:`.main` declares the commands; :mod:`.importer` (with :mod:`.jekyll_data` for reading the
original site's data), :mod:`.scaffold` (with :mod:`.prompts` for its questions) and :mod:`.check`
do the work; :mod:`.talk_pages` and :mod:`.markdown_escape` write the pages the tools create, and
:mod:`.errors` holds the one usage error (exit status 2).
"""

"""The command-line tools (``python -m seminar``): ``import-jekyll``, ``new-talk``, ``new-series``,
``check`` and ``schema``.  They use :mod:`seminar.model` only; no build imports them.
"""

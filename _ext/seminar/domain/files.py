"""Which files a page may read: none on talk, series and speaker pages, only sources on the others.

A pull request that touches only talk, series and speaker pages must be safe to merge once those
pages are read (CONTRIBUTING.md), so none of them may publish a file of the machine that builds
the site.  Here:

- :class:`PageParser`, MyST's parser, parses those pages with docutils' file insertion switched
  off, so no directive reads a file there whoever wrote it; MyST's own front matter (``myst:``
  settings, substitutions, which would run Jinja templates) is not read on them either, as their
  front matter is the site's (:mod:`seminar.domain.reader`);
- the directives that read files (``{include}``, ``{literalinclude}``, ``{raw}`` and
  ``{csv-table}`` with ``:file:`` or ``:url:``) are refused there with a located
  ``seminar.file_access`` warning before they read anything, and on every other page when the
  file is not a source (:func:`outside_sources`) or the URL not http(s);
- MyST reads an ``{include}`` on other pages itself; what it read from outside the sources is
  dropped at ``include-read``.

Images, downloads and a speaker's ``photo:`` are checked where they become nodes
(:mod:`seminar.domain.safety`, :mod:`seminar.domain.reader`), with :func:`outside_sources` too.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import myst_parser
from docutils import nodes
from docutils.parsers.rst import directives
from docutils.parsers.rst.directives.misc import Include
from docutils.parsers.rst.languages import get_language
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.parsers.mdit import create_md_parser
from myst_parser.parsers.sphinx_ import MystParser
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.directives.code import LiteralInclude
from sphinx.directives.other import Include as SphinxInclude
from sphinx.directives.patches import CSVTable as SphinxCSVTable
from sphinx.environment import BuildEnvironment

from ..model.pagekinds import PageKind, page_kind
from ..model.subtypes import Subtype
from .report import warn

FILE_DIRECTIVES = ("include", "literalinclude", "raw", "csv-table")
"""The directives (of docutils, Sphinx and MyST) that read a file or a URL."""

NOT_A_SOURCE = "is not a file of the source folder (it is outside it, or hidden)"
"""How the warnings say that a path is refused by :func:`outside_sources`."""

_PATH_OPTIONS = ("file", "diff")  # the options that name a file to read ({literalinclude} :diff: too)
_GUARDED = "seminar_guarded"  # class attribute: the directive class already checks its files
_DOCUMENT = "seminar_document"  # env.temp_data key: the document being parsed, by PageParser


def contributed(docname: str) -> bool:
    """A talk, series or speaker page: a page that a pull request may change on its own."""
    return page_kind(docname) is not PageKind.OTHER


def outside_sources(env: BuildEnvironment, path: str | os.PathLike[str]) -> bool:
    """``path`` is no source of the site: outside the source folder, in a hidden folder, or a hidden file.

    Symbolic links are resolved first, so a link inside the folder to a file outside it is outside.
    Hidden names (``.git``, ``.env``) are left out because a checkout keeps credentials there.
    """
    real = Path(path).resolve()
    root = Path(env.srcdir).resolve()
    if not real.is_relative_to(root):
        return True
    return any(part.startswith(".") for part in real.relative_to(root).parts)


def _kind(docname: str) -> str:
    return page_kind(docname).value


def _not_here(name: str, docname: str) -> str:
    return f"{{{name}}} reads a file, which a {_kind(docname)} page may not do; write the text in the page"


def _refusal(directive: Any, name: str, base: type) -> str | None:
    """Why ``directive`` (an instance of ``base``, registered as ``name``) may not run here, if it may not."""
    env: BuildEnvironment = directive.state.document.settings.env
    docname = env.docname
    options: dict[str, Any] = directive.options
    reads_argument = issubclass(base, (Include, LiteralInclude))
    paths = [str(options[key]) for key in _PATH_OPTIONS if key in options]
    if reads_argument and directive.arguments:
        argument = "".join(line.strip() for line in str(directive.arguments[0]).splitlines())
        if not (argument.startswith("<") and argument.endswith(">")):  # docutils' own standard files
            paths.append(argument)
        elif contributed(docname):
            return _not_here(name, docname)
    url = str(options.get("url", ""))
    if contributed(docname) and (paths or url):
        return _not_here(name, docname)
    if url and url.partition(":")[0].lower() not in ("http", "https"):
        return f"{{{name}}} :url: {url!r} is not allowed; only http(s) URLs are"
    # Sphinx's directives read an absolute path from the source folder; docutils' from the disk's root.
    from_root = not issubclass(base, (SphinxInclude, LiteralInclude, SphinxCSVTable))
    for path in paths:
        candidates = [env.relfn2path(path, docname)[1]]
        if from_root and os.path.isabs(path):
            candidates.append(path)
        if any(outside_sources(env, candidate) for candidate in candidates):
            return f"{{{name}}} may not read {path!r}: it {NOT_A_SOURCE}"
    return None


def _guarded(name: str, base: Any) -> type:
    """A subclass of the directive class ``base`` that refuses, with a warning, the files it may not read."""

    def run(self: Any) -> list[nodes.Node]:
        problem = _refusal(self, name, base)
        if problem is not None:
            env: BuildEnvironment = self.state.document.settings.env
            warn(Subtype.FILE_ACCESS, problem, (env.docname, self.lineno))
            return []
        result: list[nodes.Node] = base.run(self)
        return result

    doc = f"``{name}``, refusing files that the page may not read (:mod:`seminar.domain.files`)."
    return type(base.__name__, (base,), {"run": run, "__doc__": doc, _GUARDED: True})


def _guard_directives(app: Sphinx, config: Config) -> None:
    """Register a checking subclass of each file-reading directive, once every extension has registered its own."""
    english = get_language("en")
    for name in FILE_DIRECTIVES:
        base, _messages = directives.directive(name, english, None)
        if base is not None and not getattr(base, _GUARDED, False):
            app.add_directive(name, _guarded(name, base), override=True)


class _ContributedPageRenderer(SphinxRenderer):
    """MyST's renderer for a talk, series or speaker page: ``{include}`` is refused before MyST reads it.

    MyST runs ``{include}`` itself rather than through the directive's class, so the checking
    subclass of :func:`_guarded` never sees it there; file insertion being off, MyST would refuse
    it with a docutils warning, not a located ``seminar.file_access`` one.
    """

    def run_directive(
        self,
        name: str,
        first_line: str,
        content: str,
        position: int,
        additional_options: dict[str, str] | None = None,
        *,
        block_text: str | None = None,
    ) -> list[nodes.Element]:
        """Run the directive ``name``, unless it is an include."""
        directive_class, _messages = directives.directive(name, self.language_module_rst, self.document)
        if directive_class is not None and issubclass(directive_class, Include):
            docname = self.document.settings.env.docname
            warn(Subtype.FILE_ACCESS, _not_here(name, docname), (docname, position))
            return []
        result: list[nodes.Element] = super().run_directive(
            name, first_line, content, position, additional_options, block_text=block_text
        )
        return result


class PageParser(MystParser):
    """MyST's parser; on talk, series and speaker pages no file is read and MyST's front matter is ignored."""

    def parse(self, inputstring: str, document: nodes.document) -> None:
        """Parse ``inputstring`` into ``document`` as MyST does, with the limits of a contributed page."""
        env = document.settings.env
        if not contributed(env.docname):
            env.temp_data[_DOCUMENT] = document  # for the line of an {include} at include-read
            super().parse(inputstring, document)
            return
        # Every directive that reads files honours this (docutils' include, raw and csv-table,
        # Sphinx's literalinclude, MyST's include): a file-reading directive of any extension
        # then reads nothing here, even one that the checks of this module do not know.
        document.settings.file_insertion_enabled = False
        # The page's front matter is the site's, blanked by the reader; a second block that MyST
        # would read as its own (``myst:`` settings, substitutions rendered by Jinja with access
        # to the build) is not read: the project's MyST configuration applies as it is.
        parser = create_md_parser(env.myst_config, _ContributedPageRenderer)
        parser.options["document"] = document
        parser.render(inputstring)


IMAGE_SUFFIXES = (".avif", ".gif", ".jpeg", ".jpg", ".png", ".svg", ".webp")
"""What a local ``photo:`` may be: an image, by its file name."""


PHOTO_SIZE = 96
"""The size of a speaker's photo on their page, in CSS pixels (square; the image is cropped to fit)."""


def is_remote_photo(photo: str) -> bool:
    """Whether a ``photo:`` is an http(s) address: a page links it and never loads it (it is on another host)."""
    return _scheme(photo) in ("http", "https")


def _scheme(photo: str) -> str:
    return photo.partition(":")[0].lower() if ":" in photo.split("/", 1)[0] else ""


def photo_problem(env: BuildEnvironment, docname: str, photo: str) -> tuple[Subtype, str] | None:
    """What is wrong with the ``photo:`` of the speaker page ``docname``, as a warning's subtype and message.

    A photo is an http(s) URL, or an image file of the source folder (relative to the page):
    anything else would be a script link, or a file of the machine copied into the site.
    """
    scheme = _scheme(photo)
    if scheme in ("http", "https"):
        return None
    if scheme:
        return Subtype.BAD_URL, f"photo {photo!r}: give an http(s) URL or the path of an image in the source folder"
    path = env.relfn2path(photo, docname)[1]
    if outside_sources(env, path):
        return Subtype.FILE_ACCESS, f"photo {photo!r} {NOT_A_SOURCE}; put the image next to the page"
    if not Path(path).is_file():
        folder = docname.rpartition("/")[0] or "."
        return Subtype.BAD_VALUE, f"photo {photo!r} does not exist (the path is relative to {folder}/)"
    if not photo.lower().endswith(IMAGE_SUFFIXES):
        return Subtype.BAD_VALUE, f"photo {photo!r} is not an image ({', '.join(IMAGE_SUFFIXES)})"
    return None


def _on_include_read(app: Sphinx, relative_path: Path, parent_docname: str, content: list[str]) -> None:
    """Drop what an ``{include}`` read from outside the sources (MyST reads its includes before any check)."""
    path = Path(app.env.srcdir) / relative_path
    if outside_sources(app.env, path) and not path.resolve().is_relative_to(
        Path(Include.standard_include_path).resolve()
    ):
        docname = app.env.docname  # MyST gives only the last part of the document's name
        document = app.env.temp_data.get(_DOCUMENT)
        line = document.current_line if document is not None else None  # MyST sets it to the directive's
        warn(
            Subtype.FILE_ACCESS,
            f"{{include}} may not read {relative_path.as_posix()!r}: it {NOT_A_SOURCE}",
            (docname, line),
        )
        content[0] = ""


MYST_SUPPORTED = ((5, 2),)
"""The ``(major, minor)`` myst-parser versions whose ``MystParser.parse`` and ``SphinxRenderer.run_directive``
:class:`PageParser` and :class:`_ContributedPageRenderer` were checked against (``tests/test_safety_hooks.py``)."""


def page_parser_applies() -> bool:
    """Whether this myst-parser is one :class:`PageParser` was checked against.

    With another, MyST's own parser stands: file-reading directives are still refused by their
    checking classes and what ``{include}`` read from outside the sources is still dropped, but the
    refusal of ``{include}`` and of MyST's own front matter on talk, series and speaker pages is not.
    """
    return tuple(int(part) for part in myst_parser.__version__.split(".")[:2]) in MYST_SUPPORTED


def _use_page_parser(app: Sphinx, config: Config) -> None:
    if "myst_parser" in app.extensions and page_parser_applies():
        app.add_source_parser(PageParser, override=True)


def setup_files(app: Sphinx) -> None:
    """Check the files pages read; connected late, so it applies to what every other extension registered."""
    app.connect("config-inited", _guard_directives, priority=900)
    app.connect("config-inited", _use_page_parser, priority=900)
    app.connect("include-read", _on_include_read)

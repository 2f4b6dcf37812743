"""Bad input: each problem is one warning with file, line and type; ``suppress_warnings`` silences it;
the site still builds every page (README.md, "Warnings"; CONTRIBUTING.md, "What the checks enforce").

``tests/roots/test-bad`` has one talk per mistake, a good talk and a page of misused listings; the
tests add talks that are awkward to commit to their temporary copy (one not saved as UTF-8, one
with an abstract over 100 KB, and talks whose file names are not ids: ``c#-and-f#.md``...).
``tests/roots/test-bad-timezone`` is separate: its one series has a bad time zone, which must cost
that key only, not the series and its talks.  ``tests/roots/test-unsafe`` has talk, series and
speaker pages that link scripts, hold HTML and read files of the machine, and an ordinary page
that reads files from outside the source folder; the tests add those files next to its copy
(:func:`sitebuild.add_outside_files`).

Warnings are compared as printed, with the temporary source folder cut off the front::

    talks/2023/date-us.md:4: WARNING: date '1/11/23' is not an ISO date ... [seminar.bad_date]

A known gap can be recorded as a case with ``xfail=`` (a strict xfail whose reason names the code
that does otherwise); none is open.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

import sitebuild
from seminar.model.subtypes import Subtype
from sitebuild import ANSI, add_outside_files, copy_root

ROOTS = Path(__file__).parent / "roots"
HEAD = re.compile(r"^(?:(?P<file>\S.*?):\d+: )?WARNING: ")
TYPE = re.compile(r" \[(?P<type>[\w.]+)\]$")


# -- the expected warnings ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Case:
    """One expected warning: the file and line it points at, its message and subtype."""

    file: str  # relative to the site's source folder
    line: int
    message: str | re.Pattern[str]  # exact text, or a pattern where the right wording is the owner's call
    subtype: str
    root: str = "bad"

    def _regex(self, subtype: str) -> re.Pattern[str]:
        text = self.message if isinstance(self.message, re.Pattern) else None
        message = text.pattern if text else re.escape(str(self.message))
        return re.compile(rf"{re.escape(self.file)}:{self.line}: WARNING: {message} \[{subtype}\]", re.DOTALL)

    def matches(self, logged: Logged) -> bool:
        """``logged`` is exactly this warning, type included."""
        return self._regex(re.escape(f"seminar.{self.subtype}")).fullmatch(logged.text) is not None

    def same_problem(self, logged: Logged) -> bool:
        """``logged`` reports this problem at this place, whatever its type."""
        return self._regex(r"[\w.]+").fullmatch(logged.text) is not None


def case(
    name: str, file: str, line: int, message: str | re.Pattern[str], subtype: str, *, root: str = "bad", xfail: str = ""
) -> Any:
    marks = [pytest.mark.xfail(reason=xfail, strict=True)] if xfail else []
    return pytest.param(Case(file, line, message, subtype, root), id=name, marks=marks)


T = "talks/2023/"
U = "unsafe"
BAD_NAMES = {"c#-and-f#": "c-and-f", "what?": "what", "100%": "100", "two words": "two-words", "café": "cafe"}
"""Talk file names that are not ids (``#``, ``?``, ``%``, a space, a letter that is not ASCII), and the id suggested."""

# fmt: off
# A table: one row per warning, kept on one line each so it reads as one.
CASES = [
    case("unknown-key", T + "unknown-key.md", 3, "unknown front-matter key 'speaker' (did you mean 'speakers'?)", "unknown_key"),
    case("unknown-key-so-no-speakers", T + "unknown-key.md", 1, "missing required front-matter key 'speakers'", "missing_key"),
    case("missing-title", T + "missing-title.md", 1, "missing required front-matter key 'title'", "missing_key"),
    case("missing-speakers", T + "missing-speakers.md", 1, "missing required front-matter key 'speakers'", "missing_key"),
    case("missing-date", T + "missing-date.md", 1, "missing required front-matter key 'date'", "missing_key"),
    case("missing-series", T + "missing-series.md", 1, "missing required front-matter key 'series'", "missing_key"),
    case("empty-speakers", T + "empty-speakers.md", 3, "'speakers' is empty; a talk needs at least one speaker", "missing_key"),
    case("date-feb-30", T + "date-feb-30.md", 4, "date '2023-02-30' does not exist (day is out of range for month)", "bad_date"),
    case("date-us", T + "date-us.md", 4, "date '1/11/23' is not an ISO date (YYYY-MM-DD), e.g. 2023-01-11", "bad_date"),
    case("time-25", T + "time-25.md", 5, 'time \'25:00\' is not a 24-hour "HH:MM" time such as "15:30"', "bad_time"),
    case("time-unquoted", T + "time-unquoted.md", 5, 'write the time in quotes, as "HH:MM" (24-hour), e.g. "15:30"', "bad_time"),
    case("duration-zero", T + "duration-zero.md", 5, "duration 0 is not between 1 and 1440 minutes", "bad_duration"),
    case("duration-words", T + "duration-words.md", 5, "duration 'an hour' is not a whole number of minutes, e.g. 50", "bad_duration"),
    case("bad-timezone", "series/mars.md", 5, "unknown time zone 'Mars/Olympus_Mons'; use an IANA name such as 'America/Los_Angeles'", "bad_timezone", root="bad-timezone"),
    case("status", T + "status-bad.md", 6, "status 'tentative' is not one of scheduled, cancelled, postponed", "bad_status"),
    case("unknown-series", T + "unknown-series.md", 5, "unknown series 'no-such-series' (known: fm)", "unknown_series"),
    case("talk-list-unknown-series", "listings.md", 3, "{talk-list} names unknown series 'no-such-series'", "unknown_series"),
    case("bio-unknown-speaker", T + "bio-unknown.md", 12, "{bio} names 'Jane Nobody', who is not a speaker of this talk (Tri Dao)", "unknown_speaker"),
    case("bio-misplaced", "listings.md", 11, "{bio} belongs on a talk page (talks/<YYYY>/<slug>.md)", "misplaced"),
    case("talk-list-in-abstract", T + "listing-in-body.md", 11, "{talk-list} cannot be inside {abstract}; put it in the page, outside the block", "misplaced"),
    case("speaker-list-in-bio", T + "listing-in-body.md", 18, "{speaker-list} cannot be inside {bio}; put it in the page, outside the block", "misplaced"),
    case("series-list-in-bio", T + "listing-in-body.md", 21, "{series-list} cannot be inside {bio}; put it in the page, outside the block", "misplaced"),
    case("two-abstracts", T + "two-abstracts.md", 12, "a talk has one {abstract}; merge this one into the first", "duplicate_abstract"),
    case("two-abstracts-first-empty", T + "two-abstracts-first-empty.md", 11, "a talk has one {abstract}; merge this one into the first", "duplicate_abstract"),
    case("tags-not-list", T + "tags-string.md", 6, "'tags' must be a list, e.g. [a, b]", "bad_type"),
    case("speaker-number", T + "speaker-number.md", 5, "'speakers[1]' must be a name or a mapping with 'name' (and 'affiliation', 'id')", "bad_type"),
    case("speaker-no-name", T + "speaker-no-name.md", 4, "missing required front-matter key 'speakers[0].name'", "missing_key"),
    case(
        "tag-without-slug",
        T + "tags-mixed.md",
        6,
        "'tags[2]': tag '∑' has no ASCII letters or digits to name its page (tags/<slug>.html)",
        "bad_value",
    ),
    case(
        "speaker-page-unknown-id",
        "speakers/christopher-ree.md",
        1,
        "no talk has a speaker with id 'christopher-ree'; did you mean speakers/christopher-re.md?",
        "unknown_speaker",
    ),
    case(
        "speaker-no-ascii",
        T + "speaker-no-ascii.md",
        5,
        "'speakers[1]': '李雷' gives no page id (no ASCII letters or digits); add an 'id:', e.g. li-lei",
        "bad_value",
    ),
    case("speaker-list", T + "speaker-list.md", 5, "'speakers[1]' must be a name or a mapping with 'name' (and 'affiliation', 'id')", "bad_type"),
    case("url-javascript", T + "url-javascript.md", 6, "javascript: URL 'javascript:alert(1)' is not allowed; only http(s) links are", "bad_url"),
    case("url-data", T + "url-data.md", 6, "data: URL 'data:text/html,<b>hi</b>' is not allowed; only http(s) links are", "bad_url"),
    case("url-relative", T + "url-relative.md", 6, "relative URL 'slides/talk.pdf' is not allowed; give a full http(s) URL", "bad_url"),
    case("url-spaces", T + "url-spaces.md", 6, "URL 'https://example.org/my talk' contains spaces; encode them as %20 or fix the link", "bad_url"),
    case("duplicate-slug", "talks/2024/duplicate-slug.md", 1, "talk slug 'duplicate-slug' is also used by talks/2023/duplicate-slug; rename one file", "duplicate_slug"),
    case("duplicate-uid", T + "uid-second.md", 6, "uid 'shared-uid' is also used by talks/2023/uid-first; a uid must be unique", "duplicate_uid"),
    case("duplicate-speaker", T + "christopher-plain.md", 4, "speaker id 'christopher-re' is 'Christopher Re' here but 'Christopher Ré' in talks/2023/christopher-accent: likely the same person (use one spelling) or two people (give one an 'id:')", "duplicate_speaker"),
    case("yaml-syntax", T + "yaml-indent.md", 3, "the front matter is not valid YAML: mapping values are not allowed here", "yaml"),
    case("yaml-unclosed-bracket", T + "yaml-bracket.md", 3, "the front matter is not valid YAML: expected ',' or ']', but got ':' on line 4, inside the [ list that starts on this line", "yaml"),
    case("yaml-unclosed-quote", T + "yaml-quote.md", 2, "the front matter is not valid YAML: found unexpected end of stream on line 5, inside the quoted text that starts on this line", "yaml"),
    case("yaml-duplicate-key", T + "yaml-duplicate-key.md", 3, "the front matter is not valid YAML: key 'title' is given twice (first on line 2); keep one", "yaml"),
    case("yaml-python-tag", T + "yaml-python-tag.md", 2, "the front matter is not valid YAML: the tag '!!python/object/apply:os.system' is not allowed; front matter holds plain text, numbers, lists and mappings", "yaml"),
    case("front-matter-list", T + "not-a-mapping.md", 2, "the front matter must be a mapping of keys to values (key: value lines)", "yaml"),
    case("not-utf-8", T + "latin-1.md", 9, "the file is not valid UTF-8 (byte 0xe9); save it as UTF-8 — undecodable bytes show as �", "encoding"),
    case("large-abstract", T + "large-abstract.md", 8, "the abstract is 106 KB; keep it under 100 KB (it is shown in feeds and exports)", "large_abstract"),
    case("talk-role", T + "talk-role.md", 9, "unknown talk 'no-such-talk' in {talk} role", "unknown_target"),
    case("speaker-role", T + "talk-role.md", 9, "unknown speaker 'nobody-here' in {speaker} role", "unknown_target"),
    case("series-role", T + "talk-role.md", 9, "unknown series 'no-such-series' in {series} role", "unknown_target"),
    case("talk-list-unknown-speaker", "listings.md", 7, "{talk-list} names unknown speaker 'nobody-here'", "unknown_target"),
    case("talk-list-bad-when", "listings.md", 16, "{talk-list} :when: 'soon' is not one of upcoming, past, all", "bad_option"),
    case("talk-list-unknown-option", "listings.md", 17, "{talk-list} has no option :sort:; known: :group-by:, :limit:, :reverse:, :series:, :speaker:, :style:, :tag:, :when:", "bad_option"),
    case("talk-list-bad-limit", "listings.md", 23, "{talk-list} :limit: 'none' is not a positive whole number", "bad_option"),
    case("title-newline", T + "title-newline.md", 2, "'title' contains a control character (U+000A); it is read as a space", "bad_value"),
    case("title-surrogate", T + "title-surrogate.md", 2, "'title' contains half of a surrogate pair (U+D83D), which is not a character; it is read as \ufffd", "bad_value"),
    case("title-surrogate-no-date", T + "title-surrogate.md", 1, "missing required front-matter key 'date'", "missing_key"),
    case("speaker-tab", T + "speaker-tab.md", 4, "'speakers[0].name' contains a control character (U+0009); it is read as a space", "bad_value"),
    case("speaker-page-separator", "speakers/tri-dao.md", 2, "'name' contains a line separator (U+2028); it is read as a space", "bad_value"),
    case("control-characters", T + "control-characters.md", 2, "this line has a control character (U+007F); it shows as \ufffd (3 such characters in the page)", "encoding"),
    case("duration-true", T + "duration-true.md", 5, "duration true is not a whole number of minutes, e.g. 50", "bad_duration"),
    case("date-9999", T + "date-9999.md", 4, "date '9999-12-31' is out of range; give a year from 1900 to 9998", "bad_date"),
    case("date-0001", T + "date-0001.md", 4, "date '0001-01-01' is out of range; give a year from 1900 to 9998", "bad_date"),
    case("key-number", T + "key-number.md", 6, "front-matter key 1 is a number, not a name; known keys: title, speakers, date, time, duration, series, recording, livestream, slides, tags, status, uid", "unknown_key"),
    case("yaml-deep-flow", T + "yaml-deep-flow.md", 6, "the front matter nests lists and mappings more than 20 levels deep", "yaml"),
    case("yaml-deep-block", T + "yaml-deep-block.md", 7, "the front matter nests lists and mappings more than 20 levels deep", "yaml"),
    *(
        case(
            f"file-name-{suggested}",
            f"{T}{stem}.md",
            1,
            f"talk file name {stem!r} is not an id (lower-case ASCII letters and digits, words joined by single hyphens), and it is the page's URL; rename the file, e.g. to {suggested}.md",
            "bad_value",
        )
        for stem, suggested in BAD_NAMES.items()
    ),
    case("talk-list-option-typo", "listings.md", 24, "{talk-list} has no option :group_by: (did you mean :group-by:?); known: :group-by:, :limit:, :reverse:, :series:, :speaker:, :style:, :tag:, :when:", "bad_option"),
    # Talk, series and speaker pages (tests/roots/test-unsafe): links only to the web and mail, no HTML, no files.
    case("rest-link-javascript", T + "links.md", 14, "javascript: link 'javascript:alert(1)' is not allowed; only http(s) and mailto links are (the text is kept)", "bad_url", root=U),
    case("rest-link-split-scheme", T + "links.md", 14, "javascript: link 'javascript:alert(2)' is not allowed; only http(s) and mailto links are (the text is kept)", "bad_url", root=U),
    case("button-link-javascript", T + "links.md", 18, "javascript: link 'javascript:alert(3)' is not allowed; only http(s) and mailto links are (the text is kept)", "bad_url", root=U),
    case("badge-link-vbscript", T + "links.md", 22, "vbscript: link 'VBScript:msgbox(4)' is not allowed; only http(s) and mailto links are (the text is kept)", "bad_url", root=U),
    case("bio-link-javascript", T + "links.md", 29, "javascript: link 'JaVaScRiPt:alert(5)' is not allowed; only http(s) and mailto links are (the text is kept)", "bad_url", root=U),
    case("card-link-data", T + "links.md", 39, "data: link 'data:text/html,<script>alert(6)</script>' is not allowed; only http(s) and mailto links are (the text is kept)", "bad_url", root=U),
    case("download-javascript", T + "links.md", 44, "javascript: link 'javascript://%0aalert(7)' is not allowed; only http(s) and mailto links are (the text is kept)", "bad_url", root=U),
    case("badge-link-file", T + "links.md", 44, "file: link 'file:///etc/passwd' is not allowed; only http(s) and mailto links are (the text is kept)", "bad_url", root=U),
    case("image-target-javascript", T + "links.md", 44, "javascript: link 'javascript:alert(8)' is not allowed; only http(s) and mailto links are (the text is kept)", "bad_url", root=U),
    case("image-javascript", T + "links.md", 52, "image 'JavaScript:alert(9)': only http(s) images are allowed", "bad_url", root=U),
    case("late-link-javascript", T + "links.md", 35, "javascript: link 'javascript:alert(10)' is not allowed; only http(s) and mailto links are (the text is kept)", "bad_url", root=U),
    case("series-link-data", "series/fm.md", 15, "data: link 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==' is not allowed; only http(s) and mailto links are (the text is kept)", "bad_url", root=U),
    case("speaker-link-javascript", "speakers/eve.md", 8, "javascript: link 'javascript:alert(1)' is not allowed; only http(s) and mailto links are (the text is kept)", "bad_url", root=U),
    case("series-html", "series/fm.md", 18, "HTML is shown as text on a series page; use Markdown", "raw_html", root=U),
    case("inline-html", T + "raw.md", 12, "HTML is shown as text on a talk page; use Markdown", "raw_html", root=U),
    case("html-block", T + "raw.md", 14, "HTML is shown as text on a talk page; use Markdown", "raw_html", root=U),
    case("raw-directive", T + "raw.md", 16, "HTML is shown as text on a talk page; use Markdown", "raw_html", root=U),
    case("rest-meta", T + "raw.md", 16, "a talk page may not set meta tags; it is left out", "raw_html", root=U),
    case("rest-raw", T + "raw.md", 21, "HTML is shown as text on a talk page; use Markdown", "raw_html", root=U),
    case("talk-include", T + "files.md", 9, "{include} reads a file, which a talk page may not do; write the text in the page", "file_access", root=U),
    case("talk-literalinclude", T + "files.md", 12, "{literalinclude} reads a file, which a talk page may not do; write the text in the page", "file_access", root=U),
    case("talk-raw-file", T + "files.md", 15, "{raw} reads a file, which a talk page may not do; write the text in the page", "file_access", root=U),
    case("talk-csv-file", T + "files.md", 19, "{csv-table} reads a file, which a talk page may not do; write the text in the page", "file_access", root=U),
    case("talk-csv-url", T + "files.md", 23, "{csv-table} reads a file, which a talk page may not do; write the text in the page", "file_access", root=U),
    case("talk-rest-include", T + "files.md", 28, "{include} reads a file, which a talk page may not do; write the text in the page", "file_access", root=U),
    case("talk-include-inside", T + "files.md", 34, "{include} reads a file, which a talk page may not do; write the text in the page", "file_access", root=U),
    case("talk-image", T + "files.md", 37, "image '../../../secret.png': a talk page shows no local images (a speaker's photo is the 'photo:' key); use an http(s) URL", "file_access", root=U),
    case("talk-image-symlink", T + "files.md", 39, "image '../../speakers/linked.png': a talk page shows no local images (a speaker's photo is the 'photo:' key); use an http(s) URL", "file_access", root=U),
    case("talk-figure", T + "files.md", 42, "image '../../../secret.png': a talk page shows no local images (a speaker's photo is the 'photo:' key); use an http(s) URL", "file_access", root=U),
    case("talk-card-image", T + "files.md", 48, "image '../../../secret.png': a talk page shows no local images (a speaker's photo is the 'photo:' key); use an http(s) URL", "file_access", root=U),
    case("talk-download", T + "files.md", 53, "download '../../../secret.txt': a talk page may not offer files; link to them", "file_access", root=U),
    case("talk-markdown-download", T + "files.md", 53, "download '../../../secret.png': a talk page may not offer files; link to them", "file_access", root=U),
    case("photo-symlink", "speakers/eve.md", 3, "photo 'linked.png' is not a file of the source folder (it is outside it, or hidden); put the image next to the page", "file_access", root=U),
    case("photo-outside", "speakers/peggy.md", 2, "photo '../../secret.png' is not a file of the source folder (it is outside it, or hidden); put the image next to the page", "file_access", root=U),
    case("photo-missing", "speakers/mallory.md", 2, "photo 'missing.jpg' does not exist (the path is relative to speakers/)", "bad_value", root=U),
    case("photo-not-an-image", "speakers/walter.md", 2, "photo 'walter.txt' is not an image (.avif, .gif, .jpeg, .jpg, .png, .svg, .webp)", "bad_value", root=U),
    case("photo-javascript", "speakers/trent.md", 2, "photo 'javascript:alert(1)': give an http(s) URL or the path of an image in the source folder", "bad_url", root=U),
    case("page-include-outside", "ordinary.md", 13, "{include} may not read '../secret.txt': it is not a file of the source folder (it is outside it, or hidden)", "file_access", root=U),
    case("page-literalinclude-outside", "ordinary.md", 16, "{literalinclude} may not read '../secret.txt': it is not a file of the source folder (it is outside it, or hidden)", "file_access", root=U),
    case("page-raw-outside", "ordinary.md", 19, "{raw} may not read '../secret.txt': it is not a file of the source folder (it is outside it, or hidden)", "file_access", root=U),
    case("page-csv-hidden", "ordinary.md", 23, "{csv-table} may not read '.hidden/secret.csv': it is not a file of the source folder (it is outside it, or hidden)", "file_access", root=U),
    case("page-raw-file-url", "ordinary.md", 27, "{raw} :url: 'file:///etc/hostname' is not allowed; only http(s) URLs are", "file_access", root=U),
    case("page-image-outside", "ordinary.md", 31, "image '../secret.png' is not a file of the source folder (it is outside it, or hidden)", "file_access", root=U),
    case("page-download-outside", "ordinary.md", 33, "download '../secret.txt' is not a file of the source folder (it is outside it, or hidden)", "file_access", root=U),
    case("page-literalinclude-diff-outside", "ordinary.md", 39, "{literalinclude} may not read '../secret.txt': it is not a file of the source folder (it is outside it, or hidden)", "file_access", root=U),
    case("page-rest-include-outside", "ordinary.md", 36, "{include} may not read '../secret.txt': it is not a file of the source folder (it is outside it, or hidden)", "file_access", root=U),
]
# fmt: on


# -- building ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Logged:
    """One warning as printed, its path made relative to the source folder."""

    text: str
    file: str
    type: str


@dataclass
class Built:
    """What one build of a scenario site wrote and warned."""

    srcdir: Path
    outdir: Path
    warnings: list[Logged] = field(default_factory=list)

    def soup(self, page: str) -> BeautifulSoup:
        """The parsed HTML of ``page`` (a path below the output folder)."""
        return BeautifulSoup((self.outdir / page).read_text(encoding="utf-8"), "html.parser")


def parse_warnings(output: str, srcdir: Path) -> list[Logged]:
    """Split Sphinx's warning stream into warnings (a message may span lines)."""
    records: list[str] = []
    for line in ANSI.sub("", output).splitlines():
        if HEAD.match(line) or not records:
            records.append(line)
        else:
            records[-1] += "\n" + line
    found = []
    for record in records:
        text = record.removeprefix(f"{srcdir}/")
        head, typ = HEAD.match(text), TYPE.search(text)
        found.append(Logged(text, (head["file"] or "") if head else "", typ["type"] if typ else ""))
    return found


def add_generated_talks(srcdir: Path) -> None:
    """Write the talks that are awkward to commit: one saved as Latin-1, one with a 106 KB abstract,
    one with control characters pasted into its abstract and its front matter, one nested 5000 deep."""
    front = "---\ntitle: {title}\nspeakers: [Tri Dao]\ndate: 2023-02-01\nseries: fm\n---\n\n:::{{abstract}}\n"
    talks = srcdir / "talks" / "2023"
    latin = front.format(title="Not UTF-8") + "Body of latin-1. Café.\n:::\n"
    (talks / "latin-1.md").write_bytes(latin.encode("latin-1"))  # the é, on line 9, is the byte 0xe9
    # A bell and an escape sequence pasted into the abstract (line 9), and a DEL in the front matter.
    controls = (
        front.replace("title: {title}", "title: Pasted\x7f controls").format()
        + "Body of control-characters.\x07 \x1b[1mBold\n:::\n"
    )
    (talks / "control-characters.md").write_text(controls, encoding="utf-8")
    deep = front.replace("series: fm", "series: fm\ntags:\n  " + "- " * 5000 + "x").format(title="Deep")
    (talks / "yaml-deep-block.md").write_text(deep + "Body of yaml-deep-block.\n:::\n", encoding="utf-8")
    long_text = "A long abstract sentence. " * 4200
    (talks / "large-abstract.md").write_text(
        front.format(title="Large abstract") + f"Body of large-abstract.\n{long_text}\n:::\n", encoding="utf-8"
    )
    for stem in BAD_NAMES:  # a '?' cannot be in a file name on every system a clone may be made on
        (talks / f"{stem}.md").write_text(front.format(title=stem) + f"Body of {stem}.\n:::\n", encoding="utf-8")


GENERATED = [
    T + "latin-1.md",
    T + "large-abstract.md",
    T + "control-characters.md",
    T + "yaml-deep-block.md",
    *(f"{T}{stem}.md" for stem in BAD_NAMES),
]


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Built]:
    """``build(root, suppress=None)``: a fresh html build of ``tests/roots/test-<root>``, made once per module."""
    cache: dict[tuple[str, str | None], Built] = {}

    def get(root: str = "bad", suppress: str | None = None) -> Built:
        if (root, suppress) not in cache:
            tmp = tmp_path_factory.mktemp(f"{root}-{suppress or 'all'}".replace(".", "-"))
            srcdir = copy_root(root, tmp)
            if root == "bad":
                add_generated_talks(srcdir)
            if root == U:
                add_outside_files(srcdir)
            overrides = {"suppress_warnings": [suppress]} if suppress else {}
            done = sitebuild.build(srcdir, tmp / "out", fresh=True, confoverrides=overrides)
            cache[root, suppress] = Built(srcdir, done.outdir, parse_warnings(done.warnings, srcdir))
        return cache[root, suppress]

    return get


# -- every case: its exact warning, and suppress_warnings silences it -------------------------------
@pytest.mark.parametrize("expected", CASES)
def test_warning_names_file_line_and_type(build: Callable[..., Built], expected: Case) -> None:
    warnings = build(expected.root).warnings
    assert any(expected.matches(w) for w in warnings), "\n".join(w.text for w in warnings if w.file == expected.file)


@pytest.mark.parametrize("expected", CASES)
def test_suppress_warnings_silences_it(build: Callable[..., Built], expected: Case) -> None:
    subtype = f"seminar.{expected.subtype}"
    loud = build(expected.root).warnings
    assert any(expected.matches(w) for w in loud)
    quiet = build(expected.root, suppress=subtype).warnings
    assert not any(expected.same_problem(w) for w in quiet)
    # Only that kind goes: every other warning is still there.
    assert sorted(w.text for w in quiet) == sorted(w.text for w in loud if w.type != subtype)


def _files(root: str) -> list[str]:
    sources = sorted(p.relative_to(ROOTS / f"test-{root}").as_posix() for p in (ROOTS / f"test-{root}").rglob("*.md"))
    return sources + (GENERATED if root == "bad" else [])


def _file_params() -> list[Any]:
    params = []
    for root in ("bad", "bad-timezone", U):
        for file in _files(root):
            reasons: list[str] = []
            for param in CASES:
                (expected,) = param.values
                if (expected.root, expected.file) == (root, file):
                    reasons += [mark.kwargs["reason"] for mark in param.marks]
            reason = "; ".join(r for r in dict.fromkeys(reasons) if r)
            marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
            params.append(pytest.param(root, file, id=f"{root}/{file}", marks=marks))
    return params


@pytest.mark.parametrize(("root", "file"), _file_params())
def test_each_file_warns_exactly_its_cases(build: Callable[..., Built], root: str, file: str) -> None:
    expected = [p.values[0] for p in CASES if (p.values[0].root, p.values[0].file) == (root, file)]
    logged = [w for w in build(root).warnings if w.file == file]
    unexpected = [w.text for w in logged if not any(c.matches(w) for c in expected)]
    missing = [c for c in expected if not any(c.matches(w) for w in logged)]
    assert (unexpected, missing) == ([], [])


@pytest.mark.parametrize("root", ["bad", "bad-timezone", U])
def test_every_warning_is_located_and_typed(build: Callable[..., Built], root: str) -> None:
    built = build(root)
    files = set(_files(root))
    assert [w.text for w in built.warnings if w.file not in files or not w.type.startswith("seminar.")] == []


# -- the site still builds ---------------------------------------------------------------------------
@pytest.mark.parametrize("file", [f for f in _files("bad") if f.startswith("talks/")])
def test_every_talk_page_is_written_with_its_body(build: Callable[..., Built], file: str) -> None:
    page = file.removesuffix(".md") + ".html"
    built = build("bad")
    assert (built.outdir / page).is_file()
    stem = file.rsplit("/", 1)[-1].removesuffix(".md")
    assert f"Body of {stem}." in built.soup(page).get_text()


def test_good_talk_is_listed_with_its_header(build: Callable[..., Built]) -> None:
    built = build("bad")
    talk = built.soup("talks/2023/good.html")
    assert talk.h1 is not None and talk.h1.get_text(strip=True).startswith("A Good Talk")
    speakers = talk.select_one(".seminar-talk-header .seminar-speakers")
    assert speakers is not None and "Tri Dao" in speakers.get_text()
    series = built.soup("series/fm.html")
    assert series.find("a", href="../talks/2023/good.html") is not None


def test_undecodable_bytes_show_as_replacement_character(build: Callable[..., Built]) -> None:
    assert "Body of latin-1. Caf\ufffd." in build("bad").soup("talks/2023/latin-1.html").get_text()


def test_series_with_bad_timezone_is_still_a_series(build: Callable[..., Built]) -> None:
    built = build("bad-timezone")
    header = built.soup("series/mars.html").select_one(".seminar-series-header")
    assert header is not None and "Spring 2023" in header.get_text()
    line = built.soup("talks/2023/on-mars.html").select_one(".seminar-talk-header .seminar-series-line")
    assert line is not None and "Mars Seminar" in line.get_text()


@pytest.mark.sphinx("html", testroot="basic", srcdir="warnings-basic", freshenv=True, warningiserror=True)
def test_good_site_builds_without_warnings(app: SphinxTestApp) -> None:
    app.build()
    assert ANSI.sub("", app.warning.getvalue()) == ""
    assert app.statuscode == 0


@pytest.mark.sphinx("html", testroot="bad", srcdir="warnings-werror", freshenv=True, warningiserror=True)
def test_warnings_fail_a_build_with_warnings_as_errors(app: SphinxTestApp) -> None:
    add_generated_talks(app.srcdir)  # sources are read at build time, so files written now count
    app.build()
    assert app.statuscode == 1
    assert "with warnings treated as errors" in ANSI.sub("", app.status.getvalue())
    assert "latin-1.md:9: WARNING:" in ANSI.sub("", app.warning.getvalue())


# -- markup in metadata is text, never HTML -------------------------------------------------------------
MARKUP_PAGES = ["talks/2023/html-metadata.html", "series/fm.html", "speakers/mallory-script-alert-1-script.html"]


def _scripts_with_alert(soup: BeautifulSoup) -> list[str]:
    """Executable ``<script>`` elements mentioning ``alert``; JSON-LD must parse (nothing broke out of it)."""
    found = []
    for script in soup.find_all("script"):
        text = script.string or ""
        if script.get("type") == "application/ld+json":
            json.loads(text)
        elif "alert" in text:
            found.append(str(script))
    return found


@pytest.mark.parametrize("page", MARKUP_PAGES)
def test_markup_in_front_matter_is_escaped(build: Callable[..., Built], page: str) -> None:
    built = build("bad")
    raw = (built.outdir / page).read_text(encoding="utf-8")
    assert "Mallory &lt;script&gt;alert(1)&lt;/script&gt;" in raw
    assert "Markup &lt;script&gt;alert(1)&lt;/script&gt; in a title" in raw
    soup = built.soup(page)
    for bio in soup.select(".seminar-bio"):
        bio.decompose()  # the bio body is Markdown, not metadata: see the next test
    assert _scripts_with_alert(soup) == []


@pytest.mark.parametrize("page", MARKUP_PAGES)
def test_markup_in_bio_is_not_executed(build: Callable[..., Built], page: str) -> None:
    built = build("bad")
    assert "<script>alert" not in (built.outdir / page).read_text(encoding="utf-8")
    assert _scripts_with_alert(built.soup(page)) == []


@pytest.mark.parametrize("page", ["talks/2023/html-metadata.html", "speakers/mallory-script-alert-1-script.html"])
def test_markup_in_bio_shows_as_typed(build: Callable[..., Built], page: str) -> None:
    bio = build("bad").soup(page).select_one(".seminar-bio")
    assert bio is not None and "Mallory writes <script>alert(1)</script> in her bio." in bio.get_text()


# -- the documented subtypes are the ones in the code ----------------------------------------------------
@pytest.mark.parametrize("doc", ["REFERENCE.md", "CONTRIBUTING.md"])
def test_warning_tables_list_every_subtype(doc: str) -> None:
    text = (Path(__file__).parents[1] / doc).read_text(encoding="utf-8")
    section = text[text.index("| subtype |" if doc == "REFERENCE.md" else "| type | the page has |") :]
    rows = section[: section.index("\n\n")].splitlines()[2:]
    documented = {name for row in rows for name in re.findall(r"`(\w+)`", row.split("|")[1])}
    assert documented == {subtype.value for subtype in Subtype}


def test_each_tag_links_to_its_own_page(build: Callable[..., Built]) -> None:
    """Spellings of one tag id share its page (first spelling shown); a tag with no page is dropped."""
    built = build("bad")
    line = built.soup("talks/2023/tags-mixed.html").select_one(".seminar-tags")
    assert line is not None
    assert [(a.get_text(), a["href"]) for a in line.select("a")] == [
        ("C++", "../../tags/c.html"),
        ("Attention", "../../tags/attention.html"),
    ]
    assert "“C++”" in built.soup("tags/c.html").select_one("h1").get_text()


# -- text that one line cannot hold, as the pages show it -------------------------------------------------
@pytest.mark.parametrize(
    ("page", "selector", "text"),
    [
        ("talks/2023/title-newline.html", "h1", "Line break"),
        # The talk is refused (no date), so the heading is the title as read: one line, only characters.
        ("talks/2023/title-surrogate.html", "h1", "Half \ufffd emoji"),
        ("talks/2023/speaker-tab.html", ".seminar-talk-header .seminar-speakers", "Tri Dao"),
        ("speakers/tri-dao.html", "h1", "Tri Dao"),
        ("talks/2023/control-characters.html", "h1", "Pasted\ufffd controls"),
        (
            "talks/2023/control-characters.html",
            ".seminar-abstract p:not(.rubric)",
            "Body of control-characters.\ufffd \ufffd[1mBold",
        ),
    ],
)
def test_cleaned_text_is_what_the_page_shows(build: Callable[..., Built], page: str, selector: str, text: str) -> None:
    found = build("bad").soup(page).select_one(selector)
    assert found is not None and found.get_text(" ", strip=True).removesuffix("¶").strip() == text

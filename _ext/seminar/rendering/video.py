"""The talk page's video slot: a click-to-load player after the talk, the livestream before it.

Nothing is requested from YouTube until the visitor clicks: the facade is a plain link to the
video, styled as a player, that ``seminar.js`` turns into a ``youtube-nocookie.com`` embed on
click.  Without JavaScript the link opens the video on YouTube.
"""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlparse

from docutils import nodes

from ..site.entries import TalkEntry
from .parts import recording_url
from .renderer import Renderer, external, para

_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")


def youtube_id(url: str) -> str | None:
    """The video id of a YouTube watch, share or live link, else ``None``."""
    parsed = urlparse(url)
    host = parsed.netloc.lower().removeprefix("www.").removeprefix("m.")
    candidate: str | None = None
    if host == "youtu.be":
        candidate = parsed.path.strip("/").split("/")[0]
    elif host in ("youtube.com", "youtube-nocookie.com"):
        if parsed.path == "/watch":
            candidate = next(iter(parse_qs(parsed.query).get("v", [])), None)
        elif parsed.path.startswith(("/live/", "/embed/", "/shorts/")):
            candidate = parsed.path.split("/")[2]
    return candidate if candidate and _ID.match(candidate) else None


def video_slot(r: Renderer, entry: TalkEntry) -> list[nodes.Node]:
    """The facade for a past talk's video, or a prominent livestream box for an upcoming one."""
    talk = entry.talk
    if talk.status == "cancelled":
        return []
    upcoming = r.site.is_upcoming(entry)
    if upcoming and talk.livestream:
        moment = r.site.when(entry)
        box = nodes.container(classes=["seminar-live"])
        box += para("Watch live: ", external("the livestream on YouTube", talk.livestream), f" ({moment.long_date()}).")
        return [box]
    channel = r.site.config.youtube_channel
    if upcoming and channel and not talk.recording:
        # No stream link yet: the seminar streams on its channel, so say where to look.
        box = nodes.container(classes=["seminar-live"])
        box += para("Streamed live on ", external("the seminar's YouTube channel", channel), "; the link comes soon.")
        return [box]
    url = recording_url(r.site, entry)
    if not url:
        return []
    video = youtube_id(url)
    if video is None:
        return [para(external("Watch the recording", url), classes=["seminar-video-link"])]
    return [nodes.raw("", facade(video, url, talk.title, [s.name for s in talk.speakers]), format="html")]


def facade(video: str, url: str, title: str, speakers: list[str]) -> str:
    """The click-to-load player: the talk's title and speakers on a dark box with a play button.

    Every text is escaped.  The link's accessible name starts with its visible label (WCAG 2.5.3)
    and names the talk.
    """
    label = "Watch the recording on YouTube"
    names = html.escape(_names(speakers))
    return (
        f'<div class="seminar-video" data-video-id="{html.escape(video)}">'
        f'<a class="seminar-video-facade" href="{html.escape(url)}" '
        f'aria-label="{label}: {html.escape(title)}">'
        f'<span class="seminar-video-title">{html.escape(title)}</span>'
        + (f'<span class="seminar-video-speakers">{names}</span>' if names else "")
        + '<span class="seminar-video-action"><span class="seminar-play" aria-hidden="true"></span>'
        f'<span class="seminar-video-label">{label}</span></span>'
        '<span class="seminar-video-note">The player loads from youtube-nocookie.com when you click.</span>'
        "</a></div>"
    )


NAMES_SHOWN = 4
"""How many speakers the facade names before "and N others" (it is one line on a phone)."""


def _names(speakers: list[str]) -> str:
    """``A``, ``A and B``, ``A, B and C``; past :data:`NAMES_SHOWN`, the first ones and "N others"."""
    shown = (
        speakers
        if len(speakers) <= NAMES_SHOWN + 1
        else [*speakers[:NAMES_SHOWN], f"{len(speakers) - NAMES_SHOWN} others"]
    )
    if len(shown) < 2:
        return "".join(shown)
    return ", ".join(shown[:-1]) + " and " + shown[-1]

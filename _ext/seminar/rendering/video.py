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
    title = html.escape(talk.title)
    markup = (
        f'<div class="seminar-video" data-video-id="{video}">'
        f'<a class="seminar-video-facade" href="{html.escape(url)}" '
        f'aria-label="Watch the recording of {title} (loads YouTube)">'
        '<span class="seminar-play" aria-hidden="true"></span>'
        '<span class="seminar-video-label">Watch the recording</span>'
        '<span class="seminar-video-note">The player loads from youtube-nocookie.com when you click.</span>'
        "</a></div>"
    )
    return [nodes.raw("", markup, format="html")]

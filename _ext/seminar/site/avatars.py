"""A speaker's initials avatar: its letters, its colour and its SVG, decided from the name and the id alone.

A speaker without a photo gets a coloured disc with their initials, made when the site is built:
:mod:`seminar.outputs.pictures` writes each as ``_images/avatars/<id>.svg`` (:func:`avatar_path`),
which :mod:`seminar.rendering.pictures` shows.  They are pure functions, so every page shows the
same avatar for a speaker and a build the same as the last:

- :func:`initials`: the first letter of the first name and of the family name; particles written
  in lower case ("van", "de", "bin") are skipped when a capitalized word follows.  One word gives
  one letter; a name with no letter gives its first digit; a name with neither gives ``""``, and
  the avatar shows a silhouette instead.  A letter keeps its combining marks (one glyph on screen).
- :func:`colour`: a hue from a digest of the speaker id, darkened until white letters on it have
  at least :data:`MIN_CONTRAST` (WCAG AA for text of any size).
- :func:`avatar_svg`: the disc and the letters (escaped), or a silhouette when there are none.
"""

from __future__ import annotations

import colorsys
import hashlib
import html
import unicodedata

MIN_CONTRAST = 4.5
"""The contrast of the white letters on the disc: WCAG 2.2 AA for normal text."""

LETTERS = "#ffffff"
"""The letters' colour."""

_SCANNED = 200
"""How many characters of a name are looked at: a 1,000-character name costs no more than a short one."""


def _glyph(word: str) -> str:
    """The first letter of ``word`` (else its first digit) with the combining marks that follow it, else ``""``."""
    for kind in (str.isalpha, str.isdigit):
        for index, char in enumerate(word):
            if not kind(char):
                continue
            end = index + 1
            while end < len(word) and end - index < 4 and unicodedata.category(word[end]).startswith("M"):
                end += 1
            letter = unicodedata.normalize("NFC", word[index:end])
            upper = letter.upper()
            # "ß".upper() is "SS" and "ŉ".upper() is "ʼN": an initial stays one letter.
            return upper if len(upper) == len(letter) else letter
    return ""


def _is_particle(word: str) -> bool:
    """A word that starts with a lower-case letter: "van", "de", "von", "bin", "al-"."""
    first = next((char for char in word if char.isalpha()), "")
    return bool(first) and first.islower()


def initials(name: str) -> str:
    """At most two initials of ``name`` (first and family name), one for a one-word name, ``""`` for none."""
    words = [word for word in name[:_SCANNED].split() if _glyph(word)]
    if not words:
        return ""
    first, rest = words[0], words[1:]
    family = [word for word in rest if not _is_particle(word)]
    last = family[-1] if family else (rest[-1] if rest else "")
    return _glyph(first) + (_glyph(last) if last else "")


def _luminance(rgb: tuple[float, float, float]) -> float:
    """WCAG relative luminance of an sRGB colour (channels 0-1)."""

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: str, second: str) -> float:
    """The WCAG contrast ratio of two ``#rrggbb`` colours."""
    lighter, darker = sorted((_luminance(_rgb(first)), _luminance(_rgb(second))), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _rgb(hex_colour: str) -> tuple[float, float, float]:
    value = hex_colour.lstrip("#")
    return (int(value[0:2], 16) / 255, int(value[2:4], 16) / 255, int(value[4:6], 16) / 255)


def colour(speaker_id: str) -> str:
    """The disc's colour for ``speaker_id``: ``#rrggbb``, the same on every build, AA against white letters."""
    seed = hashlib.sha256(speaker_id.encode("utf-8", "surrogatepass")).digest()
    hue = int.from_bytes(seed[:2], "big") / 65536
    saturation = 0.45 + seed[2] / 255 * 0.25
    lightness = 0.42
    while True:
        red, green, blue = colorsys.hls_to_rgb(hue, lightness, saturation)
        found = "#{:02x}{:02x}{:02x}".format(*(round(c * 255) for c in (red, green, blue)))
        if contrast(found, LETTERS) >= MIN_CONTRAST or lightness <= 0.05:
            return found
        lightness -= 0.02


AVATARS = "_images/avatars"
"""The output folder of the avatar files."""


def avatar_path(speaker_id: str) -> str:
    """The output path of the speaker's avatar file."""
    return f"{AVATARS}/{speaker_id}.svg"


_SILHOUETTE = f'<circle cx="50" cy="39" r="17" fill="{LETTERS}"/><path d="M18 84a32 30 0 0 1 64 0z" fill="{LETTERS}"/>'


def avatar_svg(speaker_id: str, name: str, size: int | None = None, *, inline: bool = False) -> str:
    """The avatar as SVG: a file's content, or (``inline``) an element for a page, decorative (``aria-hidden``).

    ``size`` (CSS pixels) gives the element a width and height; a file is drawn on a 100 x 100 box.
    """
    letters = initials(name)
    # Two letters take a smaller type than one, so "MW" fits the disc as "I" does.
    font_size = 40 if len(letters) > 1 else 48
    inner = (
        f'<text x="50" y="50" dy="0.35em" text-anchor="middle" font-size="{font_size}" font-weight="600" '
        f'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif" fill="{LETTERS}">'
        f"{html.escape(letters)}</text>"
        if letters
        else _SILHOUETTE
    )
    dimensions = f' width="{size}" height="{size}"' if size else ""
    extra = ' class="seminar-avatar" aria-hidden="true" focusable="false"' if inline else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg"{extra}{dimensions} viewBox="0 0 100 100">'
        f'<circle cx="50" cy="50" r="50" fill="{colour(speaker_id)}"/>{inner}</svg>'
    )

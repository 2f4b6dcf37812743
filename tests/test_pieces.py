"""Pieces of the site files kept between builds (``seminar.incremental.pieces``): what was made since is written alone."""

from __future__ import annotations

import pickle
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from seminar.incremental.pieces import PieceCache


def _app(folder: Path) -> Any:
    return SimpleNamespace(doctreedir=folder, extensions={"seminar": SimpleNamespace(metadata={"env_version": "v1"})})


def _cache(folder: Path) -> PieceCache[str]:
    return PieceCache(_app(folder), "things", "lib 1.0")


def _fill(cache: PieceCache[str], keys: range, made: list[str]) -> None:
    for key in keys:
        cache.get(f"k{key}", lambda key=key: made.append(f"k{key}") or f"piece {key}")  # type: ignore[func-returns-value]


def test_a_few_new_pieces_are_written_beside_the_whole_and_read_with_it(tmp_path: Path) -> None:
    made: list[str] = []
    first = _cache(tmp_path)
    _fill(first, range(100), made)
    first.save()
    whole = tmp_path / "seminar-things.pickle"
    since = tmp_path / "seminar-things-since.pickle"
    assert len(made) == 100 and whole.is_file() and not since.exists()
    before = whole.read_bytes()

    made.clear()
    second = _cache(tmp_path)
    _fill(second, range(1, 101), made)  # one piece gone, one new
    second.save()
    assert made == ["k100"]
    assert whole.read_bytes() == before and since.is_file()  # the whole left as it was

    made.clear()
    third = _cache(tmp_path)
    _fill(third, range(1, 101), made)
    third.save()
    assert made == []  # every piece found: the whole and what was made since


def test_the_files_become_one_again_when_much_has_changed(tmp_path: Path) -> None:
    made: list[str] = []
    cache = _cache(tmp_path)
    _fill(cache, range(32), made)
    cache.save()
    since = tmp_path / "seminar-things-since.pickle"
    for start in (1, 2):  # one piece replaced each time: with 32 pieces, 2 new or unused ones may wait
        cache = _cache(tmp_path)
        _fill(cache, range(start, 32 + start), made)
        cache.save()
        assert since.is_file()
    cache = _cache(tmp_path)
    _fill(cache, range(3, 35), made)  # a third unused piece: one file again, holding what is in use
    cache.save()
    assert not since.exists()
    _, whole = pickle.loads((tmp_path / "seminar-things.pickle").read_bytes())
    assert sorted(whole) == sorted(f"k{key}" for key in range(3, 35))


def test_a_damaged_or_foreign_file_of_new_pieces_only_costs_time(tmp_path: Path) -> None:
    made: list[str] = []
    cache = _cache(tmp_path)
    _fill(cache, range(100), made)
    cache.save()
    cache = _cache(tmp_path)
    _fill(cache, range(101), made)
    cache.save()
    since = tmp_path / "seminar-things-since.pickle"
    for damaged in (b"not a pickle", b""):
        since.write_bytes(damaged)
        made.clear()
        cache = _cache(tmp_path)
        _fill(cache, range(101), made)
        assert made == ["k100"]  # made again, the same piece

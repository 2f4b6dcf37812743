#!/usr/bin/env python3
"""Check that the working tree builds byte-for-byte the same site as another commit.

Made for refactorings of the ``seminar`` extension (``_ext/seminar/``) that must not change what
it writes.  The script checks out ``--base`` (default ``HEAD``: compare the working tree against
the last commit) into a temporary ``git worktree``, and builds the same things from both sides:

``html`` and ``dirhtml``
    The real site, ``python -m sphinx -b html|dirhtml -q``, from the base worktree and from this
    working tree (the folder above ``benchmarks/``).  Each tree's ``conf.py`` puts that tree's own
    ``_ext`` first on ``sys.path``; the script checks which ``seminar`` package that imports
    before it builds.
``bench``
    The synthetic benchmark site of ``benchmarks/build.py`` (its ``seminar`` variant, N talks),
    generated once by this tree's ``build.py`` and built with ``-b html`` twice from the same
    folder: its ``conf.py`` points at the base worktree's ``_ext`` for the first build and at
    this tree's ``_ext`` for the second.

Every build runs sequentially in a fresh output folder with its own doctree folder (``-d``), with
the same environment: the caller's, without ``PYTHONPATH``, plus ``SOURCE_DATE_EPOCH`` fixed to
2024-05-01 (the build's "today"), ``PYTHONHASHSEED=0`` and ``PYTHONDONTWRITEBYTECODE=1`` (so
nothing is written into either source tree).  Then each pair of output trees is compared file by
file: the paths on one side only, and the files whose bytes differ, with the start of a unified
diff.  Sphinx's ``.buildinfo`` is left out of the comparison (it is reported when it differs): it
holds a hash of the configuration, which changes with ``conf.py`` and always differs between two
trees, because the extension adds the absolute path of its ``static`` folder to
``html_static_path``.  And ``searchindex.js`` records every extension's ``env_version``; the
``seminar`` one is a hash of the extension's code, so any change of the code (a pure refactoring
too) changes it.  That number is masked before ``searchindex.js`` is compared, and reported when
it differs; ``--strict`` compares the file as it is.

``SOURCE_DATE_EPOCH`` is what makes two builds comparable at all: without it the build's "today"
decides which talks are upcoming, and the copyright year.  The output was found not to depend on
the hash seed (1 and 2 gave the same bytes); it is fixed anyway.

The exit status is 0 when every compared pair is identical, 1 when a pair differs or a build
failed (the end of its output is shown), 2 when the comparison could not start (a bad ``--base``,
a ``--keep`` folder inside the sources, a ``conf.py`` that does not find its own ``_ext``).

Usage::

    .venv/bin/python benchmarks/same_output.py                      # working tree against HEAD
    .venv/bin/python benchmarks/same_output.py --base 7b69771       # ... against a commit
    .venv/bin/python benchmarks/same_output.py --only bench --n 100 # a quicker check
    .venv/bin/python benchmarks/same_output.py --keep /tmp/same-out # keep the builds and logs

A full run (two real-site builds per builder, two bench builds at N = 1000) takes about a
minute and a half on two cores, almost all of it in the two bench builds.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DATE_EPOCH = "1714521600"  # 2024-05-01T00:00:00Z, the "today" benchmarks/build.py uses too
TARGETS = ("html", "dirhtml", "bench")
SIDES = ("base", "current")
IGNORED_NAMES = {".buildinfo": "its config hash covers html_static_path, which holds each tree's absolute _ext path"}
ENV_VERSION = re.compile(rb'("envversion":\{[^}]*"seminar":)(\d+)')
MAX_DIFFERING_SHOWN = 10  # files whose diff is printed, per pair
MAX_DIFF_LINES = 30  # lines of unified diff per file
MAX_LINE_CHARS = 240  # long lines (searchindex.js is one line) are cut
MAX_LISTED = 20  # paths listed as present on one side only
LOG_TAIL_CHARS = 3000
CONF_SYS_PATH = re.compile(r"^sys\.path\.insert\(0, .*\)$", re.MULTILINE)


class SetupError(Exception):
    """The comparison cannot start (bad revision, unusable folder, misplaced extension)."""


@dataclass
class Build:
    """One Sphinx build of one side."""

    target: str
    side: str
    src: Path
    out: Path
    seconds: float
    returncode: int
    log: str

    @property
    def ok(self) -> bool:
        """Whether Sphinx exited successfully."""
        return self.returncode == 0

    def warnings(self) -> list[str]:
        """The lines of the build's output that report a warning or an error."""
        return [line for line in self.log.splitlines() if "WARNING" in line or "ERROR" in line]


@dataclass
class Comparison:
    """How two output trees differ."""

    files: int  # paths present on both sides
    identical: int
    only_base: list[str] = field(default_factory=list)
    only_current: list[str] = field(default_factory=list)
    differing: list[str] = field(default_factory=list)
    ignored_differing: list[str] = field(default_factory=list)
    masked: list[str] = field(default_factory=list)  # the same once the seminar env_version is masked

    @property
    def same(self) -> bool:
        """Whether both trees hold the same paths with the same bytes."""
        return not (self.only_base or self.only_current or self.differing)


# --------------------------------------------------------------------------------------------
# Environment, git and the two trees
# --------------------------------------------------------------------------------------------


def build_env() -> dict[str, str]:
    """The one environment every build and check runs with."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env.update(SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH, PYTHONHASHSEED="0", PYTHONDONTWRITEBYTECODE="1")
    return env


def git(*args: str, cwd: Path = ROOT) -> str:
    """Run git in ``cwd`` and return its output; raise :class:`SetupError` when it fails."""
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SetupError(f"git {' '.join(args)} failed:\n{result.stderr.strip()}")
    return result.stdout.strip()


@contextmanager
def base_worktree(rev: str) -> Iterator[Path]:
    """A detached worktree of ``rev`` in a temporary folder, removed afterwards (also on error)."""
    try:
        commit = git("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    except SetupError:
        raise SetupError(f"--base {rev}: not a commit of {ROOT}") from None
    with tempfile.TemporaryDirectory(prefix="same-output-base-") as parent:
        path = Path(parent) / "base"
        git("worktree", "add", "--detach", str(path), commit)
        try:
            yield path
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(path)], cwd=ROOT, check=False)


def extension_origin(confdir: Path, env: dict[str, str]) -> Path | None:
    """The folder of the ``seminar`` package that ``confdir/conf.py`` makes Sphinx find.

    Only looked up, not imported, so an extension that fails to import is left for its build
    to report.  ``None`` when ``seminar`` cannot be found at all.
    """
    code = (
        "import importlib.util, runpy, sys; runpy.run_path(sys.argv[1]); "
        "spec = importlib.util.find_spec('seminar'); print(spec.origin if spec and spec.origin else '')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(confdir / "conf.py")],
        cwd=confdir,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SetupError(f"cannot run {confdir / 'conf.py'}:\n{result.stderr[-LOG_TAIL_CHARS:]}")
    origin = result.stdout.strip()
    return Path(origin).resolve().parent if origin else None


def check_extension(confdir: Path, tree: Path, env: dict[str, str]) -> None:
    """Fail unless ``confdir/conf.py`` puts the ``seminar`` package of ``tree/_ext`` first on ``sys.path``."""
    origin = extension_origin(confdir, env)
    if origin is None or not origin.is_relative_to((tree / "_ext").resolve()):
        raise SetupError(f"{confdir / 'conf.py'} finds seminar in {origin}, not in {tree / '_ext'}")


def describe_trees(base: Path) -> None:
    """Print what is compared with what."""
    print(f"base:    {git('log', '-1', '--format=%h %s', cwd=base)}  (worktree {base})")
    changed = git("status", "--porcelain", "--untracked-files=all").splitlines()
    state = f"{len(changed)} changed or untracked files" if changed else "clean"
    print(f"current: {ROOT}  (HEAD {git('log', '-1', '--format=%h', cwd=ROOT)}, {state})")
    if "READTHEDOCS_CANONICAL_URL" in os.environ:
        print(f"note: READTHEDOCS_CANONICAL_URL={os.environ['READTHEDOCS_CANONICAL_URL']} is set (both sides see it)")


# --------------------------------------------------------------------------------------------
# Building
# --------------------------------------------------------------------------------------------


def run_sphinx(target: str, side: str, builder: str, src: Path, work: Path, env: dict[str, str]) -> Build:
    """Build ``src`` with ``builder`` into ``work/side/target`` and report it."""
    out = work / side / target
    doctrees = work / "doctrees" / f"{side}-{target}"
    log_path = work / "logs" / f"{side}-{target}.log"
    for folder in (out, doctrees):
        shutil.rmtree(folder, ignore_errors=True)
    log_path.parent.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "sphinx", "-b", builder, "-q", "-d", str(doctrees), str(src), str(out)]
    print(f"  {target:<8} {side:<8} ", end="", flush=True)
    start = time.perf_counter()
    with log_path.open("wb") as log:
        result = subprocess.run(command, cwd=src, env=env, stdout=log, stderr=subprocess.STDOUT, check=False)
    log_text = log_path.read_text("utf-8", "replace")
    build = Build(target, side, src, out, time.perf_counter() - start, result.returncode, log_text)
    status = "ok" if build.ok else f"FAILED (exit {build.returncode})"
    print(f"{build.seconds:6.1f} s  {status}, {len(build.warnings())} warning lines")
    return build


def generate_bench_site(n: int, work: Path, env: dict[str, str]) -> Path:
    """Write the ``seminar`` variant of the N-talk benchmark site with this tree's ``build.py``."""
    dest = work / "bench-site"
    shutil.rmtree(dest, ignore_errors=True)
    command = [sys.executable, str(ROOT / "benchmarks" / "build.py"), "--generate", str(dest), "--n", str(n)]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SetupError(f"benchmarks/build.py --generate failed:\n{(result.stdout + result.stderr)[-LOG_TAIL_CHARS:]}")
    return dest / f"n{n}" / "seminar"


def point_conf_at(site: Path, ext: Path) -> None:
    """Make the generated site's ``conf.py`` put ``ext`` on ``sys.path`` (in place of its own line)."""
    conf = site / "conf.py"
    text, count = CONF_SYS_PATH.subn(lambda _: f"sys.path.insert(0, {str(ext)!r})", conf.read_text("utf-8"))
    if count != 1:
        raise SetupError(f"{conf}: expected one sys.path.insert line, found {count}")
    conf.write_text(text, encoding="utf-8")


def build_real_site(target: str, trees: dict[str, Path], work: Path, env: dict[str, str]) -> list[Build]:
    """Both sides of the real site with the builder ``target`` (``html`` or ``dirhtml``)."""
    return [run_sphinx(target, side, target, trees[side], work, env) for side in SIDES]


def build_bench_site(site: Path, trees: dict[str, Path], work: Path, env: dict[str, str]) -> list[Build]:
    """Both sides of the benchmark site, from one folder whose ``conf.py`` is repointed in between."""
    builds: list[Build] = []
    for side in SIDES:
        point_conf_at(site, trees[side] / "_ext")
        check_extension(site, trees[side], env)
        builds.append(run_sphinx("bench", side, "html", site, work, env))
    return builds


# --------------------------------------------------------------------------------------------
# Comparing
# --------------------------------------------------------------------------------------------


def tree_files(root: Path) -> set[str]:
    """Every file below ``root``, as a relative POSIX path."""
    return {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()}


def mask_env_version(rel: str, data: bytes) -> bytes:
    """``data`` with the ``seminar`` env_version replaced by 0 when ``rel`` is a ``searchindex.js``."""
    return ENV_VERSION.sub(rb"\g<1>0", data, count=1) if Path(rel).name == "searchindex.js" else data


def env_version(data: bytes) -> str:
    """The ``seminar`` env_version a ``searchindex.js`` records, or ``?``."""
    match = ENV_VERSION.search(data)
    return match.group(2).decode() if match else "?"


def compare_trees(base: Path, current: Path, strict: bool) -> Comparison:
    """Compare two output trees path by path and byte by byte (see :func:`mask_env_version`)."""
    base_files, current_files = tree_files(base), tree_files(current)
    common = sorted(base_files & current_files)
    comparison = Comparison(
        files=len(common),
        identical=0,
        only_base=sorted(base_files - current_files),
        only_current=sorted(current_files - base_files),
    )
    for rel in common:
        a, b = (base / rel).read_bytes(), (current / rel).read_bytes()
        if a == b:
            comparison.identical += 1
        elif not strict and mask_env_version(rel, a) == mask_env_version(rel, b):
            comparison.identical += 1
            comparison.masked.append(rel)
        elif Path(rel).name in IGNORED_NAMES:
            comparison.ignored_differing.append(rel)
        else:
            comparison.differing.append(rel)
    return comparison


def _cut(line: str) -> str:
    line = line.rstrip("\n")
    return line if len(line) <= MAX_LINE_CHARS else f"{line[:MAX_LINE_CHARS]}… ({len(line)} chars)"


def first_difference(a: bytes, b: bytes) -> int:
    """The offset of the first byte where ``a`` and ``b`` differ."""
    for offset, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return offset
    return min(len(a), len(b))


def diff_excerpt(base: Path, current: Path, rel: str) -> list[str]:
    """A short description of how ``rel`` differs: the first differing byte, then a unified diff."""
    a, b = (base / rel).read_bytes(), (current / rel).read_bytes()
    offset = first_difference(a, b)
    lines = [f"sizes {len(a)} / {len(b)} bytes, first difference at byte {offset}"]
    try:
        text_a, text_b = a.decode("utf-8"), b.decode("utf-8")
    except UnicodeDecodeError:
        return [*lines, "(binary file)"]
    window = slice(max(0, offset - 80), offset + 80)
    lines += [
        f"base:    …{a[window].decode('utf-8', 'replace')!r}…",
        f"current: …{b[window].decode('utf-8', 'replace')!r}…",
    ]
    diff = difflib.unified_diff(
        text_a.splitlines(keepends=True),
        text_b.splitlines(keepends=True),
        f"base/{rel}",
        f"current/{rel}",
        n=1,
    )
    shown = [_cut(line) for _, line in zip(range(MAX_DIFF_LINES), diff, strict=False)]
    return lines + shown


def print_paths(label: str, paths: list[str]) -> None:
    """List at most :data:`MAX_LISTED` paths under a heading."""
    if not paths:
        return
    print(f"  only in {label} ({len(paths)}):")
    for rel in paths[:MAX_LISTED]:
        print(f"    {rel}")
    if len(paths) > MAX_LISTED:
        print(f"    … and {len(paths) - MAX_LISTED} more")


def report_pair(target: str, builds: list[Build], strict: bool) -> bool:
    """Print how the two builds of ``target`` compare; whether they are identical."""
    base, current = builds
    print(f"\n=== {target}: base {base.out}  vs  current {current.out}")
    failed = [build for build in builds if not build.ok]
    for build in failed:
        print(f"  the {build.side} build failed (exit {build.returncode}); end of its output:")
        print("    " + build.log[-LOG_TAIL_CHARS:].replace("\n", "\n    ").rstrip())
    if failed:
        return False
    comparison = compare_trees(base.out, current.out, strict)
    verdict = "IDENTICAL" if comparison.same else "DIFFERENT"
    print(f"  {verdict}: {comparison.files} files on both sides, {comparison.identical} identical, ", end="")
    print(
        f"{len(comparison.differing)} differing, {len(comparison.only_base) + len(comparison.only_current)} on one side"
    )
    for rel in comparison.ignored_differing:
        print(f"  note: {rel} differs (ignored: {IGNORED_NAMES[Path(rel).name]})")
    for rel in comparison.masked:
        versions = [env_version((build.out / rel).read_bytes()) for build in builds]
        print(f"  note: {rel} differs only in the seminar env_version, a hash of the code ({' -> '.join(versions)})")
    print_paths("base", comparison.only_base)
    print_paths("current", comparison.only_current)
    for rel in comparison.differing[:MAX_DIFFERING_SHOWN]:
        print(f"  --- {rel}")
        for line in diff_excerpt(base.out, current.out, rel):
            print(f"    {line}")
    if len(comparison.differing) > MAX_DIFFERING_SHOWN:
        rest = comparison.differing[MAX_DIFFERING_SHOWN:]
        print(f"  … and {len(rest)} more differing files: {', '.join(rest[:MAX_LISTED])}")
    report_warnings(base, current)
    return comparison.same


def report_warnings(base: Build, current: Build) -> None:
    """Say whether the builds warned differently (not counted as a difference of the output)."""
    normalized = [
        [line.replace(str(build.src), "<src>").replace(str(build.out), "<out>") for line in build.warnings()]
        for build in (base, current)
    ]
    if normalized[0] != normalized[1]:
        print(f"  note: the builds' warnings differ ({len(normalized[0])} vs {len(normalized[1])} lines); see the logs")


# --------------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------------


def parse_targets(text: str) -> list[str]:
    """The ``--only`` list, checked against :data:`TARGETS` and kept in their order."""
    wanted = {part.strip() for part in text.split(",") if part.strip()}
    unknown = wanted - set(TARGETS)
    if unknown or not wanted:
        raise argparse.ArgumentTypeError(f"choose among {', '.join(TARGETS)} (got {text!r})")
    return [target for target in TARGETS if target in wanted]


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command-line options."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--base", default="HEAD", help="revision to compare the working tree against (default HEAD: the last commit)"
    )
    parser.add_argument("--n", type=int, default=1000, help="talks in the benchmark site (default 1000)")
    parser.add_argument("--keep", type=Path, help="build into this folder and keep it (default: a temporary folder)")
    parser.add_argument(
        "--only", type=parse_targets, default=list(TARGETS), help="comma-separated subset of html,dirhtml,bench"
    )
    parser.add_argument(
        "--strict", action="store_true", help="compare searchindex.js as it is (the seminar env_version unmasked)"
    )
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("--n must be at least 1")
    return args


@contextmanager
def work_folder(keep: Path | None) -> Iterator[Path]:
    """The folder the builds go to: ``keep`` (created, never inside the sources) or a temporary one."""
    if keep is None:
        with tempfile.TemporaryDirectory(prefix="same-output-") as temp:
            yield Path(temp)
        return
    keep = keep.resolve()
    if keep.is_relative_to(ROOT) and not keep.is_relative_to(ROOT / "_build"):
        raise SetupError(f"--keep {keep}: inside the site's sources, the build would read it (use {ROOT / '_build'})")
    keep.mkdir(parents=True, exist_ok=True)
    yield keep


def compare(args: argparse.Namespace, work: Path, env: dict[str, str]) -> bool:
    """Check out the base, build every target on both sides and report; whether all are identical."""
    with base_worktree(args.base) as base:
        trees = {"base": base, "current": ROOT}
        describe_trees(base)
        print(f"builds in {work} (SOURCE_DATE_EPOCH={SOURCE_DATE_EPOCH}, PYTHONHASHSEED=0)\n")
        builds: dict[str, list[Build]] = {}
        real = [target for target in args.only if target != "bench"]
        if real:
            for side in SIDES:
                check_extension(trees[side], trees[side], env)
        for target in real:
            builds[target] = build_real_site(target, trees, work, env)
        if "bench" in args.only:
            site = generate_bench_site(args.n, work, env)
            print(f"  (benchmark site, N = {args.n}, generated in {site})")
            builds["bench"] = build_bench_site(site, trees, work, env)
        results = [report_pair(target, pair, args.strict) for target, pair in builds.items()]
    return all(results)


def main(argv: Sequence[str] | None = None) -> int:
    """Build both sides, compare them and print the differences."""
    args = parse_args(argv)
    started = time.perf_counter()
    env = build_env()
    try:
        with work_folder(args.keep) as work:
            same = compare(args, work, env)
    except SetupError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"\n{'all identical' if same else 'DIFFERENCES FOUND'} ({time.perf_counter() - started:.0f} s in all)")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())

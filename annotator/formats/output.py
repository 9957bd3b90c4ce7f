"""Staged outputs of any shape: written beside the target, checked against what may be replaced, then moved in.

An export writes into a stage folder `.NAME.TAG.tmp` beside its target (TAG
names the owner process, see `stages`). What it may replace is decided by
`targets.refusal`, before anything is written and again before the moves.
A file replaces a file with one atomic rename; any swap involving a folder
moves the old entry aside (`.NAME.TAG.old`), renames the new one in, and
deletes the old one. Whatever an interrupted export left is recovered by the
next export to the same target (`recover_leftovers`, also for `annotator doctor`).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.errors import AnnotatorError
from annotator.formats.stages import (
    MOVING,
    Leftover,
    find_leftovers,
    find_leftovers_in,
    new_tag,
    recover_leftovers,
    remove,
    stage_name,
)
from annotator.formats.targets import FILE, FOLDER, MARKER, Policy, protected_refusal, refusal

__all__ = [
    "Leftover",
    "Policy",
    "Stage",
    "find_leftovers",
    "find_leftovers_in",
    "is_shard_folder",
    "recover_leftovers",
    "shard_name",
    "staged_output",
]

SHARD_PREFIX = "part-"


def shard_name(n: int, suffix: str) -> str:
    """The name of the nth shard (from 1) of an output written as a folder of parts."""
    return f"{SHARD_PREFIX}{n:05d}{suffix}"


def is_shard_folder(path: Path, suffix: str) -> bool:
    """True when `path` is a folder holding shards named by shard_name (and our marker), and nothing else."""
    pattern = re.compile(rf"{re.escape(SHARD_PREFIX)}\d{{5,}}{re.escape(suffix)}")
    try:
        children = [c for c in path.iterdir() if c.name != MARKER] if path.is_dir() else []
    except OSError:
        return False
    return bool(children) and all(c.is_file() and pattern.fullmatch(c.name) for c in children)


@dataclass
class Stage:
    """Where a writer writes, and what was done before it started.

    Attributes:
        path: `stage/<target name>`: the writer creates a file or folder there, and sidecars beside it.
        notes: what the recovery of an interrupted earlier export did, for the export's notes.
    """

    path: Path
    notes: list[str] = field(default_factory=list)


@contextlib.contextmanager
def staged_output(target: Path, policy: Policy | None = None) -> Iterator[Stage]:
    """Yield a Stage; on success every entry written there replaces its namesake beside target.

    Refused (AnnotatorError naming the path) when the policy forbids the target,
    before anything is written; on any error the stage is removed and nothing is
    left behind.
    """
    policy = policy or Policy()
    target = Path(os.path.abspath(target))
    folder = target.parent
    if not target.name:
        raise AnnotatorError(f"{target}: is not a file or folder name")
    if not folder.is_dir():
        raise AnnotatorError(f"{target}: the folder {folder} does not exist")
    problem = protected_refusal(target, policy)
    if problem is not None:
        raise AnnotatorError(problem)
    notes = recover_leftovers(target)
    problem = refusal(target, policy.shape, policy)
    if problem is not None:
        raise AnnotatorError(_after(problem, notes))
    tag = new_tag()
    stage = folder / stage_name(target.name, tag, "tmp")
    try:
        stage.mkdir(mode=0o700)
    except OSError as exc:
        raise AnnotatorError(f"{target}: cannot write here ({exc.strerror})") from None
    try:
        yield Stage(stage / target.name, notes)
        entries = sorted(stage.iterdir())
        for entry in entries:
            kind = FOLDER if entry.is_dir() else FILE
            problem = refusal(folder / entry.name, kind, policy, sidecar=entry.name != target.name)
            if problem is not None:
                raise AnnotatorError(_after(f"{problem}; nothing was written", notes))
        for entry in entries:
            _sync(entry)
        # From here on the export is complete: recovery may finish moving it if interrupted.
        moving = stage / MOVING
        moving.write_text(json.dumps([e.name for e in entries]), encoding="utf-8")
        _sync(moving)
        for entry in entries:
            _move_into_place(entry, folder / entry.name, stage_name(target.name, tag, "old"))
        _sync_folder(folder)
    except OSError as exc:
        raise AnnotatorError(
            f"{target}: could not be written ({exc.strerror or exc}); nothing was left behind"
        ) from None
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _after(problem: str, notes: list[str]) -> str:
    """A refusal, with what the recovery did just before it."""
    return f"{problem} (before that: {'; '.join(notes)})" if notes else problem


def _sync(path: Path) -> None:
    """Make a file, or a folder with everything in it, durable before it is moved into place.

    A folder of many files (brat writes two per document) is flushed with one
    syncfs(2) of its file system where Linux has it, instead of one fsync per
    file: it writes every dirty page and inode of that file system, so of
    every file in the folder, and since Linux 5.8 it reports a write-back
    error of any of them, as fsync would. Elsewhere each file is fsynced.
    The folders themselves are fsynced either way, for their entries.
    """
    if path.is_file():
        _fsync(path)
        return
    folders = [path, *(p for p in path.rglob("*") if p.is_dir() and not p.is_symlink())]
    if not _syncfs(path):
        for f in path.rglob("*"):
            if f.is_file() and not f.is_symlink():
                _fsync(f)
    for folder in folders:
        _sync_folder(folder)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _syncfs(path: Path) -> bool:
    """syncfs(2) of the file system holding `path`; False where unavailable (not Linux 5.8 or later)."""
    if not _HAS_SYNCFS:
        return False
    import ctypes

    try:
        syncfs = ctypes.CDLL(None, use_errno=True).syncfs
    except (AttributeError, OSError):  # a C library without it
        return False
    fd = os.open(path, os.O_RDONLY)
    try:
        if syncfs(fd) != 0:
            err = ctypes.get_errno()
            raise OSError(err, os.strerror(err))
    finally:
        os.close(fd)
    return True


def _kernel_at_least(release: str, wanted: tuple[int, int]) -> bool:
    """True when a Linux release string (e.g. "6.1.0-13-amd64") is at least `wanted` (major, minor)."""
    found = re.match(r"(\d+)\.(\d+)", release)
    return found is not None and (int(found[1]), int(found[2])) >= wanted


_HAS_SYNCFS = sys.platform.startswith("linux") and _kernel_at_least(os.uname().release, (5, 8))
"""syncfs reports write-back errors since Linux 5.8 (errseq on the superblock); before, it may not."""


def _sync_folder(folder: Path) -> None:
    """Make the renames in a folder durable (POSIX; a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _move_into_place(entry: Path, dest: Path, aside_name: str) -> None:
    """Rename entry to dest; a swap when either is a folder (the rules were checked before)."""
    dest_is_folder = dest.is_dir() and not dest.is_symlink()
    if (entry.is_dir() or dest_is_folder) and os.path.lexists(dest):
        _swap(entry, dest, dest.parent / aside_name)
    else:
        os.replace(entry, dest)


def _swap(entry: Path, dest: Path, aside: Path) -> None:
    """Replace dest by entry: the old one is moved aside, the new one renamed in, the old one removed."""
    os.replace(dest, aside)
    try:
        os.replace(entry, dest)
    except OSError:
        os.replace(aside, dest)
        raise
    with contextlib.suppress(OSError):
        remove(aside)  # if this fails, the next export to the target deletes it

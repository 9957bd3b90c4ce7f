"""Atomic outputs of any shape: write into a staging folder beside the target, then move into place."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from annotator.core.errors import AnnotatorError

SHARD_PREFIX = "part-"


def shard_name(n: int, suffix: str) -> str:
    """The name of the nth shard (from 1) of an output written as a folder of parts."""
    return f"{SHARD_PREFIX}{n:05d}{suffix}"


def is_shard_folder(path: Path, suffix: str) -> bool:
    """True when `path` is a folder holding shards named by shard_name, and nothing else."""
    pattern = re.compile(rf"{re.escape(SHARD_PREFIX)}\d{{5,}}{re.escape(suffix)}")
    try:
        children = list(path.iterdir()) if path.is_dir() else []
    except OSError:
        return False
    return bool(children) and all(c.is_file() and pattern.fullmatch(c.name) for c in children)


@contextlib.contextmanager
def staged_output(target: Path) -> Iterator[Path]:
    """Yield `stage/<target name>`; on success every entry of the stage replaces its namesake beside target.

    A writer may create a file or a folder at the yielded path, and sidecar files
    beside it. On any error the stage is removed and nothing is left behind.
    """
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise AnnotatorError(f"{target}: the folder {folder} does not exist")
    try:
        stage = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder))
    except OSError as exc:
        raise AnnotatorError(f"{target}: cannot write here ({exc.strerror})") from None
    try:
        yield stage / target.name
        entries = sorted(stage.iterdir())
        for entry in entries:
            _sync(entry)
        for entry in entries:
            _move_into_place(entry, folder / entry.name)
    except OSError as exc:
        raise AnnotatorError(
            f"{target}: could not be written ({exc.strerror or exc}); nothing was left behind"
        ) from None
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _sync(path: Path) -> None:
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    for f in files:
        fd = os.open(f, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _move_into_place(entry: Path, dest: Path) -> None:
    if entry.is_dir():
        if dest.is_dir() or dest.is_file():
            # A file is replaced by a folder as it would be by a file: a sharded export
            # (spacy) that outgrew one file takes the place of its previous single file.
            _swap(entry, dest)
        else:
            os.replace(entry, dest)
    else:
        if dest.is_dir():
            # Only a folder of shards (the same export, when it was larger) may become one
            # file again; any other folder is the user's and is never removed.
            if not is_shard_folder(dest, entry.suffix):
                raise AnnotatorError(f"{dest}: is a folder; the export needs a file there")
            _swap(entry, dest)
        else:
            os.replace(entry, dest)


def _swap(entry: Path, dest: Path) -> None:
    """Replace dest by entry: the old one is moved aside, the new one renamed in, the old one removed."""
    aside = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", suffix=".old", dir=dest.parent))
    aside.rmdir()
    os.replace(dest, aside)
    os.replace(entry, dest)
    if aside.is_dir():
        shutil.rmtree(aside, ignore_errors=True)
    else:
        aside.unlink(missing_ok=True)

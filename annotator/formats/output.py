"""Atomic outputs of any shape: write into a staging folder beside the target, then move into place."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from annotator.core.errors import AnnotatorError


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
        if dest.exists() and not dest.is_dir():
            raise AnnotatorError(f"{dest}: is a file; the export needs a folder there")
        if dest.exists():
            # Swap folders: the old one is moved aside, the new one renamed in, the old one removed.
            aside = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", suffix=".old", dir=dest.parent))
            aside.rmdir()
            os.replace(dest, aside)
            os.replace(entry, dest)
            shutil.rmtree(aside, ignore_errors=True)
        else:
            os.replace(entry, dest)
    else:
        if dest.is_dir():
            raise AnnotatorError(f"{dest}: is a folder; the export needs a file there")
        os.replace(entry, dest)

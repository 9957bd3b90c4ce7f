"""Atomic file writes: a temporary file beside the target, then a rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from annotator.core.errors import AnnotatorError


@contextlib.contextmanager
def atomic_write(path: Path, mode: str = "w") -> Iterator[IO[str]]:
    """Open a temporary file for writing that replaces `path` only when the block succeeds."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise AnnotatorError(f"{path}: the folder {folder} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise AnnotatorError(f"{path}: cannot write here ({exc.strerror})") from None
    tmp_path = Path(tmp)
    try:
        with os.fdopen(
            fd, mode, encoding=None if "b" in mode else "utf-8", newline="" if "b" not in mode else None
        ) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp_path, path)
    except OSError as exc:
        tmp_path.unlink(missing_ok=True)
        raise AnnotatorError(
            f"{path}: could not be written ({exc.strerror or exc}); nothing was left behind"
        ) from None
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise

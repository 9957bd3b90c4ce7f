"""Input files: only regular files are opened (a named pipe would hang the read), and file names as stored."""

from __future__ import annotations

import os
import re
import stat
import weakref
from pathlib import Path
from typing import BinaryIO

from annotator.core.errors import ValidationError

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
# The input opened last, for a front end's progress by size (`reading_position`).
_last: list[tuple[str, weakref.ref[BinaryIO]]] = []


def stored_name(name: str) -> str:
    """A file name as text that can be stored: bytes that are not UTF-8 (os.fsdecode's surrogates) as \\xNN."""
    return _LONE_SURROGATE.sub(_escape, name) if _LONE_SURROGATE.search(name) else name


def _escape(found: re.Match[str]) -> str:
    code = ord(found.group())
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


def not_a_file(path: Path, mode: int) -> ValidationError | None:
    """The refusal of anything that is not a regular file (a pipe, socket, device or folder), or None."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        kind = "a named pipe (FIFO)"
    elif stat.S_ISSOCK(mode):
        kind = "a socket"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        kind = "a device"
    elif stat.S_ISDIR(mode):
        kind = "a folder"
    else:
        kind = "not a regular file"
    return ValidationError(f"{path}: is {kind}, not a regular file; give a file or a folder")


def open_input(path: Path) -> BinaryIO:
    """Open a file for reading its bytes; anything but a regular file is refused at once."""
    try:
        # Non-blocking, so that opening a FIFO nobody writes to returns at once instead of hanging.
        fd = os.open(path, os.O_RDONLY | _NONBLOCK | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise ValidationError(f"{path}: cannot be read ({exc.strerror})") from None
    try:
        refused = not_a_file(path, os.fstat(fd).st_mode)
        if refused is not None:
            raise refused
        if _NONBLOCK:
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    fh = os.fdopen(fd, "rb")
    _last[:] = [(str(path), weakref.ref(fh))]
    return fh


def reading_position() -> tuple[str, int | None] | None:
    """The input file opened last and the bytes read of it (None once it is closed), or None.

    Lets a front end show an import's progress by the size of the file being read.
    """
    if not _last:
        return None
    path, ref = _last[0]
    fh = ref()
    if fh is None or fh.closed:
        return path, None
    try:
        return path, fh.tell()
    except (OSError, ValueError):
        return path, None


def read_input(path: Path) -> bytes:
    """The bytes of a regular file (see `open_input`), with a clear error."""
    with open_input(path) as fh:
        try:
            return fh.read()
        except OSError as exc:
            raise ValidationError(f"{path}: cannot be read ({exc.strerror})") from None

"""Exports checked as they are written: a running checksum of every byte, made durable and re-read once.

A writer that checks each document as it writes it (with the same checks as
`annotator validate`, on the objects it serialises) needs no second parse of
its file. What is left to prove is that the bytes on disk are the bytes
written: `CheckedFile` counts and checksums what goes out, `close()` fsyncs
it, and `confirm` re-reads each file in large blocks after the writer is done
and compares (a short write, a flipped byte or a file changed meanwhile fails).
A writer of many small files (brat) writes each whole with `write_whole`, left
to the stage to make durable in one pass.
"""

from __future__ import annotations

import os
import zlib
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from annotator.formats.base import WriteStats

BLOCK = 1 << 20


class CheckedFile:
    """A UTF-8 file written through a running CRC-32 and byte count, fsynced on close, recorded in `stats`.

    Attributes:
        path: the file.
        size: bytes written so far.
        crc: the CRC-32 of those bytes.
    """

    def __init__(self, path: Path, stats: WriteStats) -> None:
        self.path = path
        self.size = 0
        self.crc = 0
        self._stats = stats
        self._fh: BinaryIO = path.open("wb")
        self._pending: list[bytes] = []
        self._pending_size = 0

    def write(self, text: str) -> None:
        """Write text as UTF-8."""
        self.write_bytes(text.encode("utf-8"))

    def write_bytes(self, data: bytes) -> None:
        """Write bytes as they are."""
        self._pending.append(data)
        self._pending_size += len(data)
        if self._pending_size >= BLOCK:
            self._drain()

    def _drain(self) -> None:
        if self._pending:
            data = b"".join(self._pending)
            self._pending.clear()
            self._pending_size = 0
            self.crc = zlib.crc32(data, self.crc)
            self.size += len(data)
            self._fh.write(data)

    def close(self) -> None:
        """Write what is pending, make the file durable, and record its size and checksum for `confirm`."""
        if self._fh.closed:
            return
        try:
            self._drain()
            self._fh.flush()
            os.fsync(self._fh.fileno())
        finally:
            self._fh.close()
        self._stats.written[str(self.path)] = (self.size, self.crc)

    def __enter__(self) -> CheckedFile:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if kind is None:
            self.close()
        else:
            self._fh.close()


def write_whole(path: Path, data: bytes, stats: WriteStats) -> None:
    """Write a small file in one go and record its size and CRC-32 for `confirm`.

    Not fsynced here: for a folder of many files, the stage makes them all
    durable at once before moving the folder into place (`output`).
    """
    with path.open("wb") as fh:
        fh.write(data)
    stats.written[str(path)] = (len(data), zlib.crc32(data))


def confirm(stats: WriteStats) -> list[str]:
    """Re-read every file a writer recorded; a problem for each whose bytes are not those written."""
    problems = []
    for name, (size, crc) in stats.written.items():
        found_size, found_crc = 0, 0
        try:
            with open(name, "rb") as fh:
                while block := fh.read(BLOCK):
                    found_size += len(block)
                    found_crc = zlib.crc32(block, found_crc)
        except OSError as exc:
            problems.append(f"{name}: cannot be read back ({exc.strerror or exc})")
            continue
        if found_size != size:
            problems.append(f"{name}: {found_size} bytes on disk, {size} written")
        elif found_crc != crc:
            problems.append(f"{name}: the bytes on disk differ from those written")
    return problems

"""Progress of long commands on stderr: a tqdm bar on a terminal, a plain line every few seconds otherwise.

tqdm is imported only when a bar is drawn, so commands start as fast without it.
An import counts the bytes of its files as they are read (the total is their
size); other commands count what the operation reports (documents, steps).
`ANNOTATOR_PROGRESS_INTERVAL` sets the seconds between plain lines (default 5).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, TextIO

INTERVAL_ENV = "ANNOTATOR_PROGRESS_INTERVAL"


def size_text(n: float) -> str:
    """A byte count as people read it: 512 B, 3.4 MB."""
    for unit in ("B", "kB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n:.1f} TB"  # pragma: no cover - the loop returns at GB


def duration_text(seconds: float) -> str:
    """A duration as people read it: 4 s, 2 min 5 s, 1 h 3 min."""
    s = round(seconds)
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min {s % 60} s"
    return f"{s // 3600} h {s % 3600 // 60} min"


def _interval() -> float:
    """Seconds between plain progress lines: $ANNOTATOR_PROGRESS_INTERVAL, else 5."""
    try:
        return max(0.0, float(os.environ.get(INTERVAL_ENV) or 5))
    except ValueError:
        return 5.0


def _sized(stream: TextIO) -> bool:
    """Whether the terminal reports its size (a bare pseudo-terminal says 0 x 0)."""
    try:
        size = os.get_terminal_size(stream.fileno())
    except (OSError, ValueError):
        return False
    return size.columns > 0 and size.lines > 0


class FileBytes:
    """How many bytes of an import's files have been read: the files before the one being read, and of it."""

    def __init__(self, paths: Sequence[Path]) -> None:
        from annotator.formats import registry

        self.starts: dict[str, tuple[int, int]] = {}  # file -> (bytes of the files before it, its size)
        self.total = 0
        for path, _named in registry.walk(paths):
            try:
                size = path.stat().st_size
            except OSError:
                size = 0
            self.starts[str(path)] = (self.total, size)
            self.total += size
        self._done = 0

    def done(self) -> int:
        """Bytes read so far (never going back)."""
        from annotator.formats import inputs

        found = inputs.reading_position()
        if found is not None and found[0] in self.starts:
            before, size = self.starts[found[0]]
            read = size if found[1] is None else min(found[1], size)
            self._done = max(self._done, before + read)
        return self._done


class Progress:
    """A progress callback for the facade's long operations (`(done, total) -> True`), drawn on stderr.

    Use it as a context manager, or call `close`, so the bar's last state stays on its own line.
    """

    def __init__(
        self,
        label: str,
        *,
        quiet: bool = False,
        unit: str = "",
        files: FileBytes | None = None,
        stream: TextIO | None = None,
    ) -> None:
        self.label = label
        self.quiet = quiet
        self.unit = unit
        self.files = files
        self.stream = stream if stream is not None else sys.stderr
        self.tty = self.stream.isatty()
        self.interval = _interval()
        self.started = time.monotonic()
        self._printed = time.monotonic()
        self._lines = 0
        self._bar: Any = None
        self._state: tuple[int, int | None] = (0, None)

    def __call__(self, done: int, total: int | None) -> bool:
        if self.quiet:
            return True
        if self.files is not None:
            done, total = self.files.done(), self.files.total
        self._state = (done, total)
        if self.tty:
            self._draw(done, total)
        elif time.monotonic() - self._printed >= self.interval:
            self._line(done, total)
        return True

    def _draw(self, done: int, total: int | None) -> None:
        bar = self._bar
        if bar is None:
            from tqdm import tqdm

            size = self.files is not None
            known = _sized(self.stream)
            bar = self._bar = tqdm(
                total=total or None,
                desc=self.label,
                unit="B" if size else (self.unit or "it"),
                unit_scale=size,
                unit_divisor=1000,
                file=self.stream,
                # A terminal that reports no size (0 x 0) would get no bar at all.
                dynamic_ncols=known,
                ncols=None if known else 80,
                nrows=None if known else 24,
                mininterval=0.2,
                smoothing=0.1,
            )
        if total and bar.total != total:
            bar.total = total
        if done > bar.n:
            bar.update(done - bar.n)

    def _amount(self, n: int) -> str:
        if self.files is not None:
            return size_text(n)
        return f"{n:,} {self.unit}".rstrip()

    def _line(self, done: int, total: int | None) -> None:
        now = time.monotonic()
        self._printed = now
        self._lines += 1
        spent = max(now - self.started, 1e-9)
        rate = done / spent
        per = f"{size_text(rate)}/s" if self.files is not None else f"{rate:,.0f} {self.unit or 'items'}/s"
        if total and self.files is None:
            text = f"{self.label}: {done:,} of {self._amount(total)} ({100 * done / total:.0f}%)"
        elif total:
            text = f"{self.label}: {self._amount(done)} of {self._amount(total)} ({100 * done / total:.0f}%)"
        else:
            text = f"{self.label}: {self._amount(done)}"
        text += f", {per}"
        if total and rate > 0 and done < total:
            text += f", about {duration_text((total - done) / rate)} left"
        print(text, file=self.stream, flush=True)

    def close(self, *, failed: bool = False) -> None:
        """End the bar (its last state stays), or say once that the work is done after plain lines."""
        done, total = self._state
        if self.files is not None and not failed:
            done = total = self.files.total  # every file was read, the last one to its end
        if self._bar is not None:
            if not failed and total and self._bar.n < total:
                self._bar.update(total - self._bar.n)
            self._bar.close()
            self._bar = None
        elif self._lines and not failed:
            spent = duration_text(time.monotonic() - self.started)
            print(f"{self.label}: done, {self._amount(done)} in {spent}", file=self.stream, flush=True)
        self._lines = 0

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close(failed=kind is not None)

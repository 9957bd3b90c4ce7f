"""Progress of long operations: a callback the front end gives, which can also cancel."""

from __future__ import annotations

from collections.abc import Callable

from annotator.core.errors import Cancelled

Progress = Callable[[int, int | None], bool]
"""Called with (done, total or None); returning False cancels the operation."""


def report(
    progress: Progress | None, done: int, total: int | None, what: str = "nothing was written"
) -> None:
    """Tell the front end how far an operation is; raise Cancelled when it asked to stop."""
    if progress is not None and not progress(done, total):
        raise Cancelled(f"cancelled; {what}")

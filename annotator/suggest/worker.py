"""A child process that runs a pure-Python suggester on batches of texts, so a long run uses a second core.

The parent sends pickled `(suggester, texts)` on the child's stdin and reads the pickled
proposals back from its stdout, one batch at a time. A plain `python -m` child (not
multiprocessing) never re-imports the caller's main module, so it works the same from the
command line, the window's worker thread, a test or a script.
"""

from __future__ import annotations

import logging
import pickle
import subprocess
import sys
from collections.abc import Sequence
from typing import IO, Any

from annotator.core.child import end_child
from annotator.suggest.base import Proposal, Suggester

log = logging.getLogger(__name__)


class Worker:
    """The parent's end: `send` a batch, then `receive` its proposals before sending the next."""

    def __init__(self) -> None:
        self._proc: subprocess.Popen[bytes] | None = subprocess.Popen(
            [sys.executable, "-m", "annotator.suggest.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )

    @property
    def alive(self) -> bool:
        """Whether the child still takes batches."""
        return self._proc is not None and self._proc.poll() is None

    def send(self, suggester: Suggester, texts: Sequence[str]) -> bool:
        """Give the child a batch; False when it is gone (the caller suggests in its own process)."""
        if self._proc is None or self._proc.stdin is None:
            return False
        try:
            pickle.dump((suggester, list(texts)), self._proc.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            self._proc.stdin.flush()
        except (OSError, pickle.PicklingError):
            log.warning("the suggestion worker process stopped; suggesting in this one", exc_info=True)
            self.close()
            return False
        return True

    def receive(self) -> list[Proposal] | None:
        """The proposals of the batch sent last, or None when the child failed on it."""
        if self._proc is None or self._proc.stdout is None:
            return None
        try:
            found: list[Proposal] = pickle.load(self._proc.stdout)
        except (EOFError, OSError, pickle.UnpicklingError):
            log.warning("the suggestion worker process stopped; suggesting in this one", exc_info=True)
            self.close()
            return None
        return found

    def close(self) -> None:
        """End the child (it stops when its stdin closes)."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        end_child(proc)


def serve(inp: IO[bytes], out: IO[bytes]) -> None:
    """The child's loop: read a batch, write its proposals, until the parent closes the pipe."""
    while True:
        try:
            suggester, texts = pickle.load(inp)
        except EOFError:
            return
        result: Any = suggester.suggest(texts)
        try:
            pickle.dump(result, out, protocol=pickle.HIGHEST_PROTOCOL)
            out.flush()
        except BrokenPipeError:  # the parent stopped (a cancelled run): nothing to say
            return


if __name__ == "__main__":
    serve(sys.stdin.buffer, sys.stdout.buffer)

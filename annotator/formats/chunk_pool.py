"""Work an export's documents out chunk by chunk, in order, in this process and in a child process beside it.

A token export spends most of its time laying out each document on its own
(prodigy: tokenizing and writing out every token), so with a core free a child
process takes chunks too. `ChunkPool.map` yields each chunk's result in the
order of the chunks, whichever process made it. The child is only help: it is
started when the export has at least START items, takes chunks once it has set
up (spaCy imported), and never more than AHEAD at a time, so this process keeps
working meanwhile; when it fails or stops, its chunks are worked out again
here, so a problem is raised exactly as without it. The work is a picklable
factory and its arguments (`make(*args)` gives the function of a chunk), built
the same in both processes; a chunk's function must not change anything
outside what it returns.

The child is a plain `python -m` process (as the spacy export's worker): it
never re-imports the caller's main module, so it works the same from the
command line, the window's worker thread, a test or a script.
"""

from __future__ import annotations

import fcntl
import pickle
import queue
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, islice
from typing import IO, Any

from annotator.core.bulk import paused_gc
from annotator.core.child import answer_stream, end_child, free_cores, send_queued

START = 200
"""Items after which the export is large enough to be worth a child process."""
CHUNK = 20
"""Items in a chunk."""
AHEAD = 4
"""Chunks the child holds at most (one being worked out, the others waiting)."""
STALL = 60.0
"""Seconds without an answer while this process waits for the child, after which it is given up."""
WAITING = 8
"""Chunks whose results wait for an earlier one of the child's, at most, before this process waits for it."""

PIPE_SIZE = 1 << 20
"""Bytes each pipe holds (Linux's usual limit for a user), about 30 documents' lines in prodigy."""

_GONE = ("gone",)


class _Child:
    """The child process, with a thread writing what is sent and one reading what it answers."""

    def __init__(self, setup: bytes) -> None:
        self.proc: subprocess.Popen[bytes] = subprocess.Popen(
            [sys.executable, "-m", "annotator.formats.chunk_pool"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        for pipe in (self.proc.stdin, self.proc.stdout):
            _widen(pipe)
        self.ready = False
        self.answers: queue.Queue[tuple[Any, ...]] = queue.Queue()
        self._outgoing: queue.Queue[bytes | None] = queue.Queue()
        assert self.proc.stdin is not None
        self._sender = threading.Thread(
            target=send_queued, args=(self._outgoing, self.proc.stdin), name="chunk-pool-sender", daemon=True
        )
        self._reader = threading.Thread(target=self._read_all, name="chunk-pool-reader", daemon=True)
        self._sender.start()
        self._reader.start()
        self._outgoing.put(setup)

    def send(self, message: tuple[Any, ...]) -> None:
        """Queue a message for the child (the sender thread writes it)."""
        self._outgoing.put(pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))

    def _read_all(self) -> None:
        stdout = self.proc.stdout
        assert stdout is not None
        while True:
            try:
                answer = pickle.load(stdout)
            except Exception:  # EOF, a closed pipe, a cut-off answer: the child is gone
                self.answers.put(_GONE)
                return
            self.answers.put(answer)

    def close(self) -> None:
        """Stop the child and both threads."""
        self._outgoing.put(None)
        if self.proc.poll() is None:
            self.proc.kill()  # it holds nothing worth waiting for: every chunk is redone here if needed
        end_child(self.proc)
        self._sender.join()
        self._reader.join()


def _widen(pipe: IO[bytes] | None) -> None:
    """Let the pipe hold a whole chunk: each read or write of a Python thread waits for the GIL, up to 5 ms."""
    if pipe is None or not hasattr(fcntl, "F_SETPIPE_SZ"):
        return
    try:
        fcntl.fcntl(pipe.fileno(), fcntl.F_SETPIPE_SZ, PIPE_SIZE)
    except OSError:  # above this system's limit for a user: the default size works, only slower
        pass


class ChunkPool:
    """Map the function `make(*args)` over chunks of items, in order, here and in a child when one helps."""

    def __init__(self, make: Callable[..., Callable[[list[Any]], Any]], args: tuple[Any, ...] = ()) -> None:
        self._make = make
        self._args = args
        self._child: _Child | None = None
        self._work: Callable[[list[Any]], Any] = _unset

    def __enter__(self) -> ChunkPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the child, if one was started (also on an error or a cancel)."""
        child, self._child = self._child, None
        if child is not None:
            child.close()

    def map(self, items: Iterable[Any]) -> Iterator[Any]:
        """Each chunk's result, in order."""
        it = iter(items)
        first = list(islice(it, START))
        if len(first) == START:  # started before this process sets up, so both set up at once
            self._start()
        self._work = self._make(*self._args)
        rest = chain(first, it)
        chunks = iter(lambda: list(islice(rest, CHUNK)), [])
        waiting: deque[_Entry] = deque()
        for seq, chunk in enumerate(chunks):
            entry = _Entry(seq, chunk)
            if not (self._child_takes(waiting) and self._send(seq, chunk)):
                entry.result, entry.chunk = self._work(chunk), None
            waiting.append(entry)
            yield from self._done(waiting, block=len(waiting) > WAITING)
        while waiting:
            yield from self._done(waiting, block=True)

    def _send(self, seq: int, chunk: list[Any]) -> bool:
        """Give the child a chunk; False when its items cannot be pickled (then it is worked out here)."""
        assert self._child is not None
        try:
            self._child.send(("chunk", seq, chunk))
        except (pickle.PicklingError, TypeError, AttributeError):
            return False
        return True

    def _start(self) -> None:
        if free_cores() < 1:
            return
        try:
            setup = pickle.dumps(("setup", self._make, self._args), protocol=pickle.HIGHEST_PROTOCOL)
            self._child = _Child(setup)
        except (OSError, pickle.PicklingError, AttributeError, TypeError):
            # no processes allowed here, or work the child could not rebuild: all of it is done here
            self._child = None

    def _child_takes(self, waiting: deque[_Entry]) -> bool:
        child = self._child
        if child is None:
            return False
        self._collect(waiting, block=False)
        if self._child is None or not child.ready:
            return False
        return sum(e.in_child for e in waiting) < AHEAD

    def _done(self, waiting: deque[_Entry], block: bool) -> Iterator[Any]:
        """The results at the front of `waiting` that are there; with `block`, wait for at least the first."""
        self._collect(waiting, block=block and waiting[0].in_child)
        while waiting and not waiting[0].in_child:
            yield waiting.popleft().result

    def _collect(self, waiting: deque[_Entry], block: bool) -> None:
        """Take the child's answers; `block` waits until the first entry is answered. A failed child's chunks are redone."""
        child = self._child
        if child is None:
            return
        while True:
            try:
                answer = child.answers.get(block=block, timeout=STALL)
            except queue.Empty:
                if not block:
                    return
                answer = _GONE  # a child that neither answers nor ends: its chunks are redone here
            kind = answer[0]
            if kind == "ready":
                child.ready = True
            elif kind == "done":
                for entry in waiting:
                    if entry.seq == answer[1]:
                        entry.result, entry.chunk = answer[2], None
                        break
            else:  # "gone" or "error": the child is no help; work its chunks out here
                self.close()
                for entry in waiting:
                    if entry.chunk is not None:
                        entry.result, entry.chunk = self._work(entry.chunk), None
                return
            if block and not waiting[0].in_child:
                return


def _unset(chunk: list[Any]) -> Any:
    raise AssertionError("ChunkPool.map sets up the work first")


class _Entry:
    """A chunk on its way: with the child (its items kept, to redo it if need be) or worked out (`result`)."""

    __slots__ = ("chunk", "result", "seq")

    def __init__(self, seq: int, chunk: list[Any]) -> None:
        self.seq = seq
        self.chunk: list[Any] | None = chunk
        self.result: Any = None

    @property
    def in_child(self) -> bool:
        """Whether the child still holds it."""
        return self.chunk is not None


def serve(inp: IO[bytes], out: IO[bytes]) -> None:
    """The child's loop: set up the work, say so, then answer each chunk in turn until the parent closes the pipe."""
    work: Callable[[list[Any]], Any] | None = None
    while True:
        try:
            message = pickle.load(inp)
        except Exception:  # EOF or a closed pipe: the parent is done with us
            return
        try:
            if message[0] == "setup":
                work = message[1](*message[2])
                answer: tuple[Any, ...] = ("ready",)
            else:
                assert work is not None
                answer = ("done", message[1], work(message[2]))
        except Exception as exc:  # the parent redoes the chunk itself, and raises the problem as usual
            answer = ("error", f"{type(exc).__name__}: {exc}")
        try:
            out.write(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
            out.flush()
        except (BrokenPipeError, OSError):
            return


if __name__ == "__main__":
    answers = answer_stream()
    with paused_gc():  # as in the parent's export: no cycles to find, only passes over new objects
        serve(sys.stdin.buffer, answers)

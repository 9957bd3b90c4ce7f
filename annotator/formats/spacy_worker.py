"""A child process that builds, checks and writes the spacy export's shards, so a large export uses a second core.

The parent reads and tokenizes the documents and sends their `DocPlan`s in
batches on the child's stdin, then the path of each full shard; the child
builds the Docs (`spacy_build.ShardBuilder`), writes each shard and, when
told the export is done, answers once on its stdout with every shard's size,
CRC-32 and check, or with the error that stopped it. The child never writes
before that answer, so neither side can block the other on a full pipe, and
it holds one shard at a time. A plain `python -m` child (as the suggestion
worker) imports spaCy itself and never re-imports the caller's main module,
so it works the same from the command line, the window's worker thread, a
test or a script.
"""

from __future__ import annotations

import pickle
import queue
import subprocess
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from annotator.core.bulk import paused_gc
from annotator.core.child import answer_stream, end_child, free_cores, send_queued
from annotator.core.errors import AnnotatorError
from annotator.formats.spacy_bin import registries_once
from annotator.formats.spacy_build import DocPlan, Saved, ShardBuilder

STOPPED = "the spacy export's worker process stopped"
START = 200
"""Documents after which an export is large enough to be worth a second process."""
BATCH = 100
"""Plans sent to the child at a time."""
QUEUED = 20
"""Batches waiting for the child at most (about 15 MB of plans)."""


class ShardWorker:
    """The parent's end: `add` plans, `save` each full shard, then `finish` for what was written.

    Messages are pickled here and written to the child's stdin by a thread,
    up to QUEUED of them ahead, so this process goes on tokenizing while the
    child is still importing spaCy or building a shard.
    """

    def __init__(self, key: str) -> None:
        self._proc: subprocess.Popen[bytes] | None = subprocess.Popen(
            [sys.executable, "-m", "annotator.formats.spacy_worker", key],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )  # buffered: pickle.load needs whole reads, a raw pipe may return part of an answer
        self._queue: queue.Queue[bytes | None] = queue.Queue(QUEUED)
        assert self._proc.stdin is not None
        self._sender = threading.Thread(
            target=send_queued, args=(self._queue, self._proc.stdin), name="spacy-shard-sender", daemon=True
        )
        self._sender.start()

    def add(self, plans: Sequence[DocPlan]) -> None:
        """Send a batch of plans for the current shard."""
        self._send(("add", list(plans)))

    def save(self, path: Path) -> None:
        """Have the current shard written to `path` (a fresh one begins after it)."""
        self._send(("save", str(path)))

    def finish(self) -> list[Saved]:
        """Every shard the child wrote, once it has written them all; raise what stopped it."""
        self._send(("done",))
        self._put(None)
        self._sender.join()
        proc = self._proc
        assert proc is not None and proc.stdout is not None
        try:
            answer: Any = pickle.load(proc.stdout)
        except (EOFError, OSError, pickle.UnpicklingError):
            raise AnnotatorError(self._stopped()) from None
        if isinstance(answer, str):
            raise AnnotatorError(f"{STOPPED}: {answer}")
        saved: list[Saved] = answer
        return saved

    def _send(self, message: tuple[Any, ...]) -> None:
        self._put(pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))

    def _put(self, data: bytes | None) -> None:
        """Queue data for the sender thread; raise when the child is gone."""
        while True:
            if self._proc is None or not self._sender.is_alive():
                raise AnnotatorError(self._stopped())
            try:
                self._queue.put(data, timeout=0.2)
                return
            except queue.Full:
                continue

    def _stopped(self) -> str:
        proc = self._proc
        code = proc.poll() if proc is not None else None
        return STOPPED + (f" (exit status {code})" if code is not None else "")

    def close(self) -> None:
        """End the child (killed when it has not answered), its pipes and the sender thread."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        if proc.poll() is None and self._sender.is_alive():
            proc.kill()  # a write blocked on a full pipe fails once nobody reads it
        try:
            self._queue.put_nowait(None)  # a sender waiting for more stops
        except queue.Full:  # it is writing, and that write fails
            pass
        self._sender.join()
        end_child(proc)


class ShardSink:
    """Where the writer's plans go: into shards built here, or, past START documents with a core free, by a child.

    The choice is made at the START-th document, while the current shard's
    plans are still waiting here (the shards before it were built here), so a
    shard is never split between the processes. Built here, each shard is on
    disk when `save` returns; sent to the child, when `finish` returns.
    """

    def __init__(self, key: str) -> None:
        self._key = key
        self._pending: list[DocPlan] = []
        self._local: ShardBuilder | None = None
        self._worker: ShardWorker | None = None
        self._saved: list[Saved] = []
        self._seen = 0

    def add(self, plan: DocPlan) -> None:
        """One more Doc for the current shard."""
        if self._local is not None:
            self._local.add(plan)
            return
        self._pending.append(plan)
        self._seen += 1
        if self._worker is None and self._seen >= START:
            self._choose()
        if self._worker is not None and len(self._pending) >= BATCH:
            self._worker.add(self._pending)
            self._pending = []

    def save(self, path: Path) -> None:
        """End the current shard: it is written to `path`."""
        if self._worker is not None:
            self._worker.add(self._pending)
            self._worker.save(path)
        else:
            local = self._local or ShardBuilder(self._key)
            for plan in self._pending:
                local.add(plan)
            self._saved.append(local.save(path))
        self._pending = []

    def finish(self) -> list[Saved]:
        """Every shard written, in order (after the last `save`)."""
        if self._worker is not None:
            self._saved += self._worker.finish()
        return self._saved

    def close(self) -> None:
        """Stop the child, if there is one (also on an error or a cancel)."""
        if self._worker is not None:
            self._worker.close()

    def _choose(self) -> None:
        """A child when a core is free and one can be started, else shards built here from now on."""
        if free_cores() >= 1:
            try:
                self._worker = ShardWorker(self._key)
                return
            except OSError:  # no processes allowed here: build them in this one
                pass
        self._local = ShardBuilder(self._key)
        for plan in self._pending:
            self._local.add(plan)
        self._pending = []


def serve(inp: IO[bytes], out: IO[bytes], key: str) -> None:
    """The child's loop: build and write shards as told; answer once, at "done" (or stop when the parent goes)."""
    builder = ShardBuilder(key)
    saved: list[Saved] = []
    error: str | None = None
    with registries_once():
        while True:
            try:
                message = pickle.load(inp)
            except (EOFError, OSError):  # the parent stopped (a cancelled or failed export)
                return
            if message[0] == "done":
                break
            if error is not None:
                continue  # keep reading, so the parent never blocks on a full pipe
            try:
                if message[0] == "add":
                    for plan in message[1]:
                        builder.add(plan)
                else:
                    saved.append(builder.save(Path(message[1])))
            except Exception as exc:  # reported to the parent, which raises it as one line
                error = f"{type(exc).__name__}: {exc}"
    try:
        pickle.dump(error if error is not None else saved, out, protocol=pickle.HIGHEST_PROTOCOL)
        out.flush()
    except BrokenPipeError:  # the parent stopped: nothing to say
        return


if __name__ == "__main__":
    import spacy.tokens  # noqa: F401 - at once, while the parent tokenizes the first batches

    answers = answer_stream()
    with paused_gc():  # as in the parent's export: no cycles to find, only passes over new objects
        serve(sys.stdin.buffer, answers, sys.argv[1])

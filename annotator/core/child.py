"""Helper child processes the annotator starts (the suggestion and export workers): the cores free for them, and ending one."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
from typing import IO, Any, BinaryIO


def end_child(proc: subprocess.Popen[Any], timeout: float = 5) -> None:
    """Close both pipes (a child still writing stops at once), wait for it, kill it if it does not end."""
    for pipe in (proc.stdin, proc.stdout):
        if pipe is not None:
            try:
                pipe.close()
            except OSError:
                pass
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def free_cores() -> int:
    """The cores this process may use, less one for itself (0 on a single core)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    return max(cores - 1, 0)


def send_queued(messages: queue.Queue[bytes | None], pipe: IO[bytes]) -> None:
    """A sender thread's loop: write each queued message to a child's stdin until None or a broken pipe."""
    while (data := messages.get()) is not None:
        try:
            pipe.write(data)
            pipe.flush()
        except (OSError, ValueError):  # the child is gone, or the pipe was closed
            return


def answer_stream() -> BinaryIO:
    """In a child: leave Ctrl-C to the parent (it ends the child), and keep stdout for the answers only.

    What the child's code prints goes to stderr instead, so it cannot garble an answer.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    return answers

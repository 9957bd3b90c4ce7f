"""Helper child processes the annotator starts (the suggestion and export workers): the cores free for them, and ending one."""

from __future__ import annotations

import os
import subprocess
from typing import Any


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

"""Ending a helper child process the annotator started (the suggestion and spaCy-export workers)."""

from __future__ import annotations

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

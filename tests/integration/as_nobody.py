"""Run a function as the unprivileged user nobody, where tests run as root (chmod does not bite root)."""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest


def run_as_nobody(fn: Callable[[], str]) -> str:
    """Run `fn` in a forked child that dropped root for nobody; returns what it returned.

    A fork rather than a new interpreter: this Python lives under /root, which nobody
    cannot read, while the forked child already has every module it needs loaded (so
    load them in the parent first).
    """
    if os.geteuid() != 0:
        pytest.skip("needs root to switch to the user nobody")
    import pwd

    nobody = pwd.getpwnam("nobody")
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        os.close(read_end)
        status = 0
        try:
            os.setgroups([])
            os.setgid(nobody.pw_gid)
            os.setuid(nobody.pw_uid)
            out = fn()
        except BaseException as exc:
            out, status = f"child error {type(exc).__name__}: {exc}", 1
        os.write(write_end, out.encode())
        os._exit(status)
    os.close(write_end)
    chunks = []
    while chunk := os.read(read_end, 65536):
        chunks.append(chunk)
    os.close(read_end)
    _pid, status = os.waitpid(pid, 0)
    out = b"".join(chunks).decode()
    assert os.waitstatus_to_exitcode(status) == 0, out
    return out

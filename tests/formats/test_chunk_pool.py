"""The chunk pool gives every chunk's result in order, whether the child made it, failed at it or died."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path
from typing import Any

import pytest

from annotator.formats import chunk_pool
from annotator.formats.chunk_pool import ChunkPool


class Doubled:
    """Work for the pool, a picklable factory: each item doubled, with the pid of the process that did it.

    In the child, setting up leaves a mark in `marks`; with `wait`, this process's
    first chunk waits for it, and each takes 2 ms, so the child is there to take chunks.
    In the child, `mode` "fail" raises, "stall" never answers and "print" prints first.
    """

    def __init__(self, parent: int, marks: str, mode: str = "", wait: bool = True) -> None:
        self._parent = parent
        self._marks = Path(marks)
        self._mode = mode
        self._waited = not wait
        if os.getpid() != parent:
            (self._marks / str(os.getpid())).touch()

    def __call__(self, chunk: list[int]) -> tuple[int, list[int]]:
        here = os.getpid() == self._parent
        if not here and self._mode == "fail":
            raise ValueError("only the child fails")
        if not here and self._mode == "stall":
            time.sleep(3600)
        if not here and self._mode == "print":
            print("a word from the work, on its standard output")
        if here:
            for _ in range(3000 if not self._waited else 0):
                if any(self._marks.iterdir()):
                    break
                time.sleep(0.01)
            self._waited = True
            time.sleep(0.002)
        return os.getpid(), [2 * x for x in chunk]


@pytest.fixture
def small(monkeypatch: pytest.MonkeyPatch) -> None:
    """A child from 20 items on, chunks of 5, and a core free for it."""
    monkeypatch.setattr(chunk_pool, "START", 20)
    monkeypatch.setattr(chunk_pool, "CHUNK", 5)
    monkeypatch.setattr(chunk_pool, "free_cores", lambda: 1)


@pytest.fixture
def children(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The child processes the pool starts, as they are started."""
    started: list[Any] = []
    real = chunk_pool._Child.__init__

    def init(self: Any, *args: Any) -> None:
        real(self, *args)
        started.append(self)

    monkeypatch.setattr(chunk_pool._Child, "__init__", init)
    return started


def _run(tmp_path: Path, n: int, mode: str = "", wait: bool = True) -> tuple[list[int], set[int]]:
    items: list[int] = []
    pids: set[int] = set()
    with ChunkPool(Doubled, (os.getpid(), str(tmp_path), mode, wait)) as pool:
        for pid, doubled_items in pool.map(range(n)):
            pids.add(pid)
            items += doubled_items
    return items, pids


def test_results_come_in_order_and_the_child_makes_some(small: None, tmp_path: Path) -> None:
    items, pids = _run(tmp_path, 1_000)
    assert items == [2 * x for x in range(1_000)]
    assert os.getpid() in pids
    assert len(pids) == 2  # the child took chunks too


def test_a_small_job_starts_no_child(small: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_child(*args: Any) -> None:
        raise AssertionError("no child for a small job")

    monkeypatch.setattr(chunk_pool, "_Child", no_child)
    items, pids = _run(tmp_path, 19, wait=False)
    assert items == [2 * x for x in range(19)] and pids == {os.getpid()}


def test_without_a_free_core_all_is_done_here(
    small: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(chunk_pool, "free_cores", lambda: 0)
    items, pids = _run(tmp_path, 500, wait=False)
    assert items == [2 * x for x in range(500)] and pids == {os.getpid()}


def test_chunks_that_fail_in_the_child_are_redone_here(small: None, tmp_path: Path) -> None:
    items, pids = _run(tmp_path, 1_000, mode="fail")
    assert items == [2 * x for x in range(1_000)] and pids == {os.getpid()}


def test_a_child_that_stalls_is_given_up(
    small: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(chunk_pool, "STALL", 0.5)
    items, pids = _run(tmp_path, 1_000, mode="stall")
    assert items == [2 * x for x in range(1_000)] and pids == {os.getpid()}


def test_what_the_work_prints_does_not_garble_the_answers(small: None, tmp_path: Path) -> None:
    items, pids = _run(tmp_path, 1_000, mode="print")
    assert items == [2 * x for x in range(1_000)] and len(pids) == 2


def test_a_child_that_dies_midway_loses_nothing(small: None, tmp_path: Path, children: list[Any]) -> None:
    out: list[int] = []
    pids: list[int] = []
    with ChunkPool(Doubled, (os.getpid(), str(tmp_path))) as pool:
        for pid, doubled_items in pool.map(range(1_000)):
            pids.append(pid)
            out += doubled_items
            if len(set(pids)) == 2 and children[0].proc.poll() is None:
                os.kill(children[0].proc.pid, signal.SIGKILL)
    assert out == [2 * x for x in range(1_000)]
    assert len(set(pids)) == 2  # it did take chunks before it died
    assert children[0].proc.poll() is not None


def _broken() -> Any:
    return 1 // 0


def test_a_bad_setup_is_raised_here_before_any_result(small: None) -> None:
    with pytest.raises(ZeroDivisionError), ChunkPool(_broken) as pool:
        next(iter(pool.map(range(100))))


def test_work_that_cannot_be_pickled_is_all_done_here(small: None) -> None:
    with ChunkPool(lambda: lambda chunk: (os.getpid(), chunk)) as pool:
        assert [pid for pid, _ in pool.map(range(100))] == [os.getpid()] * 20


def test_closing_early_ends_the_child(small: None, tmp_path: Path, children: list[Any]) -> None:
    with ChunkPool(Doubled, (os.getpid(), str(tmp_path))) as pool:
        results = pool.map(range(1_000))
        next(results)
    assert children and children[0].proc.poll() is not None

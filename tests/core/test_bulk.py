"""`paused_gc`: the collector is off while any bulk work runs, on any thread, and back on after the last."""

from __future__ import annotations

import gc
import threading

from annotator.core.bulk import paused_gc


def test_overlapping_pauses_on_two_threads_leave_the_collector_on() -> None:
    assert gc.isenabled()
    inside, first_done, second_done = threading.Event(), threading.Event(), threading.Event()

    def second() -> None:
        with paused_gc():  # begins while the first pause holds, ends after it
            inside.set()
            first_done.wait(5)
        second_done.set()

    worker = threading.Thread(target=second)
    with paused_gc():
        worker.start()
        assert inside.wait(5)
        assert not gc.isenabled()
    first_done.set()
    assert not gc.isenabled()  # the second pause still runs
    assert second_done.wait(5)
    worker.join(5)
    assert gc.isenabled()


def test_a_pause_inside_a_disabled_collector_leaves_it_disabled() -> None:
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()

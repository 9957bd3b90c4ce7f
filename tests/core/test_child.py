"""Child processes: one core is always left to this process."""

from __future__ import annotations

import pytest

from annotator.core import child


@pytest.mark.parametrize(("cores", "free"), [({0}, 0), ({0, 1}, 1), ({0, 1, 2, 3}, 3)])
def test_one_core_is_left_to_this_process(
    monkeypatch: pytest.MonkeyPatch, cores: set[int], free: int
) -> None:
    monkeypatch.setattr(child.os, "sched_getaffinity", lambda pid: cores)
    assert child.free_cores() == free

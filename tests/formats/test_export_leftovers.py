"""What an interrupted export leaves (`.NAME.*.tmp` stages, `.NAME.*.old` asides) is found and recovered."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.core.errors import AnnotatorError
from annotator.formats.hf import labels_path
from annotator.formats.output import find_leftovers, find_leftovers_in, recover_leftovers
from annotator.formats.stages import MOVING, new_tag, stage_name
from annotator.formats.validate import validate_file
from annotator.project import Workspace

CHILD = Path(__file__).with_name("kill_between_renames.py")
REPO = Path(__file__).resolve().parents[2]


def tree(root: Path) -> dict[str, str]:
    """SHA-256 of every file under root, by relative path (folders by name)."""
    return {
        str(p.relative_to(root)): "folder" if p.is_dir() else hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
    }


def hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.fixture
def dead_pid() -> int:
    """The id of a process that has ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _interrupted_swap(filled: Workspace, out: Path, tag: str, *, moved_in: bool) -> tuple[Path, Path]:
    """The state a kill leaves during a folder swap: the earlier export aside, the new one staged.

    With `moved_in`, the kill came after the second rename: the new export is in place
    and only the aside and the emptied stage remain.
    """
    filled.export("p", out, format="brat")
    aside = out.with_name(stage_name(out.name, tag, "old"))
    stage = out.with_name(stage_name(out.name, tag, "tmp"))
    stage.mkdir()
    filled.export("p", stage / out.name, format="brat", labels=["SOURCE"])  # the newer export
    (stage / MOVING).write_text(json.dumps([out.name]), encoding="utf-8")
    os.replace(out, aside)
    if moved_in:
        os.replace(stage / out.name, out)
    return aside, stage


def test_a_kill_between_the_renames_is_undone_by_recovery(
    filled: Workspace, tmp_path: Path, dead_pid: int
) -> None:
    out = tmp_path / "brat"
    tag = new_tag(dead_pid)
    aside, stage = _interrupted_swap(filled, out, tag, moved_in=False)
    earlier = tree(aside)
    assert not out.exists()
    found = find_leftovers(out)
    assert [(x.path.name, x.kind, x.pid, x.stale) for x in found] == [
        (aside.name, "old", dead_pid, True),
        (stage.name, "tmp", dead_pid, True),
    ]
    assert [(x.target, x.kind) for x in find_leftovers_in(tmp_path)] == [("brat", "old"), ("brat", "tmp")]
    notes = recover_leftovers(out)
    assert notes == [
        f"{out}: restored from {aside.name}, where an interrupted export had moved it aside",
        f"{out}: deleted {stage.name}, the stage of an interrupted export (process {dead_pid})",
    ]
    assert tree(out) == earlier and hidden(tmp_path) == [] and find_leftovers(out) == []


def test_the_next_export_recovers_first_and_says_so(filled: Workspace, tmp_path: Path, dead_pid: int) -> None:
    out = tmp_path / "brat"
    aside, stage = _interrupted_swap(filled, out, new_tag(dead_pid), moved_in=False)
    earlier = tree(aside)
    with pytest.raises(
        AnnotatorError, match=rf"^{out}: already exists .*pass --overwrite.*before that: .*restored"
    ):
        filled.export("p", out, format="brat")
    assert tree(out) == earlier and hidden(tmp_path) == []
    aside, stage = _interrupted_swap(filled, tmp_path / "brat2", new_tag(dead_pid), moved_in=False)
    report = filled.export("p", tmp_path / "brat2", format="brat", overwrite=True)
    assert any("restored from" in n for n in report.notes)
    assert any(f"deleted {stage.name}" in n for n in report.notes)
    assert validate_file(tmp_path / "brat2")[0].documents == 7 and hidden(tmp_path) == []


def test_a_kill_after_the_second_rename_leaves_only_stale_entries_to_delete(
    filled: Workspace, tmp_path: Path, dead_pid: int
) -> None:
    out = tmp_path / "brat"
    aside, stage = _interrupted_swap(filled, out, new_tag(dead_pid), moved_in=True)
    newer = tree(out)
    notes = recover_leftovers(out)
    assert notes == [
        f"{out}: deleted {aside.name}, the earlier export an interrupted one replaced",
        f"{out}: deleted {stage.name}, the stage of an interrupted export (process {dead_pid})",
    ]
    assert tree(out) == newer and hidden(tmp_path) == []


def test_a_stage_killed_while_writing_is_deleted_and_the_target_kept(
    filled: Workspace, tmp_path: Path, dead_pid: int
) -> None:
    out = tmp_path / "out.jsonl"
    filled.export("p", out)
    before = out.read_bytes()
    stage = out.with_name(stage_name(out.name, new_tag(dead_pid), "tmp"))
    stage.mkdir()
    (stage / out.name).write_text('{"half": ', encoding="utf-8")
    assert len(recover_leftovers(out)) == 1
    assert out.read_bytes() == before and hidden(tmp_path) == []


def test_a_half_moved_hf_export_is_finished(filled: Workspace, tmp_path: Path, dead_pid: int) -> None:
    out = tmp_path / "corpus.jsonl"
    filled.export("p", out, format="hf", labels=["SOURCE"])
    stage = out.with_name(stage_name(out.name, new_tag(dead_pid), "tmp"))
    stage.mkdir()
    filled.export("p", stage / out.name, format="hf")
    (stage / MOVING).write_text(json.dumps([out.name, labels_path(out).name]), encoding="utf-8")
    os.replace(stage / out.name, out)  # the data moved in; the kill came before its label list
    assert validate_file(out, "hf")[0].problems  # a mismatched pair, caught
    notes = recover_leftovers(out)
    assert notes[0] == f"{out}: finished moving an interrupted export into place ({labels_path(out).name})"
    assert validate_file(out, "hf")[0].ok and hidden(tmp_path) == []


def test_a_running_export_and_an_older_annotators_aside_are_left_alone(
    filled: Workspace, tmp_path: Path
) -> None:
    out = tmp_path / "brat"
    filled.export("p", out, format="brat")
    live = out.with_name(stage_name(out.name, new_tag(), "tmp"))  # this very process: running
    live.mkdir()
    older = out.with_name(".brat.k3j9x_2q.old")  # an older annotator's name: no owner recorded
    shutil.copytree(out, older)
    older_stage = out.with_name(".brat.a8b2c4d6.tmp")
    older_stage.mkdir()
    assert {(x.path.name, x.stale) for x in find_leftovers(out)} == {
        (live.name, False),
        (older.name, True),
        (older_stage.name, True),
    }
    notes = recover_leftovers(out)
    assert notes == [
        f"{out}: left {older.name} in place: an older annotator moved it aside, and it may hold files "
        "of yours; look inside, then delete it",
        f"{out}: deleted {older_stage.name}, the stage of an interrupted export",
    ]
    assert hidden(tmp_path) == sorted([live.name, older.name])
    older_state = tree(older)
    shutil.rmtree(out)
    assert recover_leftovers(out)[0].startswith(f"{out}: restored from {older.name}")
    assert tree(out) == older_state and hidden(tmp_path) == [live.name]


@pytest.mark.parametrize(("fmt", "split"), [("brat", None), ("jsonl", "0.5,0.5")])
def test_a_real_sigkill_between_the_renames_is_recovered(
    filled: Workspace, tmp_path: Path, fmt: str, split: str | None
) -> None:
    out = tmp_path / "out"
    filled.export("p", out, format=fmt, split=split)
    earlier = tree(out)
    args = [sys.executable, str(CHILD), str(tmp_path / "annotator.sqlite3"), str(out), fmt]
    result = subprocess.run(
        [*args, *([split] if split else [])],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=300,
    )
    assert result.returncode == -9, result.stdout + result.stderr
    assert not out.exists()
    assert sorted(x.kind for x in find_leftovers(out) if x.stale) == ["old", "tmp"]
    report = filled.export("p", out, format=fmt, split=split, overwrite=True)
    assert any(n.startswith(f"{out}: restored from .out.pid") for n in report.notes)
    assert hidden(tmp_path) == [] and find_leftovers(out) == []
    assert tree(out).keys() == earlier.keys()

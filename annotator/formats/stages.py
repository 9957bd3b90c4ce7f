"""Stage names that identify their owner process, and the recovery of stages an interrupted export left.

An export writes into `.NAME.TAG.tmp` beside its target and, when it replaces
a folder (or a file by a folder), moves the old one aside as `.NAME.TAG.old`
for the moment between two renames. TAG is `pid<pid>-<start>-<random>`: the
owner's process id and start time (Linux `/proc`; 0 elsewhere), so a stage
whose process is gone, or whose pid now belongs to another process, is known
stale. Names from older annotators (`.NAME.<8 characters>.tmp|old`) have no
owner and are treated as stale, but an old `.old` is only ever restored,
never deleted: it may hold what an older version replaced.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from annotator.core.errors import AnnotatorError

MOVING = ".moving"
"""Written in a stage once its entries are checked and synced: the names about to be moved into place."""

_TAG = re.compile(r"pid(?P<pid>\d+)-(?P<start>[0-9a-f]+)-[0-9a-f]{8}")
_LEGACY_TAG = re.compile(r"[a-z0-9_]{8}")


def _start_time(pid: int) -> int | None:
    """A process's start time in clock ticks since boot (Linux), or None where unknown."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    fields = stat.rpartition(")")[2].split()
    try:
        return int(fields[19])  # field 22 of proc(5); fields here start at field 3
    except (IndexError, ValueError):
        return None


def new_tag(pid: int | None = None) -> str:
    """A fresh stage tag naming a process (this one by default)."""
    pid = os.getpid() if pid is None else pid
    return f"pid{pid}-{_start_time(pid) or 0:x}-{secrets.token_hex(4)}"


def stage_name(target: str, tag: str, kind: str) -> str:
    """The name of a stage ("tmp") or an aside ("old") of the target named `target`."""
    return f".{target}.{tag}.{kind}"


def _alive(pid: int, start: int) -> bool:
    """True while process `pid` (started at `start`, 0 if unknown) still runs."""
    if pid <= 0:
        return False
    if sys.platform == "win32":  # os.kill(pid, 0) would send CTRL_C_EVENT there
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)
        if not handle:
            return ctypes.GetLastError() == 5  # access denied: it exists
        code = ctypes.c_ulong()
        ctypes.windll.kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        ctypes.windll.kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # another user's process: it exists
    except OSError:
        return False
    now = _start_time(pid)
    return not (start and now is not None and now != start)  # a reused pid is another process


@dataclass(frozen=True)
class Leftover:
    """A stage or aside an export left beside its target.

    Attributes:
        path: the hidden entry.
        kind: "tmp" (a stage being written) or "old" (the earlier target, moved aside).
        tag: the tag shared by a stage and its aside.
        pid: the owner process, or None for a name from an older annotator.
        stale: True when its owner is gone (or unknown): nothing will finish or remove it.
        target: the name of the export's target, beside it.
    """

    path: Path
    kind: str
    tag: str
    pid: int | None
    stale: bool
    target: str = ""


_STAGE = re.compile(rf"\.(?P<target>.+)\.(?P<tag>{_TAG.pattern}|{_LEGACY_TAG.pattern})\.(?P<kind>tmp|old)")


def find_leftovers_in(folder: Path) -> list[Leftover]:
    """Every stage and aside in a folder, whatever its target, live ones included."""
    try:
        with os.scandir(folder) as it:
            names = sorted(entry.name for entry in it)
    except OSError:
        return []
    found = []
    for name in names:
        match = _STAGE.fullmatch(name)
        if match is None:
            continue
        pid = int(match["pid"]) if match["pid"] else None
        stale = pid is None or not _alive(pid, int(match["start"], 16))
        found.append(Leftover(Path(folder) / name, match["kind"], match["tag"], pid, stale, match["target"]))
    return found


def find_leftovers(target: Path) -> list[Leftover]:
    """The stages and asides beside `target` left by exports to it, live ones included."""
    target = Path(os.path.abspath(target))
    return [x for x in find_leftovers_in(target.parent) if x.target == target.name]


def remove(path: Path) -> None:
    """Delete a file or folder (not following links)."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def recover_leftovers(target: Path) -> list[str]:
    """Clean up after interrupted exports to `target`; returns one line per thing done.

    Restores the earlier target from its aside when the target is missing,
    finishes moving an export whose files were half moved into place, and
    deletes stale stages and asides. Live ones (a running export) are left alone.
    """
    target = Path(os.path.abspath(target))
    notes: list[str] = []
    stale = [x for x in find_leftovers(target) if x.stale]
    stages = {x.tag: x for x in stale if x.kind == "tmp"}
    asides = sorted(
        (x for x in stale if x.kind == "old"), key=lambda x: _mtime(x.path), reverse=True
    )  # the newest aside first: the most recent earlier target
    try:
        for stage in stages.values():
            moved = _finish_moving(stage.path, target.parent)
            if moved:
                notes.append(
                    f"{target}: finished moving an interrupted export into place ({', '.join(moved)})"
                )
        for aside in asides:
            if not os.path.lexists(target):
                os.replace(aside.path, target)
                notes.append(
                    f"{target}: restored from {aside.path.name}, where an interrupted export had moved it aside"
                )
            elif aside.pid is None:
                notes.append(
                    f"{target}: left {aside.path.name} in place: an older annotator moved it aside, and it "
                    "may hold files of yours; look inside, then delete it"
                )
            else:
                remove(aside.path)
                notes.append(
                    f"{target}: deleted {aside.path.name}, the earlier export an interrupted one replaced"
                )
        for stage in stages.values():
            remove(stage.path)
            who = f" (process {stage.pid})" if stage.pid is not None else ""
            notes.append(f"{target}: deleted {stage.path.name}, the stage of an interrupted export{who}")
    except OSError as exc:
        done = f" (done so far: {'; '.join(notes)})" if notes else ""
        raise AnnotatorError(
            f"{target}: could not clean up after an interrupted export ({exc.strerror or exc}){done}"
        ) from None
    return notes


def _mtime(path: Path) -> float:
    try:
        return path.lstat().st_mtime
    except OSError:
        return 0.0


def _finish_moving(stage: Path, folder: Path) -> list[str]:
    """Move the rest of a half-moved stage into place; the names moved, or [] if it had not begun."""
    try:
        listed = json.loads((stage / MOVING).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []  # the moves never began: the stage is only deleted
    if not isinstance(listed, list) or not all(
        isinstance(n, str) and n not in ("", ".", "..") and Path(n).name == n for n in listed
    ):
        return []  # not a list of plain names beside the target: never followed
    remaining = [n for n in listed if os.path.lexists(stage / n)]
    if not remaining or len(remaining) == len(listed):
        return []  # all moved, or none: nothing is half done
    if any((stage / n).is_symlink() or not (stage / n).is_file() for n in remaining):
        return []  # only sidecar files are ever moved after the first entry
    for n in remaining:
        os.replace(stage / n, folder / n)
    return remaining

"""What an export may replace: only its own earlier output, never the database or a user's file or folder.

The rules, checked before anything is written and again just before the
written entries are moved into place:

- The database, its `-wal`, `-shm` and `-journal`, and any folder holding the
  database at any depth are never a target, even with overwrite.
- A target that does not exist, or an empty folder taking a folder export, is
  written. Anything else that exists is replaced only with overwrite.
- A folder is replaced only when it is an earlier export of ours: it carries
  our marker (`export.json`, tool "annotator") and holds nothing the marker
  does not account for. A file is replaced by a file; a folder replaces a file
  only when that file is an earlier single-file export of the same format
  (a spaCy DocBin growing into shards); a file replaces a folder only when it
  is our folder of that format's own shards.
- Links and special files are never replaced.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

MARKER = "export.json"
"""The file every folder export writes in its folder: tool, version, format, layout, created, counts."""
TOOL = "annotator"
FILE, FOLDER, EITHER = "file", "folder", "either"
_NAMES_KEPT = 1000  # a marker lists the names it wrote up to this many, else only counts them
_MARKER_MAX = 1 << 20


@dataclass(frozen=True)
class Policy:
    """What an export may replace at its target.

    Attributes:
        format: the format's name, as messages and markers give it.
        overwrite: an existing file, or an earlier export of ours, may be replaced.
        protected: database files; they, their -wal/-shm/-journal and folders holding them are never replaced.
        shape: what the export writes: FILE, FOLDER, or EITHER (a file that may grow into a folder of shards).
        earlier_file: recognises an earlier single-file export of this format, which may become a folder.
    """

    format: str = ""
    overwrite: bool = False
    protected: tuple[Path, ...] = ()
    shape: str = EITHER
    earlier_file: Callable[[Path], bool] | None = None


def write_marker(folder: Path, fields: dict[str, Any]) -> None:
    """Write export.json in a folder export: `fields` plus the tool, the time, and what the folder holds."""
    names = sorted({*os.listdir(folder), MARKER})
    content: dict[str, Any] = {"tool": TOOL, **fields}
    content.setdefault("created", datetime.now(UTC).isoformat(timespec="seconds"))
    content["entries"] = len(names)
    if len(names) <= _NAMES_KEPT:
        content["names"] = names
    (folder / MARKER).write_text(json.dumps(content, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def read_marker(folder: Path) -> dict[str, Any] | None:
    """Our marker in a folder, or None when it has none (or another tool's export.json)."""
    path = folder / MARKER
    try:
        if path.is_symlink() or not path.is_file() or path.stat().st_size > _MARKER_MAX:
            return None
        content = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return content if isinstance(content, dict) and content.get("tool") == TOOL else None


def database_files(protected: tuple[Path, ...]) -> list[tuple[Path, Path]]:
    """(file, its database) for every database and the files SQLite keeps beside it."""
    out = []
    for db in protected:
        base = Path(os.path.abspath(db))
        out += [(Path(f"{base}{end}"), base) for end in ("", "-wal", "-shm", "-journal")]
    return out


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def protected_refusal(dest: Path, policy: Policy) -> str | None:
    """Why `dest` may never be an export target (a database file, a folder holding one), or None."""
    real = _real(dest)
    for file, db in database_files(policy.protected):
        same = real == _real(file)
        if not same and os.path.lexists(dest) and file.exists():
            try:
                same = os.path.samefile(dest, file)
            except OSError:
                same = False
        if same:
            what = "the database" if file == db else f"a file of the database {db}"
            return f"{dest}: is {what}; an export never replaces it: choose another name"
    if dest.is_dir() and not dest.is_symlink():
        for db in policy.protected:
            if _real(db).is_relative_to(real):
                return (
                    f"{dest}: holds the database {Path(os.path.abspath(db))}; an export never replaces "
                    "a folder holding it, even with --overwrite: choose another folder"
                )
    return None


def refusal(dest: Path, kind: str, policy: Policy, *, sidecar: bool = False) -> str | None:
    """Why an export of `kind` (FILE, FOLDER or EITHER) may not be written at `dest`, or None if it may.

    `sidecar` is a file written beside the target (the hf label list), which never
    replaces a folder nor becomes one.
    """
    problem = protected_refusal(dest, policy)
    if problem is not None or not os.path.lexists(dest):
        return problem
    fmt = f"the {policy.format} export" if policy.format else "the export"
    mode = dest.lstat().st_mode
    if stat.S_ISLNK(mode):
        return f"{dest}: is a symbolic link; an export never replaces one: name a new file or folder"
    if stat.S_ISDIR(mode):
        empty = _is_empty(dest)
        if sidecar or (kind == FILE and empty):
            return f"{dest}: is a folder; {fmt} writes a file there: choose another name"
        if empty:
            return None  # an empty folder takes a folder export
        marker = read_marker(dest)
        if marker is None:
            return (
                f"{dest}: is a folder that is not an earlier export of the annotator (it has no "
                f"{MARKER}); an export never replaces it, even with --overwrite: choose a new or empty folder"
            )
        extra = foreign(dest, marker)
        if extra is not None:
            return (
                f"{dest}: holds {extra}; an export never deletes what it did not write, even with "
                "--overwrite: move it out, or choose another folder"
            )
        earlier = f"an earlier {marker.get('format')} export"
        if kind == FILE and not (marker.get("format") == policy.format and marker.get("layout") == "shards"):
            return (
                f"{dest}: is a folder ({earlier}); {fmt} writes a file, and replaces a folder only "
                "when it holds its own shards: choose another name"
            )
        return (
            None
            if policy.overwrite
            else f"{dest}: already exists ({earlier}); pass --overwrite to replace it"
        )
    if stat.S_ISREG(mode):
        if kind == FOLDER and (sidecar or policy.earlier_file is None or not policy.earlier_file(dest)):
            return (
                f"{dest}: is a file; {fmt} writes a folder and never replaces a file by one: "
                "choose another name"
            )
        return None if policy.overwrite else f"{dest}: already exists; pass --overwrite to replace it"
    return f"{dest}: is not a regular file or folder; an export never replaces it"


def _is_empty(folder: Path) -> bool:
    with os.scandir(folder) as it:
        return next(it, None) is None


def foreign(folder: Path, marker: dict[str, Any]) -> str | None:
    """What in an earlier export's folder its marker does not account for (e.g. "notes.txt, which ..."), or None."""
    names = marker.get("names")
    expected = set(names) if isinstance(names, list) else _older_split_names(marker)
    legacy = "entries" not in marker  # a split manifest from before markers listed their folder
    try:
        with os.scandir(folder) as it:
            children = sorted(it, key=lambda e: e.name)
    except OSError:
        return None
    for child in children:
        if expected is not None and child.name not in expected:
            return f"{child.name}, which no export wrote"
        if child.is_symlink():
            return f"the link {child.name}, which no export wrote"
        if child.is_dir(follow_symlinks=False):
            inner = read_marker(Path(child.path))
            if inner is None:
                if legacy and expected is not None:
                    continue  # a part folder of an older split, named by its manifest
                return f"the folder {child.name}, which no export wrote"
            deeper = foreign(Path(child.path), inner)
            if deeper is not None:
                return f"{child.name}/{deeper}"
        elif not child.is_file(follow_symlinks=False):
            return f"{child.name}, which no export wrote"
    count = marker.get("entries")
    if expected is None and isinstance(count, int) and len(children) > count:
        return f"{len(children)} entries where the earlier export wrote {count}"
    return None


def _older_split_names(marker: dict[str, Any]) -> set[str] | None:
    """The names an older split wrote (its parts, their label lists, the manifest), from its manifest."""
    parts = marker.get("parts")
    if "entries" in marker or not isinstance(parts, dict):
        return None
    names = {MARKER}
    for part in parts.values():
        file = part.get("file") if isinstance(part, dict) else None
        if isinstance(file, str):
            names |= {file, f"{file.split('.')[0]}.labels.json"}
    return names

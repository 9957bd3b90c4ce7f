"""Kill a child that is annotating with SIGKILL at random moments, then check what survived."""

from __future__ import annotations

import os
import random
import selectors
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.types import AnnotatedDocument, Document
from annotator.project import Workspace

CHILD = Path(__file__).with_name("crash_child.py")
REPO = Path(__file__).resolve().parents[2]
PROJECT, WHO = "P", "alice"
# Fictional article text: numbered words over short lines.
TEXT = "\n".join(" ".join(f"w{row}x{col}" for col in range(9)) for row in range(60))


@dataclass
class CrashReport:
    """Figures of one crash run."""

    mode: str = ""
    kills: int = 0
    kills_before_ready: int = 0
    acknowledged: int = 0
    lost: list[str] = field(default_factory=list)
    unacknowledged_committed: int = 0
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """The figures, for the test log."""
        return (
            f"crash test ({self.mode} driver): {self.kills} SIGKILLs survived "
            f"({self.kills_before_ready} during start-up), {self.acknowledged} acknowledged annotations, "
            f"{len(self.lost)} lost, {self.unacknowledged_committed} committed but killed before "
            f"acknowledgement"
        )


def prepare(db: Path) -> None:
    """A database with one project and one article."""
    with Workspace.open(str(db)) as ws:
        ws.create_project(PROJECT)
        ws.import_records(PROJECT, [AnnotatedDocument(Document(text=TEXT, title="Harbour wall vote"))])


def child_env(home: Path) -> dict[str, str]:
    """The child's environment: offscreen Qt, the repository importable, settings kept in `home`."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env["QT_QPA_PLATFORM"] = "offscreen"
    for key in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR"):
        env[key] = str(home)
    return env


def _life(
    db: Path, mode: str, rng: random.Random, env: dict[str, str], log: Path, max_after_ready: float
) -> tuple[list[str], bool]:
    """Run one child until a random SIGKILL; returns its complete output lines and whether it was READY."""
    with log.open("ab") as err:
        proc = subprocess.Popen(
            [sys.executable, str(CHILD), str(db), PROJECT, WHO, mode],
            stdout=subprocess.PIPE,
            stderr=err,
            env=env,
        )
    assert proc.stdout is not None
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    data = b""
    ready = False
    # One life in five is killed while starting (importing, opening, loading the article).
    kill_at = time.monotonic() + rng.uniform(0.0, 1.0) if rng.random() < 0.2 else None
    eof = False
    try:
        while not eof:
            now = time.monotonic()
            if kill_at is not None and now >= kill_at:
                break
            timeout = 0.5 if kill_at is None else max(0.0, kill_at - now)
            for _key, _ev in sel.select(timeout):
                chunk = os.read(proc.stdout.fileno(), 65536)
                if not chunk:
                    eof = True
                    break
                data += chunk
                if not ready and b"\nREADY\n" in data:
                    ready = True
                    if kill_at is None:
                        kill_at = time.monotonic() + rng.uniform(0.0, max_after_ready)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        sel.close()
    data += proc.stdout.read()
    proc.stdout.close()
    # Only whole lines count: a line cut by the kill was never acknowledged.
    lines = data.decode("utf-8", "replace").split("\n")[:-1]
    if eof and not any(line == "DONE" for line in lines):
        lines.append("FAIL the child exited by itself before it was killed")
    return lines, ready


def run(db: Path, *, kills: int, seed: int, mode: str = "auto", max_after_ready: float = 0.4) -> CrashReport:
    """Kill `kills` children at random moments; then check the database against their acknowledgements."""
    rng = random.Random(seed)
    home = db.parent / "home"
    home.mkdir(exist_ok=True)
    env = child_env(home)
    log = db.parent / "child-stderr.log"
    report = CrashReport()
    acks: dict[str, tuple[int, int, int, str]] = {}
    for _ in range(kills):
        lines, ready = _life(db, mode, rng, env, log, max_after_ready)
        for line in lines:
            kind, _, rest = line.partition(" ")
            if kind == "MODE":
                report.mode = rest
            elif kind == "ACK":
                sid, doc, start, end, label = rest.split(" ")
                acks[sid] = (int(doc), int(start), int(end), label)
            elif kind in ("FAIL", "MISMATCH"):
                report.problems.append(line)
            elif kind == "DONE":
                report.problems.append("a child finished instead of being killed (raise the limit)")
        report.kills += 1
        report.kills_before_ready += not ready
        if report.problems:
            tail = log.read_text(errors="replace")[-3000:]
            report.problems.append(f"child stderr (tail):\n{tail}")
            break
    report.acknowledged = len(acks)
    check(db, acks, report)
    return report


def check(db: Path, acks: dict[str, tuple[int, int, int, str]], report: CrashReport) -> None:
    """Every acknowledged span is there and intact; nothing else is malformed; the file is sound."""
    raw = sqlite3.connect(str(db))
    try:
        integrity = raw.execute("PRAGMA integrity_check").fetchall()
        if integrity != [("ok",)]:
            report.problems.append(f"integrity_check: {integrity}")
        fks = raw.execute("PRAGMA foreign_key_check").fetchall()
        if fks:
            report.problems.append(f"foreign_key_check: {fks}")
    finally:
        raw.close()
    with Workspace.open(str(db)) as ws:
        doc = ws.first_document(PROJECT)
        assert doc is not None
        text = ws.document(doc).text
        stored = {s.id: s for s in ws.spans(doc)}
    for sid, (doc_id, start, end, label) in acks.items():
        span = stored.get(sid)
        if span is None or doc_id != doc or (span.start, span.end, span.label) != (start, end, label):
            report.lost.append(sid)
    for span in stored.values():
        if not (0 <= span.start < span.end <= len(text)) or span.label != "CLAIM" or span.annotator != WHO:
            report.problems.append(f"malformed span in the database: {span}")
    report.unacknowledged_committed = len(set(stored) - set(acks))
    if report.unacknowledged_committed > report.kills:
        report.problems.append(
            f"{report.unacknowledged_committed} unacknowledged spans from {report.kills} kills: "
            "at most one per kill can be in flight"
        )

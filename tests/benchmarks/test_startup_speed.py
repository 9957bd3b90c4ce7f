"""Start-up of the `annotator` command: `--help` and `projects`, against a bare Python start, minimum of several runs.

Also prints the imports that cost most in `annotator --help` (python -X importtime),
so a regression names its cause.

Run: python3 -m pytest tests/benchmarks/test_startup_speed.py -m benchmark -s
(ANNOTATOR_BENCH_STARTUP_RUNS sets the runs of each command; default 7.)
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotator.project import Workspace
from tests.benchmarks.corpus import report

RUNS = int(os.environ.get("ANNOTATOR_BENCH_STARTUP_RUNS", "7"))
CLI = [sys.executable, "-m", "annotator"]


def _best(cmd: list[str], env: dict[str, str]) -> float:
    """The fastest of RUNS runs of a command, in seconds (it must succeed)."""
    best = float("inf")
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        best = min(best, time.perf_counter() - start)
    return best


def _costliest_imports(env: dict[str, str], n: int = 10) -> list[tuple[int, str, str]]:
    """(cumulative microseconds, package, the annotator module that first imported it) in `annotator --help`."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "annotator", "--help"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    # importtime prints a module after its imports: an annotator module is the importer of the lines before it.
    pending: list[tuple[int, str]] = []
    found = []
    for line in done.stderr.splitlines():
        m = re.match(r"import time:\s+\d+ \|\s+(\d+) \|\s*(\S+)", line)
        if not m:
            continue
        micros, module = int(m.group(1)), m.group(2)
        if module.startswith("annotator"):
            found += [(t, name, module) for t, name in pending]
            pending = []
        elif "." not in module and not module.startswith("_") and micros > 5000:
            pending.append((micros, module))
    return sorted(found, reverse=True)[:n]


@pytest.mark.benchmark
def test_startup_speed(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite3"
    ws = Workspace.open(str(db))
    ws.create_project("news")
    ws.close()
    env = {**os.environ, "ANNOTATOR_LOG_DIR": str(tmp_path / "logs"), "ANNOTATOR_DB": str(db)}
    bare = _best([sys.executable, "-c", "pass"], env)
    help_ = _best([*CLI, "--help"], env)
    projects = _best([*CLI, "projects"], env)
    report(f"\nstart-up, fastest of {RUNS} runs (a bare `python -c pass`: {bare * 1000:.0f} ms)")
    report(f"annotator --help   : {help_ * 1000:5.0f} ms (aim < 300 ms), {help_ / bare:.1f}x a bare start")
    report(
        f"annotator projects : {projects * 1000:5.0f} ms (aim < 300 ms), {projects / bare:.1f}x a bare start"
    )
    report("costliest packages imported by `annotator --help` (cumulative ms, and by which module):")
    for micros, package, importer in _costliest_imports(env):
        report(f"  {micros / 1000:6.1f}  {package:20s} by {importer}")

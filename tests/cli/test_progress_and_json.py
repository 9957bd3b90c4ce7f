"""Long commands show progress on stderr (a bar on a terminal, plain lines otherwise); --quiet and --json.

Run as users run them: the real `annotator` process, stderr a pipe or a pseudo-terminal.
"""

from __future__ import annotations

import json
import os
import re
import select
import subprocess
import sys
from pathlib import Path

import pytest

pty = pytest.importorskip("pty")  # POSIX only
fcntl = pytest.importorskip("fcntl")
termios = pytest.importorskip("termios")


def _articles(path: Path, n: int) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            text = f"Article {i} says the harbour wall will hold. " + "More words follow here. " * 20
            spans = [{"start": 0, "end": 7 + len(str(i)) + 1, "label": "CLAIM"}]
            fh.write(json.dumps({"text": text, "spans": spans}) + "\n")
    return path


def annotator(*args: str, interval: str = "0", **kw: object) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ANNOTATOR_PROGRESS_INTERVAL": interval}
    return subprocess.run(
        [sys.executable, "-m", "annotator", *args], capture_output=True, text=True, env=env, **kw
    )  # type: ignore[call-overload, no-any-return]


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "p.sqlite3")
    assert annotator("--db", path, "project", "create", "News").returncode == 0
    return path


def test_plain_progress_lines_when_stderr_is_not_a_terminal(db: str, tmp_path: Path) -> None:
    source = _articles(tmp_path / "many.jsonl", 2000)
    result = annotator("--db", db, "import", str(source), "--project", "News")
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    total_mb = f"{source.stat().st_size / 1e6:.1f} MB"
    steps = [
        line
        for line in lines
        if re.fullmatch(rf"importing: [\d.]+ [kM]?B of {total_mb} \(\d+%\), .*/s.*", line)
    ]
    assert len(steps) >= 3, lines  # a batch of 500 articles at a time: each one said
    percents = [int(re.search(r"\((\d+)%\)", line)[1]) for line in steps]  # type: ignore[index]
    assert percents == sorted(percents) and percents[0] < 100
    assert any("left" in line for line in steps)
    assert re.fullmatch(rf"importing: done, {total_mb} in \d+ s", lines[-1])
    assert "\r" not in result.stderr and "\x1b" not in result.stderr
    assert "2000 document(s) imported" in result.stdout


def _on_a_terminal(args: list[str]) -> tuple[int, str, str]:
    """Run with stderr a pseudo-terminal of 100 x 24; returns (exit code, stdout, what the terminal got)."""
    main, side = pty.openpty()
    fcntl.ioctl(side, termios.TIOCSWINSZ, bytes([24, 0, 100, 0, 0, 0, 0, 0]))
    process = subprocess.Popen(
        [sys.executable, "-m", "annotator", *args],
        stdout=subprocess.PIPE,
        stderr=side,
        stdin=subprocess.DEVNULL,
    )
    os.close(side)
    got = b""
    while True:
        ready, _, _ = select.select([main], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # the other side closed
                break
            if not chunk:
                break
            got += chunk
        elif process.poll() is not None:
            break
    os.close(main)
    out, _ = process.communicate()
    return process.returncode, out.decode(), got.decode("utf-8", "replace")


def test_a_bar_on_a_terminal_with_total_percent_rate_and_time_left(db: str, tmp_path: Path) -> None:
    source = _articles(tmp_path / "many.jsonl", 2000)
    code, out, screen = _on_a_terminal(["--db", db, "import", str(source), "--project", "News"])
    assert code == 0 and "2000 document(s) imported" in out
    total = f"{source.stat().st_size / 1e6:.2f}M"
    bars = [part for part in screen.replace("\r\n", "\r").split("\r") if part.startswith("importing:")]
    assert bars, screen
    assert re.search(
        rf"importing: 100%\|.*\| {re.escape(total)}/{re.escape(total)} \[[\d:]+<[\d:]+, .*B/s\]", bars[-1]
    )
    assert any(re.search(r"\d+%\|.*\[[\d:]+<[\d:?]+", b) for b in bars)  # time spent < time left
    code, out, screen = _on_a_terminal(
        ["--db", db, "export", "--project", "News", "-o", str(tmp_path / "o.jsonl")]
    )
    assert code == 0 and re.search(r"exporting: 100%\|.*\| 2000/2000 \[", screen)


def test_quiet_silences_progress_and_notes(db: str, tmp_path: Path) -> None:
    source = _articles(tmp_path / "many.jsonl", 600)
    result = annotator("--db", db, "import", str(source), "--project", "News", "--quiet")
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout == "600 document(s) imported, 0 skipped as duplicates, 600 span(s)\n"
    result = annotator("--db", db, "export", "--project", "News", "-o", str(tmp_path / "o.jsonl"), "-q")
    assert result.stderr == "" and result.stdout.startswith("exported 600 document(s)")


def test_import_json_report_with_problems_by_file_and_line(db: str, tmp_path: Path) -> None:
    source = tmp_path / "mixed.jsonl"
    source.write_text(
        '{"text": "A good article."}\n{"text": 5}\n{"text": "Another good one."}\n', encoding="utf-8"
    )
    result = annotator("--db", db, "import", str(source), "--project", "News", "--skip-invalid", "--json")
    assert result.returncode == 0
    report = json.loads(result.stdout)  # one object, nothing else on stdout
    assert report["command"] == "import" and report["ok"] is True
    assert report["counts"] == {
        "files": 1, "imported": 2, "duplicates": 0, "spans": 0, "relations": 0, "values": 0, "skipped": 1,
    }  # fmt: skip
    assert any("read as jsonl" in n for n in report["notes"])
    [problem] = report["problems"]
    assert problem["file"] == str(source) and problem["line"] == 2 and "text" in problem["message"]


def test_export_validate_stats_json(db: str, tmp_path: Path) -> None:
    annotator("--db", db, "import", str(_articles(tmp_path / "a.jsonl", 3)), "--project", "News", "-q")
    out = tmp_path / "out.jsonl"
    report = json.loads(annotator("--db", db, "export", "--project", "News", "-o", str(out), "--json").stdout)
    assert report["counts"] == {"documents": 3, "spans": 3} and report["files"] == [str(out)]
    report = json.loads(
        annotator(
            "--db",
            db,
            "export",
            "--project",
            "News",
            "--status",
            "done",
            "-o",
            str(tmp_path / "d.jsonl"),
            "--json",
        ).stdout
    )
    assert report["counts"]["documents"] == 0 and report["warnings"][0].startswith("wrote 0 documents")

    report = json.loads(annotator("validate", str(out), "--json").stdout)
    assert report["ok"] is True and report["counts"] == {"documents": 3, "spans": 3, "problems": 0}
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "Short.", "spans": [{"start": 0, "end": 3, "label": "X", "text": "Sho"}]}\n'
                   '{"text": "Short.", "spans": [{"start": 2, "end": 40, "label": "X"}]}\n', encoding="utf-8")  # fmt: skip
    result = annotator("validate", str(bad), "--json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False and report["counts"]["problems"] == 1
    [problem] = report["problems"]
    assert problem["file"] == str(bad) and problem["line"] == 2 and "inside the text" in problem["message"]

    report = json.loads(annotator("--db", db, "stats", "--project", "News", "--json").stdout)
    assert report["counts"]["documents"] == 3 and report["counts"]["spans_by_label"]["CLAIM"] == 3


def test_a_refused_command_still_gives_its_json(tmp_path: Path) -> None:
    result = annotator("--db", str(tmp_path / "typo.sqlite3"), "stats", "--project", "News", "--json")
    assert result.returncode == 1 and "no such database file" in result.stderr
    report = json.loads(result.stdout)
    assert report["ok"] is False and "no such database file" in report["error"]

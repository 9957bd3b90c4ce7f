"""The one-folder app: build it with packaging/build.sh, start it offscreen, print its size and start time.

`python3 -m pytest tests/benchmarks/test_bundle.py -m benchmark -s` (about a minute of build on
two cores; needs `pip install -e '.[packaging]'`).
"""

from __future__ import annotations

import importlib.util
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RUNS = 3
PAGE = """<!doctype html><html><head><title>Harbour wall approved</title>
<meta name="author" content="Ines Okafor"></head><body><article><h1>Harbour wall approved</h1>
<p>The council voted 11 to 4 on Thursday to build a flood wall along the harbour.</p>
<p>"We cannot wait for the next tide," the mayor said after the vote in the town hall.</p>
</article></body></html>
"""


def _size(folder: Path) -> tuple[int, int]:
    """Bytes and files in a folder, links counted as links."""
    total = files = 0
    for base, _dirs, names in os.walk(folder):
        for name in names:
            total += (Path(base) / name).lstat().st_size
            files += 1
    return total, files


def _timed(
    cmd: list[str], env: dict[str, str], **kw: object
) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300, check=False, **kw)  # type: ignore[call-overload]
    return time.perf_counter() - start, result


def _median_start(cmd: list[str], env: dict[str, str]) -> float:
    times = []
    for _ in range(RUNS):
        elapsed, result = _timed(cmd, env)
        assert result.returncode == 0, result.stderr
        times.append(elapsed)
    return statistics.median(times)


def _assert_screenshot(path: Path) -> None:
    """A real PNG of the window: PNG signature, the window's size, the CLAIM highlight's colour on it."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    from PySide6.QtGui import QImage

    image = QImage(str(path))
    assert (image.width(), image.height()) == (1280, 800)
    colours = {image.pixelColor(x, y).name().upper() for x in range(0, 1280, 4) for y in range(0, 800, 4)}
    assert "#F5C26B" in colours and len(colours) > 50  # the demo's spans are highlighted, not a blank frame


def test_bundle_builds_and_starts_offscreen(tmp_path: Path) -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("packaging/build.sh builds the Linux bundle")
    if importlib.util.find_spec("PyInstaller") is None:
        pytest.skip("PyInstaller is not installed: pip install -e '.[packaging]'")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env |= {"QT_QPA_PLATFORM": "offscreen", "ANNOTATOR_LOG_DIR": str(tmp_path / "logs")}
    env["XDG_DATA_HOME"] = str(tmp_path / "share")  # the default database and the menu entry stay here
    env.pop("ANNOTATOR_DB", None)

    built, result = _timed(
        ["bash", str(ROOT / "packaging" / "build.sh"), str(tmp_path / "dist"), str(tmp_path / "work")], env
    )
    assert result.returncode == 0, result.stderr[-3000:]
    bundle = tmp_path / "dist" / "annotator"
    exe = bundle / "annotator"
    internal = bundle / "_internal"
    for needed in (
        "annotator/resources/annotator.svg",
        "annotator/resources/demo/articles.jsonl",
        "annotator/resources/desktop/org.annotator.Annotator.desktop",
        "annotator/resources/desktop/org.annotator.Annotator.metainfo.xml",
        "annotator/storage/migrations/env.py",
        "annotator/storage/migrations/script.py.mako",
        "annotator/storage/migrations/versions/0001_initial.py",
    ):
        assert (internal / needed).is_file(), needed
    libraries = {path.name for path in internal.rglob("*.so*")}
    unused = re.compile(r"libQt6(WebEngine|Quick|Qml|3D|Multimedia|Pdf|Designer|Charts|Sql|Test)")
    assert sorted(name for name in libraries if unused.match(name)) == []
    assert not (internal / "spacy").exists() and not (internal / "thinc").exists()
    size, files = _size(bundle)
    print(f"\nbuild: {built:.1f} s; bundle: {size / 1e6:.0f} MB in {files} files ({bundle})")

    shot = tmp_path / "out.png"
    elapsed, result = _timed([str(exe), "screenshot", str(shot)], env)
    assert result.returncode == 0, result.stderr
    _assert_screenshot(shot)
    version = _median_start([str(exe), "--version"], env)
    window = _median_start([str(exe), "screenshot", str(tmp_path / "again.png")], env)
    source = _median_start([sys.executable, "-m", "annotator", "screenshot", str(tmp_path / "src.png")], env)
    print(
        f"start (median of {RUNS}): --version {version:.2f} s; screenshot (Qt offscreen, demo database "
        f"migrated, window rendered) {window:.2f} s, first run {elapsed:.2f} s; "
        f"the same from the installed package: {source:.2f} s"
    )

    db = str(tmp_path / "work.sqlite3")
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    for args in (["project", "create", "NEWS"], ["import", str(page), "--project", "NEWS"]):
        result = subprocess.run(
            [str(exe), "--db", db, *args], env=env, capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stderr  # trafilatura and its data files are in the bundle
    out = tmp_path / "out.jsonl"
    result = subprocess.run(
        [str(exe), "--db", db, "export", "--project", "NEWS", "--format", "jsonl", "-o", str(out)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "voted 11 to 4" in out.read_text(encoding="utf-8")

    result = subprocess.run(
        [
            str(exe),
            "--db",
            db,
            "export",
            "--project",
            "NEWS",
            "--format",
            "spacy",
            "-o",
            str(tmp_path / "x.spacy"),
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (
        result.returncode == 1 and "spaCy" in result.stderr and "Traceback" not in result.stderr
    )  # left out

    # The child processes (`sys.executable -m annotator.X`: the suggestion worker, the prodigy
    # export's chunk pool) run in the bundle; with nothing to do they end at once.
    for module in ("annotator.suggest.worker", "annotator.formats.chunk_pool"):
        result = subprocess.run(
            [str(exe), "-m", module],
            env=env,
            input="",
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0 and result.stdout == "", (module, result.stderr)

    result = subprocess.run(
        [str(exe), "install-desktop"], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    entry = (tmp_path / "share" / "applications" / "org.annotator.Annotator.desktop").read_text(
        encoding="utf-8"
    )
    assert f"Exec={exe} gui\n" in entry and f"TryExec={exe}\n" in entry  # the menu starts the bundle

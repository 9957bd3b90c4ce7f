"""Packaging metadata and the icon parse and agree with each other."""

from __future__ import annotations

import configparser
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_desktop_entry_is_valid() -> None:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(ROOT / "packaging" / "org.annotator.Annotator.desktop", encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Exec"].split()[0] == "annotator"
    assert entry["Icon"] == "org.annotator.Annotator"
    assert entry["Categories"].endswith(";")
    assert entry["Terminal"] == "false"


def test_appstream_metadata_is_valid_and_matches_the_desktop_entry() -> None:
    root = ET.parse(ROOT / "packaging" / "org.annotator.Annotator.metainfo.xml").getroot()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    assert root.findtext("id") == "org.annotator.Annotator"
    assert root.findtext("launchable") == "org.annotator.Annotator.desktop"
    assert root.findtext("metadata_license") and root.findtext("project_license")
    assert root.find("description/p") is not None
    from annotator import __version__

    assert root.find("releases/release").get("version") == __version__  # type: ignore[union-attr]


def test_icon_is_a_square_svg() -> None:
    root = ET.parse(ROOT / "resources" / "annotator.svg").getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("width") == root.get("height")
    assert root.get("viewBox") == "0 0 128 128"


def test_wheel_ships_every_module_resource_and_migration(tmp_path: Path) -> None:
    import shutil
    import subprocess
    import sys
    import zipfile

    # Build from a copy: a build writes build/ and *.egg-info beside the sources, never into the checkout.
    source = tmp_path / "src"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".git", "build", "*.egg-info", "__pycache__", ".mypy_cache", ".ruff_cache"
        ),
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "-w",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
    )
    [wheel] = tmp_path.glob("annotator-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "annotator/resources/demo/articles.jsonl",
        "annotator/resources/annotator.svg",
        "annotator/storage/migrations/env.py",
        "annotator/storage/migrations/script.py.mako",
        "annotator/storage/migrations/versions/0001_initial.py",
    ):
        assert needed in names
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "annotator").rglob("*.py")}
    assert sorted(modules - names) == []  # a package missing from pyproject's list would be left out

"""The test tree mirrors the package (as qutebrowser's does): one folder per package, cross-cutting suites apart."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parent
PACKAGE = TESTS.parent / "annotator"
CROSS_CUTTING = {"integration", "benchmarks"}


def test_every_test_folder_mirrors_a_package_or_is_cross_cutting() -> None:
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()} | {"cli"}
    folders = {p.name for p in TESTS.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))}
    assert folders - packages - CROSS_CUTTING == set()
    assert {"core", "formats", "storage", "project", "gui", "cli"} <= folders


def test_no_test_module_lies_outside_the_folders() -> None:
    assert sorted(p.name for p in TESTS.glob("test_*.py")) == ["test_layout.py"]

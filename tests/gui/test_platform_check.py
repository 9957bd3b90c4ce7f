"""Bug 3: a desktop without the xcb libraries gets one line naming them, never Qt's abort."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.gui import platform_check as pc

ROOT = Path(__file__).resolve().parents[2]
X11 = {"DISPLAY": ":0"}
PLUGIN = Path("/opt/qt/plugins/platforms/libqxcb.so")  # never read: the tests inject ldd and the loader
LDD_MISSING = """\
\tlinux-vdso.so.1 (0x00007ffd)
\tlibQt6XcbQpa.so.6 => /site/PySide6/Qt/lib/libQt6XcbQpa.so.6 (0x00007f1)
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007f2)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibxkbcommon-x11.so.0 => not found
\tlibxcb-icccm.so.4 => not found
\t/lib64/ld-linux-x86-64.so.2 (0x00007f3)
"""
LDD_COMPLETE = "\tlibxcb-icccm.so.4 => /lib/x86_64-linux-gnu/libxcb-icccm.so.4 (0x00007f1)\n"


def no_loading(name: str) -> object:
    raise AssertionError(f"{name} should not have been loaded")


def loader_without(*absent: str):  # type: ignore[no-untyped-def]
    """A ctypes.CDLL stand-in for a machine that lacks `absent`."""
    tried: list[str] = []

    def load(name: str) -> object:
        tried.append(name)
        if name in absent:
            raise OSError(f"{name}: cannot open shared object file: No such file or directory")
        return object()

    load.tried = tried  # type: ignore[attr-defined]
    return load


def test_the_platform_is_xcb_only_on_linux_with_an_x11_display_and_no_other_choice() -> None:
    assert pc.will_use_xcb({"DISPLAY": ":0"}, "linux")
    assert pc.will_use_xcb({"QT_QPA_PLATFORM": "xcb"}, "linux")
    assert pc.will_use_xcb({"QT_QPA_PLATFORM": "xcb:nograb", "DISPLAY": ":1"}, "linux")
    assert not pc.will_use_xcb({"QT_QPA_PLATFORM": "offscreen", "DISPLAY": ":0"}, "linux")
    assert not pc.will_use_xcb({"QT_QPA_PLATFORM": "wayland;xcb", "DISPLAY": ":0"}, "linux")
    assert not pc.will_use_xcb({}, "linux")
    assert not pc.will_use_xcb({"DISPLAY": ":0"}, "darwin")
    wayland = {"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland"}
    assert not pc.will_use_xcb(wayland, "linux")  # Qt 6 picks wayland there
    assert pc.will_use_xcb({**wayland, "XDG_SESSION_TYPE": "x11"}, "linux")


def test_missing_libraries_reported_by_ldd_are_named_with_their_packages() -> None:
    line = pc.xcb_problem(X11, "linux", ldd=lambda _: LDD_MISSING, load=no_loading, plugin=PLUGIN)
    assert line is not None and "\n" not in line
    assert "libxcb-icccm.so.4, libxcb-keysyms.so.1, libxkbcommon-x11.so.0" in line
    assert "sudo apt-get install libxcb-icccm4 libxcb-keysyms1 libxkbcommon-x11-0" in line
    assert "libxcb-cursor" not in line  # present: not named
    assert "QT_QPA_PLATFORM=offscreen" in line


def test_ldd_is_run_on_the_plugin_qt_would_load() -> None:
    seen: list[Path] = []

    def ldd(library: Path) -> str:
        seen.append(library)
        return LDD_COMPLETE

    assert pc.xcb_problem(X11, "linux", ldd=ldd, load=no_loading, plugin=PLUGIN) is None
    assert seen == [PLUGIN]


def test_without_ldd_the_known_libraries_are_loaded_one_by_one() -> None:
    load = loader_without("libxcb-cursor.so.0", "libxcb-render-util.so.0")
    line = pc.xcb_problem(X11, "linux", ldd=lambda _: None, load=load, plugin=PLUGIN)
    assert line is not None
    assert "missing: libxcb-cursor.so.0, libxcb-render-util.so.0;" in line
    assert "sudo apt-get install libxcb-cursor0 libxcb-render-util0)" in line
    assert load.tried == list(pc.XCB_LIBRARIES)


def test_qt_plugin_path_comes_first_and_without_ldd_the_list_is_loaded(tmp_path: Path) -> None:
    env = {**X11, "QT_QPA_PLATFORM_PLUGIN_PATH": str(tmp_path)}
    (tmp_path / "libqxcb.so").write_bytes(b"")
    assert pc.xcb_plugin(env) == tmp_path / "libqxcb.so"  # Qt's own variable comes first
    load = loader_without("libxcb-icccm.so.4")
    line = pc.xcb_problem(X11, "linux", ldd=lambda _: None, load=load, plugin=None)
    assert line is not None and "libxcb-icccm4" in line


def test_nothing_is_checked_when_qt_will_not_use_xcb() -> None:
    def ldd(_: Path) -> str:
        raise AssertionError("ldd should not run")

    for env in ({"QT_QPA_PLATFORM": "offscreen", "DISPLAY": ":0"}, {}):
        assert pc.xcb_problem(env, "linux", ldd=ldd, load=no_loading) is None
    assert pc.xcb_problem(X11, "win32", ldd=ldd, load=no_loading) is None


def test_a_library_of_pyside6_itself_asks_for_a_reinstall_not_an_apt_package() -> None:
    output = "\tlibQt6XcbQpa.so.6 => not found\n\tlibxcb-icccm.so.4 => not found\n"
    line = pc.xcb_problem(X11, "linux", ldd=lambda _: output, load=no_loading, plugin=PLUGIN)
    assert line is not None
    assert "sudo apt-get install libxcb-icccm4)" in line and "reinstall PySide6" in line


@pytest.mark.parametrize(
    ("soname", "package"),
    [
        ("libxcb-icccm.so.4", "libxcb-icccm4"),
        ("libxcb-render-util.so.0", "libxcb-render-util0"),
        ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
        ("libX11-xcb.so.1", "libx11-xcb1"),
        ("libX11.so.6", "libx11-6"),
        ("libEGL.so.1", "libegl1"),
        ("libfontconfig.so.1", "libfontconfig1"),
        ("libglib-2.0.so.0", "libglib2.0-0"),
        ("libdbus-1.so.3", "libdbus-1-3"),
        ("libicuuc.so.73", "libicu73"),
        ("libz.so.1", "zlib1g"),
    ],
)
def test_debian_package_names(soname: str, package: str) -> None:
    assert pc.debian_package(soname) == package


def test_the_window_is_not_created_when_the_plugin_cannot_load(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from annotator.gui import app

    def refuse_qt() -> None:
        raise AssertionError("the QApplication must not be created")

    monkeypatch.setattr(app, "display_problem", lambda: None)
    monkeypatch.setattr(
        app, "xcb_problem", lambda: "annotator: cannot open a window: missing: libxcb-icccm.so.4"
    )
    monkeypatch.setattr(app, "application", refuse_qt)
    assert app.run("unused.sqlite3") == 1
    assert capsys.readouterr().err == "annotator: cannot open a window: missing: libxcb-icccm.so.4\n"


def test_real_ldd_finds_every_library_of_the_plugin_the_tests_run_on() -> None:
    if shutil.which("ldd") is None:
        pytest.skip("ldd is not installed here")
    offscreen = pc.xcb_plugin({})
    if offscreen is None:
        pytest.skip("PySide6 has no xcb plugin here")
    output = pc.run_ldd(offscreen.with_name("libqoffscreen.so"))
    assert output is not None and "libQt6Gui.so.6 =>" in output
    assert pc.not_found(output) == []  # the offscreen plugin loads: these tests run on it


def test_gui_on_a_display_without_the_xcb_libraries_exits_with_one_line(tmp_path: Path) -> None:
    # The check runs before Qt connects to the display, so no X server is needed.
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env |= {"DISPLAY": ":987", "XDG_SESSION_TYPE": "x11", "PYTHONPATH": str(ROOT)}
    missing = pc.missing_libraries(env)
    if not sys.platform.startswith("linux") or not missing:
        pytest.skip("every library of Qt's xcb plugin is present here: the refusal cannot be shown")
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "--db", str(tmp_path / "x.sqlite3"), "gui"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1  # before the check Qt aborted: -6 (SIGABRT)
    [line] = result.stderr.strip().splitlines()
    assert all(name in line for name in missing) and "sudo apt-get install" in line
    assert not (tmp_path / "x.sqlite3").exists()

"""`annotator install-desktop`: the menu entry, icon and AppStream metadata for the current user."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from annotator.cli import desktop, main

ROOT = Path(__file__).resolve().parents[2]
APP = "org.annotator.Annotator"
FILES = (
    f"applications/{APP}.desktop",
    f"icons/hicolor/scalable/apps/{APP}.svg",
    f"metainfo/{APP}.metainfo.xml",
)


@pytest.fixture
def share(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "data home"  # a space: the Exec line must quote what needs quoting
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    return home


def entry_of(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def unquote_exec(value: str) -> list[str]:
    """The arguments of an Exec value read as the Desktop Entry spec says: string escapes, quoting, %%."""
    value = value.replace("\\\\", "\\")
    args: list[str] = []
    current, quoted, escaped, started = "", False, False, False
    for char in value:
        if escaped:
            current, escaped = current + char, False
        elif quoted and char == "\\":
            escaped = True
        elif char == '"':
            quoted, started = not quoted, True
        elif char == " " and not quoted:
            if current or started:
                args.append(current)
            current, started = "", False
        else:
            current += char
    assert not quoted and not escaped, value
    if current or started:
        args.append(current)
    return [arg.replace("%%", "%") for arg in args]


def test_installs_the_entry_icon_and_metainfo_under_xdg_data_home(
    share: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["install-desktop"]) == 0
    for name in FILES:
        assert (share / name).is_file(), name
    assert (share / FILES[1]).read_bytes() == (ROOT / "resources" / "annotator.svg").read_bytes()
    assert (share / FILES[2]).read_bytes() == (ROOT / "packaging" / f"{APP}.metainfo.xml").read_bytes()
    entry = entry_of(share / FILES[0])
    assert entry["Icon"] == APP and entry["Name"] == "Annotator"
    command = unquote_exec(entry["Exec"])
    assert command == desktop.launcher() and command[-1] == "gui"
    assert entry["TryExec"] == command[0] and Path(command[0]).is_absolute()
    out = capsys.readouterr().out
    assert all(str(share / name) in out for name in FILES)
    assert not list(share.rglob(".*.tmp"))


def test_the_entry_starts_this_installation(share: Path) -> None:
    assert main(["install-desktop"]) == 0
    command = unquote_exec(entry_of(share / FILES[0])["Exec"])
    result = subprocess.run(
        [*command[:-1], "--version"], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0 and result.stdout.startswith("annotator ")


def test_uninstall_removes_only_what_was_installed(share: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["install-desktop"]) == 0
    other = share / "applications" / "other.desktop"
    other.write_text("[Desktop Entry]\n", encoding="utf-8")
    assert main(["install-desktop", "--uninstall"]) == 0
    assert not any((share / name).exists() for name in FILES)
    assert other.exists()
    capsys.readouterr()
    assert main(["install-desktop", "--uninstall"]) == 0
    assert "nothing to remove" in capsys.readouterr().out


def test_reinstall_replaces_the_files(share: Path) -> None:
    (share / "applications").mkdir(parents=True)
    (share / FILES[0]).write_text("stale", encoding="utf-8")
    assert main(["install-desktop"]) == 0
    assert entry_of(share / FILES[0])["Type"] == "Application"


def test_a_relative_xdg_data_home_is_ignored_as_the_spec_says(tmp_path: Path) -> None:
    assert desktop.data_home({"XDG_DATA_HOME": "relative/share"}) == Path.home() / ".local" / "share"
    assert desktop.data_home({"XDG_DATA_HOME": str(tmp_path)}) == tmp_path
    assert desktop.data_home({}) == Path.home() / ".local" / "share"


@pytest.mark.parametrize(
    ("arg", "written"),
    [
        ("/opt/annotator/annotator", "/opt/annotator/annotator"),
        ("/home/a b/annotator", '"/home/a b/annotator"'),
        ("/home/100%/annotator", "/home/100%%/annotator"),
        ('/odd"$`dir/annotator', '"/odd\\\\"\\\\$\\\\`dir/annotator"'),
        ("C:\\x", '"C:\\\\\\\\x"'),
    ],
)
def test_exec_arguments_are_quoted_and_escaped(arg: str, written: str) -> None:
    assert desktop.exec_argument(arg) == written
    assert unquote_exec(written) == [arg]


def test_a_path_with_a_line_break_is_refused_not_written(capsys: pytest.CaptureFixture[str]) -> None:
    from annotator.core.errors import AnnotatorError

    with pytest.raises(AnnotatorError, match="line break"):
        desktop.exec_argument("/tmp/a\nb")


def test_an_unwritable_folder_is_one_clear_error(share: Path, capsys: pytest.CaptureFixture[str]) -> None:
    share.mkdir(parents=True)
    (share / "applications").write_text("a file where the folder should be", encoding="utf-8")
    assert main(["install-desktop"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("annotator: error: ") and "applications" in err and "Traceback" not in err


def test_installed_entry_passes_desktop_file_validate(share: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tool = shutil.which("desktop-file-validate")
    if tool is None:
        pytest.skip("desktop-file-validate is not installed (Debian: apt-get install desktop-file-utils)")
    monkeypatch.setattr(desktop, "launcher", lambda: ["/opt/my apps/annotator", "gui"])
    assert main(["install-desktop"]) == 0
    for path in (ROOT / "packaging" / f"{APP}.desktop", share / FILES[0]):
        result = subprocess.run([tool, str(path)], capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "error" not in result.stdout


def test_metainfo_passes_appstreamcli_validate() -> None:
    tool = shutil.which("appstreamcli")
    if tool is None:
        pytest.skip("appstreamcli is not installed (Debian: apt-get install appstream)")
    metainfo = ROOT / "packaging" / f"{APP}.metainfo.xml"
    result = subprocess.run(
        [tool, "validate", "--no-net", str(metainfo)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_metainfo_shows_the_readme_screenshot_and_matches_the_entry() -> None:
    root = ET.parse(ROOT / "packaging" / f"{APP}.metainfo.xml").getroot()
    image = root.find("screenshots/screenshot/image")
    assert image is not None and image.text is not None
    assert image.text.startswith("https://") and image.text.endswith("/resources/screenshot.png")
    assert "](resources/screenshot.png)" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert (image.get("width"), image.get("height")) == ("1280", "800")
    entry = entry_of(ROOT / "packaging" / f"{APP}.desktop")
    assert root.findtext("launchable") == f"{APP}.desktop" and entry["Icon"] == root.findtext("id")
    categories = {c.text for c in root.iterfind("categories/category")}
    assert categories == set(entry["Categories"].rstrip(";").split(";"))


def test_the_window_names_the_installed_entry(qapp) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QGuiApplication

    from annotator.gui.app import application

    application()
    assert QGuiApplication.desktopFileName() == desktop.APP_ID  # Wayland finds the entry and icon by it
    assert (
        entry_of(ROOT / "packaging" / f"{APP}.desktop")["StartupWMClass"] == QGuiApplication.applicationName()
    )

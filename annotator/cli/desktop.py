"""install-desktop: the menu entry, the icon and the AppStream metadata, for the current user."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from annotator.cli.common import EXIT_OK
from annotator.core.errors import AnnotatorError
from annotator.paths import resources_dir

APP_ID = "org.annotator.Annotator"
# Characters that make a desktop entry's Exec argument need double quotes (Desktop Entry spec, "The Exec key").
_RESERVED = frozenset(" \t\n\"'\\><~|&;$*?#()`")


def data_home(env: Mapping[str, str] | None = None) -> Path:
    """$XDG_DATA_HOME when it is an absolute path (as the XDG spec requires), else ~/.local/share."""
    env = os.environ if env is None else env
    value = env.get("XDG_DATA_HOME", "")
    if value and Path(value).is_absolute():
        return Path(value)
    return Path.home() / ".local" / "share"


def installed_paths(home: Path) -> dict[str, Path]:
    """Where each file goes under a data folder: the entry, the icon and the metadata."""
    return {
        "entry": home / "applications" / f"{APP_ID}.desktop",
        "icon": home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg",
        "metainfo": home / "metainfo" / f"{APP_ID}.metainfo.xml",
    }


def desktop_files() -> Path:
    """The folder holding the desktop entry and metainfo: shipped in the package, or the checkout's packaging/."""
    shipped = resources_dir() / "desktop"
    if (shipped / f"{APP_ID}.desktop").is_file():
        return shipped
    return Path(__file__).resolve().parents[2] / "packaging"


def launcher() -> list[str]:
    """The command that opens the window from this installation: the bundle, the console script, or python -m."""
    if getattr(sys, "frozen", False):  # a PyInstaller bundle: its own executable
        return [sys.executable, "gui"]
    script = Path(sys.executable).with_name("annotator")
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script), "gui"]
    found = shutil.which("annotator")
    if found:
        return [str(Path(found).resolve()), "gui"]
    return [sys.executable, "-m", "annotator", "gui"]


def exec_argument(arg: str) -> str:
    """One argument of an Exec key: quoted where the spec requires, then escaped as a string value."""
    if "\n" in arg or "\r" in arg:
        raise AnnotatorError(f"cannot write a menu entry for a path with a line break: {arg!r}")
    arg = arg.replace("%", "%%")  # a lone % would start a field code
    if any(c in _RESERVED for c in arg):
        arg = '"' + re.sub(r'(["`$\\])', r"\\\1", arg) + '"'
    return arg.replace("\\", "\\\\")


def desktop_entry(template: str, command: Sequence[str]) -> str:
    """The packaged entry with Exec and TryExec pointing at this installation's command."""
    exec_line = "Exec=" + " ".join(exec_argument(a) for a in command)
    try_exec = "TryExec=" + command[0].replace("\\", "\\\\")
    lines = []
    for line in template.splitlines():
        if line.startswith("Exec="):
            line = exec_line
        elif line.startswith("TryExec="):
            line = try_exec
        lines.append(line)
    return "\n".join(lines) + "\n"


def install(home: Path, command: Sequence[str]) -> list[Path]:
    """Write the entry, icon and metadata under `home`; returns the files written."""
    source = desktop_files()
    paths = installed_paths(home)
    contents = {
        "entry": desktop_entry((source / f"{APP_ID}.desktop").read_text(encoding="utf-8"), command).encode(),
        "icon": (resources_dir() / "annotator.svg").read_bytes(),
        "metainfo": (source / f"{APP_ID}.metainfo.xml").read_bytes(),
    }
    for key, path in paths.items():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.tmp")
            tmp.write_bytes(contents[key])
            tmp.replace(path)  # a desktop watching the folder never reads half a file
        except OSError as exc:
            raise AnnotatorError(f"{path}: cannot write it ({exc.strerror or exc})") from None
    return list(paths.values())


def uninstall(home: Path) -> list[Path]:
    """Remove the entry, icon and metadata under `home`; returns the files removed."""
    removed = []
    for path in installed_paths(home).values():
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise AnnotatorError(f"{path}: cannot remove it ({exc.strerror or exc})") from None
        removed.append(path)
    return removed


def cmd_install_desktop(args: argparse.Namespace) -> int:
    """Install (or with --uninstall remove) the desktop entry, icon and metadata."""
    home = data_home()
    if args.uninstall:
        removed = uninstall(home)
        for path in removed:
            print(f"removed {path}")
        if not removed:
            print(f"nothing to remove: no annotator menu entry under {home}")
        return EXIT_OK
    command = launcher()
    for path in install(home, command):
        print(f"installed {path}")
    print(f"the menu entry runs: {' '.join(command)}")
    return EXIT_OK


def register(sub: Any) -> None:
    """Add install-desktop."""
    p = sub.add_parser(
        "install-desktop",
        help="add the annotator to your desktop's application menu (for the current user)",
        description="Install the desktop entry, the icon and the AppStream metadata under "
        "$XDG_DATA_HOME (default ~/.local/share): applications/, icons/hicolor/scalable/apps/ "
        "and metainfo/. The entry starts this installation of the annotator.",
    )
    p.add_argument("--uninstall", action="store_true", help="remove what install-desktop installed")
    p.set_defaults(func=cmd_install_desktop)

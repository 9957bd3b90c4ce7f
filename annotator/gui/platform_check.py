"""Whether Qt's X11 (xcb) platform plugin can load here, decided before a QApplication would abort.

Qt 6.5+ links its xcb plugin against a dozen small X11 libraries that a desktop may lack; Qt then
aborts (SIGABRT) with a message about the plugin, not the library. This module imports no Qt.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

# The X11 libraries that libqxcb.so and libQt6XcbQpa.so.6 (Qt 6.5 to 6.11) link against directly:
# the list tried when `ldd` cannot tell.
XCB_LIBRARIES = (
    "libxcb.so.1",
    "libxcb-cursor.so.0",
    "libxcb-icccm.so.4",
    "libxcb-image.so.0",
    "libxcb-keysyms.so.1",
    "libxcb-randr.so.0",
    "libxcb-render.so.0",
    "libxcb-render-util.so.0",
    "libxcb-shape.so.0",
    "libxcb-shm.so.0",
    "libxcb-sync.so.1",
    "libxcb-util.so.1",
    "libxcb-xfixes.so.0",
    "libxcb-xkb.so.1",
    "libxkbcommon.so.0",
    "libxkbcommon-x11.so.0",
    "libX11.so.6",
    "libX11-xcb.so.1",
)

# Debian packages whose names do not follow the library's soname (libfoo.so.N -> libfooN).
_PACKAGES = {
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libgobject-2.0.so.0": "libglib2.0-0",
    "libgcc_s.so.1": "libgcc-s1",
    "libz.so.1": "zlib1g",
    "libGLdispatch.so.0": "libglvnd0",
}
_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found\s*$")
_OWN = ("libQt6", "libpyside6", "libshiboken6")  # shipped inside PySide6: missing means a broken install

Ldd = Callable[[Path], str | None]
"""Runs `ldd` on a library: its output, or None when ldd is absent or fails."""
Loader = Callable[[str], object]
"""Loads a shared library by name, raising OSError when it cannot (ctypes.CDLL)."""


def will_use_xcb(env: Mapping[str, str], platform: str) -> bool:
    """Whether a QApplication created with this environment will load the xcb platform plugin."""
    if not platform.startswith("linux"):
        return False
    wanted = env.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()
    if wanted:
        return wanted == "xcb"
    if not env.get("DISPLAY"):
        return False
    # Qt 6 picks its wayland plugin in a Wayland session, even where XWayland sets DISPLAY.
    return not (env.get("WAYLAND_DISPLAY") and env.get("XDG_SESSION_TYPE") == "wayland")


def xcb_plugin(env: Mapping[str, str]) -> Path | None:
    """The libqxcb.so Qt would load: from Qt's plugin path variables, else PySide6's own; None if absent."""
    folders: list[Path] = []
    if env.get("QT_QPA_PLATFORM_PLUGIN_PATH"):
        folders.append(Path(env["QT_QPA_PLATFORM_PLUGIN_PATH"]))
    folders += [Path(p) / "platforms" for p in env.get("QT_PLUGIN_PATH", "").split(os.pathsep) if p]
    spec = importlib.util.find_spec("PySide6")  # finds the package without importing Qt
    roots = list(spec.submodule_search_locations or []) if spec is not None else []
    frozen = getattr(sys, "_MEIPASS", None)  # a PyInstaller bundle
    if frozen:
        roots.append(str(Path(frozen) / "PySide6"))
    folders += [Path(root) / "Qt" / "plugins" / "platforms" for root in roots]
    for folder in folders:
        plugin = folder / "libqxcb.so"
        if plugin.is_file():
            return plugin
    return None


def run_ldd(library: Path) -> str | None:
    """The output of `ldd LIBRARY`, or None when ldd is missing, fails or takes too long."""
    try:
        result = subprocess.run(
            ["ldd", str(library)], capture_output=True, text=True, timeout=20, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def not_found(ldd_output: str) -> list[str]:
    """The libraries an `ldd` output reports as not found, each once, in order."""
    names: list[str] = []
    for line in ldd_output.splitlines():
        match = _NOT_FOUND.match(line)
        if match and match.group(1) not in names:
            names.append(match.group(1))
    return names


def unloadable(names: Iterable[str], load: Loader) -> list[str]:
    """The libraries of `names` that `load` cannot load."""
    missing: list[str] = []
    for name in names:
        try:
            load(name)
        except OSError:
            missing.append(name)
    return missing


def missing_libraries(
    env: Mapping[str, str], *, ldd: Ldd = run_ldd, load: Loader = ctypes.CDLL, plugin: Path | None = None
) -> list[str]:
    """The libraries the xcb plugin needs that are missing: `ldd` on the plugin, else the known list loaded."""
    plugin = plugin or xcb_plugin(env)
    if plugin is not None:
        output = ldd(plugin)
        if output is not None:
            return not_found(output)  # exact and transitive, for whichever Qt is installed
    return unloadable(XCB_LIBRARIES, load)


def debian_package(soname: str) -> str:
    """The Debian package that ships a library: libxcb-icccm.so.4 -> libxcb-icccm4."""
    if soname in _PACKAGES:
        return _PACKAGES[soname]
    if soname.startswith("libicu"):
        return "libicu" + soname.rsplit(".so.", 1)[-1].split(".")[0]
    stem, _, version = soname.partition(".so.")
    stem = stem.lower()
    version = version.split(".")[0]
    if not version:
        return stem
    return f"{stem}-{version}" if stem[-1].isdigit() else f"{stem}{version}"


def problem_line(missing: Sequence[str]) -> str:
    """The one line that names the missing libraries and how to install them."""
    system = [name for name in missing if not name.startswith(_OWN)]
    own = [name for name in missing if name.startswith(_OWN)]
    parts = [
        "annotator: cannot open a window: Qt's X11 (xcb) platform plugin needs libraries that are "
        f"missing: {', '.join(missing)}"
    ]
    if system:
        packages = " ".join(dict.fromkeys(debian_package(name) for name in system))
        parts.append(f"install them (Debian, Ubuntu: sudo apt-get install {packages})")
    if own:
        parts.append("reinstall PySide6 (its Qt libraries are incomplete)")
    parts.append("or run without a screen with QT_QPA_PLATFORM=offscreen")
    return "; ".join(parts)


def xcb_problem(
    env: Mapping[str, str] | None = None,
    platform: str | None = None,
    *,
    ldd: Ldd = run_ldd,
    load: Loader = ctypes.CDLL,
    plugin: Path | None = None,
) -> str | None:
    """One line saying which libraries the xcb plugin lacks, or None when it can load (or is not used)."""
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    if not will_use_xcb(env, platform):
        return None
    missing = missing_libraries(env, ldd=ldd, load=load, plugin=plugin)
    return problem_line(missing) if missing else None

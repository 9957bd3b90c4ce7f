"""Whether a window can be opened here, decided before Qt would abort the process."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

NO_DISPLAY = (
    "annotator: cannot open a window: no display found (DISPLAY and WAYLAND_DISPLAY are unset); "
    "run it on a desktop, or set QT_QPA_PLATFORM=offscreen to run without a screen"
)


def display_problem(env: Mapping[str, str] | None = None, platform: str | None = None) -> str | None:
    """One clear line saying why no window can open, or None when one can."""
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    if env.get("QT_QPA_PLATFORM"):
        return None
    if platform.startswith(("linux", "freebsd", "openbsd", "netbsd")) and not (
        env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")
    ):
        return NO_DISPLAY
    return None

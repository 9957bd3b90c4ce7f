"""Logging as a desktop app needs it: named loggers per layer, a rotating file in the platform's log folder.

Every module logs to `logging.getLogger(__name__)` ("annotator.storage.uow", ...);
`setup()` sends the "annotator" tree to `annotator.log` in the user's log folder
(`$ANNOTATOR_LOG_DIR` overrides it), and with `debug` to stderr too. The user sees
one-line messages; the log file keeps the tracebacks.
"""

from __future__ import annotations

import logging
import os
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

import platformdirs

from annotator.paths import APP_NAME

LOG_ENV = "ANNOTATOR_LOG_DIR"
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"
_installed: list[logging.Handler] = []


def log_folder() -> Path:
    """Where the log file lives: $ANNOTATOR_LOG_DIR, else the platform's log folder for the app."""
    override = os.environ.get(LOG_ENV)
    return Path(override) if override else platformdirs.user_log_path(APP_NAME, appauthor=False)


def log_file() -> Path:
    """The current log file."""
    return log_folder() / "annotator.log"


def setup(*, debug: bool = False) -> Path | None:
    """Log the annotator's loggers to the rotating file (and stderr with `debug`); returns the file, if writable."""
    root = logging.getLogger("annotator")
    for handler in _installed:
        root.removeHandler(handler)
        handler.close()
    _installed.clear()
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    written: Path | None = log_file()
    try:
        log_file().parent.mkdir(parents=True, exist_ok=True)
        into = RotatingFileHandler(log_file(), maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    except OSError:
        written = None  # a read-only home: the app works on, without a log file
    else:
        into.setFormatter(logging.Formatter(FORMAT))
        root.addHandler(into)
        _installed.append(into)
    if debug:
        stream = logging.StreamHandler(sys.stderr)
        stream.setFormatter(logging.Formatter(FORMAT))
        root.addHandler(stream)
        _installed.append(stream)
    return written

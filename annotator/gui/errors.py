"""One handler for every exception that reaches Qt: a message for the user, the traceback to the log."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QWidget

from annotator.core.errors import AnnotatorError
from annotator.gui.dialogs import show_error

log = logging.getLogger(__name__)


def report_exception(parent: QWidget | None, value: BaseException) -> None:
    """Show an exception as one message (its traceback goes to the log and stderr, never to the user)."""
    if isinstance(value, AnnotatorError):
        show_error(parent, str(value))
        return
    details = "".join(traceback.format_exception(type(value), value, value.__traceback__))
    log.error("unexpected error\n%s", details)
    print(details, file=sys.stderr)
    show_error(parent, f"Something went wrong: {type(value).__name__}: {value}", details)


def install_excepthook(parent: QWidget | None) -> None:
    """Show unexpected errors that reach Qt (exceptions in slots) in a dialog instead of losing them on stderr."""

    def hook(_kind: type[BaseException], value: BaseException, _tb: TracebackType | None) -> None:
        report_exception(parent, value)

    sys.excepthook = hook

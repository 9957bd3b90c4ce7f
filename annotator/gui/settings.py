"""Persistent window and user settings (QSettings), kept in one INI file per user."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSettings

ORGANISATION = "annotator"
APPLICATION = "annotator"
MAX_RECENT = 8


def settings() -> QSettings:
    """The user's settings store (an INI file; tests redirect it with QSettings.setPath)."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION)


def get_bool(key: str, default: bool) -> bool:
    """A boolean setting (INI files store booleans as text)."""
    value: Any = settings().value(key, default)
    if isinstance(value, str):
        return value.lower() in ("true", "1", "yes")
    return bool(value)


def get_int(key: str, default: int) -> int:
    """An integer setting."""
    value: Any = settings().value(key, default)
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def get_str(key: str, default: str = "") -> str:
    """A text setting."""
    value: Any = settings().value(key, default)
    return value if isinstance(value, str) else default


def set_value(key: str, value: Any) -> None:
    """Store a setting."""
    settings().setValue(key, value)


def recent_databases() -> list[str]:
    """Recently opened databases, most recent first."""
    value: Any = settings().value("recent/databases", [])
    if isinstance(value, str):
        value = [value]
    return [str(v) for v in value or [] if v]


def remember_database(target: str) -> None:
    """Put a database at the top of the recent list."""
    items = [target, *(t for t in recent_databases() if t != target)][:MAX_RECENT]
    settings().setValue("recent/databases", items)


def project_key(target: str) -> str:
    """The settings key of the last project opened in a database."""
    safe = "".join(ch if ch.isalnum() else "_" for ch in target)
    return f"last_project/{safe}"

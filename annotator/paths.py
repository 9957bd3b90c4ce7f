"""Where the annotator keeps its files: the default database and the bundled resources."""

from __future__ import annotations

import getpass
import os
from pathlib import Path

import platformdirs

APP_NAME = "annotator"
DB_ENV = "ANNOTATOR_DB"


def default_database_path() -> Path:
    """The default SQLite database in the user's data directory."""
    return platformdirs.user_data_path(APP_NAME, appauthor=False) / "annotator.sqlite3"


def database_target(cli_value: str | None) -> str:
    """The database to open: --db, else $ANNOTATOR_DB, else the default file."""
    return cli_value or os.environ.get(DB_ENV) or str(default_database_path())


def resources_dir() -> Path:
    """The resources (icon, demo articles): installed as annotator/resources, or the checkout's resources/."""
    installed = Path(__file__).resolve().parent / "resources"
    if (installed / "demo").is_dir():
        return installed
    return Path(__file__).resolve().parent.parent / "resources"


def default_annotator() -> str:
    """The OS user name, the default annotator."""
    try:
        return getpass.getuser() or "annotator"
    except Exception:  # getpass raises various errors where no user name is set
        return "annotator"

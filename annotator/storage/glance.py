"""Read-only answers straight from an up-to-date SQLite file, for commands that only look (no SQLAlchemy).

Loading SQLAlchemy's ORM takes about 300 ms, longer than `annotator projects` may take in
all (issue 14). Anything unusual (a URL, a missing file, another schema revision, an empty
or locked database, a file that is not ours) answers None, and the caller takes the full
path, which creates, migrates, seeds the demo or explains the problem.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from annotator.core.types import ProjectInfo
from annotator.storage.revisions import newest_file_revision

_PROJECTS = """
SELECT p.id, p.name, (SELECT count(*) FROM documents d WHERE d.project_id = p.id)
FROM projects p ORDER BY p.name
"""


def projects(target: str) -> list[ProjectInfo] | None:
    """The projects of a SQLite file with their document counts, by name; None to take the full path."""
    path = Path(target)
    if "://" in target or not path.is_file():
        return None
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error:
        return None
    try:
        (revision,) = conn.execute("SELECT version_num FROM alembic_version").fetchone() or (None,)
        if revision != newest_file_revision():
            return None
        found = [ProjectInfo(pid, name, count) for pid, name, count in conn.execute(_PROJECTS)]
        return found or None  # none: the default database gets its demo on the full path
    except (sqlite3.Error, ValueError, TypeError):
        return None
    finally:
        conn.close()

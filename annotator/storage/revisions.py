"""The schema revisions this annotator knows, read from its migration files (no SQLAlchemy, no Alembic)."""

from __future__ import annotations

import re
from pathlib import Path

MIGRATIONS = Path(__file__).with_name("migrations")
_REVISION_FILE = re.compile(r"(\d{4})_\w+\.py")  # each migration's revision is its file's number


def newest_file_revision() -> str:
    """The newest revision named by the migration files (Alembic's head, without Alembic)."""
    numbers = [
        m.group(1) for p in (MIGRATIONS / "versions").iterdir() if (m := _REVISION_FILE.fullmatch(p.name))
    ]
    return max(numbers)

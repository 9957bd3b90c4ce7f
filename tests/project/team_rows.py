"""Every row of every table of a database, to show that an operation changed nothing."""

from __future__ import annotations

import json
from collections.abc import Collection

from annotator.project import Workspace
from annotator.storage.backup import dump_rows


def table_rows(ws: Workspace, skip: Collection[str] = ()) -> dict[str, list[str]]:
    """Table name -> its rows as sorted JSON lines (tables in `skip` left out)."""
    out: dict[str, list[str]] = {}
    with ws.uow.engine.connect() as conn:
        for table, row in dump_rows(conn):
            if table not in skip:
                out.setdefault(table, []).append(json.dumps(row, sort_keys=True, default=str))
    return {k: sorted(v) for k, v in out.items()}

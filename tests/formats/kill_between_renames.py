"""Child process of the leftover tests: export over an earlier export, killed by SIGKILL between the two renames.

Usage: python kill_between_renames.py DB OUT FORMAT [SPLIT]. The earlier target
is moved aside (`.OUT.TAG.old`); the process dies before the new one is renamed in.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from annotator.project import Workspace

_real_replace = os.replace


def _replace_then_die(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
    _real_replace(src, dst)
    if str(dst).endswith(".old"):
        os.kill(os.getpid(), signal.SIGKILL)


def main() -> None:
    """Run the export with the dying rename."""
    db, out, fmt = sys.argv[1:4]
    split = sys.argv[4] if len(sys.argv) > 4 else None
    with Workspace.open(db) as ws:
        os.replace = _replace_then_die  # type: ignore[assignment]
        ws.export("p", Path(out), format=fmt, split=split, overwrite=True)
    print("not killed")


if __name__ == "__main__":
    main()

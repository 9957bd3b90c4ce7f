"""Which articles an agreement figure is computed on, and what makes an article coded (the CLI's choices)."""

from __future__ import annotations

SAMPLES = ("assigned-to-several", "all")
"""`--documents`: the articles assigned to several coders, or every article coded twice or more."""

CODED = ("done", "annotated")
"""`--coded`: an article counts when its coder marked it done, or gave it any annotation."""

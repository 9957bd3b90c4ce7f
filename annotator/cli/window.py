"""The window: gui, and the screenshot of it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from annotator.cli.common import EXIT_OK, EXIT_USER
from annotator.paths import database_target, default_annotator


def cmd_gui(args: argparse.Namespace) -> int:
    """Start the window."""
    try:
        from annotator.gui.app import run
    except ImportError as exc:  # Qt's system libraries missing (libEGL, libxkbcommon, ...)
        print(
            f"annotator: error: cannot load Qt ({exc}); install the desktop libraries Qt needs",
            file=sys.stderr,
        )
        return EXIT_USER

    target = database_target(args.db)
    return run(target, project=args.project, annotator=args.annotator, curate=args.curate)


def cmd_screenshot(args: argparse.Namespace) -> int:
    """Render the window offscreen with the demo project and save a PNG."""
    from annotator.gui.screenshot import save_screenshot

    out = save_screenshot(
        Path(args.output),
        args.db,
        dark=args.dark,
        codebook=args.codebook or "",
        team=args.team or "",
        suggestions=args.suggestions or "",
        dialog=args.dialog or "",
    )
    print(f"saved {out}")
    return EXIT_OK


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add gui and screenshot."""
    p = sub.add_parser("gui", parents=[common], help="open the annotation window (the default)")
    p.add_argument("--project", help="project to open")
    p.add_argument("--annotator", help=f"who is annotating (default: {default_annotator()})")
    p.add_argument(
        "--curate", action="store_true", help="start in curation mode: the coders side by side, settle gold"
    )
    p.set_defaults(func=cmd_gui)

    p = sub.add_parser(
        "screenshot",
        parents=[common],
        help="save a PNG of the window with the demo project (offscreen)",
        description="Render the main window offscreen and save it as PNG. Without --db a "
        "temporary database with the demo project is used.",
    )
    p.add_argument("output", metavar="OUT.png", help="where to save the picture")
    p.add_argument("--dark", action="store_true", help="use the dark theme")
    p.add_argument(
        "--codebook",
        choices=("panels", "editor"),
        help="give the demo a codebook with attributes and variables; show the panels, or the editor open",
    )
    p.add_argument(
        "--team",
        choices=("agreement", "curation"),
        help="have two coders code the demo; show the agreement dialog's results, or the curation mode",
    )
    p.add_argument(
        "--suggestions",
        choices=("before", "after"),
        help="run the built-in rules over the demo; show an article's pending suggestions, or it reviewed",
    )
    p.add_argument(
        "--dialog",
        choices=("reading", "about"),
        help="show View > Reading view's settings, or Help > About, over the window",
    )
    p.set_defaults(func=cmd_screenshot)

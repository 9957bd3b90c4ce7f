"""Databases for the window's team tests: articles dealt to coders, and articles coded by several coders."""

from __future__ import annotations

import random
from typing import Any

from annotator.project import Workspace
from tests.project.team_data import CODEBOOK, Coded, add_articles, code

OFFICIAL, EXPERT = {"type": "official"}, {"type": "expert"}
CLAIM, SOURCE = (0, 9, "CLAIM", {}), (13, 21, "SOURCE", OFFICIAL)


def assigned(target: str, n: int = 9) -> list[int]:
    """A project "P" of n articles dealt over alice and bob, a third of them to both; the article ids."""
    with Workspace.open(target) as ws:
        ws.create_project("P", CODEBOOK)
        ids = add_articles(ws, "P", n)
        ws.team.assign("P", ["alice", "bob"], overlap=0.34, seed=3)
    return ids


def assignment(target: str, coder: str) -> list[int]:
    """The ids of a coder's assignment, in list order."""
    with Workspace.open(target) as ws:
        return [r.id for r in ws.list_documents("P", annotator=coder, assigned_to=coder, limit=1000)]


def coded(target: str) -> list[int]:
    """Project "P": article 0 coded by three coders who partly agree, article 1 by two who agree, 2 by one."""
    data = {
        "alice": {
            0: Coded(
                [CLAIM, SOURCE, (30, 40, "CLAIM", {}), (50, 60, "CLAIM", {})],
                {"FRAME": "conflict", "TONE": 3},
                relations=[(0, 1, "ATTRIBUTED_TO")],
            ),
            1: Coded([CLAIM], {"FRAME": "morality"}),
            2: Coded([CLAIM], {"FRAME": "economic"}),
        },
        "bob": {
            0: Coded(
                [CLAIM, SOURCE, (50, 60, "CLAIM", {})],
                {"FRAME": "conflict", "TONE": 3},
                relations=[(0, 1, "ATTRIBUTED_TO")],
            ),
            1: Coded([CLAIM], {"FRAME": "morality"}),
        },
        "carol": {0: Coded([CLAIM, (13, 21, "SOURCE", EXPERT)], {"FRAME": "economic", "TONE": 3})},
    }
    with Workspace.open(target) as ws:
        ws.create_project("P", CODEBOOK)
        ids = add_articles(ws, "P", 4)
        for coder, codings in data.items():
            code(ws, "P", coder, codings)
    return ids


def many(target: str, n: int = 24, seed: int = 5) -> list[int]:
    """Project "P": n articles coded by alice and bob (carol the first half), agreeing mostly, at random."""
    rng = random.Random(seed)
    frames = ("conflict", "economic", "morality")
    data: dict[str, dict[int, Coded]] = {"alice": {}, "bob": {}, "carol": {}}
    for i in range(n):
        frame = rng.choice(frames)
        for coder in data:
            if coder == "carol" and i >= n // 2:
                continue
            spans: list[tuple[int, int, str, dict[str, Any]]] = []
            if rng.random() < 0.9:
                spans.append((0, 9 + rng.choice((0, 0, 1)), "CLAIM", {}))
            if rng.random() < 0.8:
                spans.append((13, 21, "SOURCE", OFFICIAL if rng.random() < 0.7 else EXPERT))
            values: dict[str, Any] = {"FRAME": frame if rng.random() < 0.8 else rng.choice(frames)}
            if rng.random() < 0.7:
                values["TONE"] = rng.randint(1, 5)
            data[coder][i] = Coded(spans, values)
    with Workspace.open(target) as ws:
        ws.create_project("P", CODEBOOK)
        ids = add_articles(ws, "P", n)
        for coder, codings in data.items():
            code(ws, "P", coder, codings)
    return ids

"""The team screenshots' demo: the demo articles coded by two coders, the agreement dialog or the curation mode.

Used by `annotator screenshot --team agreement|curation` in its throwaway database only.
"""

from __future__ import annotations

import random
from dataclasses import replace
from typing import Any

from annotator.core.codebook import DocumentValue
from annotator.core.schema import label_to_json, merge_schema_data
from annotator.core.types import AnnotatedDocument, DocStatus, Document, Relation, Span
from annotator.gui.screenshot_codebook import ATTRIBUTES, VARIABLES
from annotator.project import Workspace

CODERS = ("alice", "bob")
FRAMES = ("conflict", "economic", "human interest", "morality", "responsibility")
TYPES = ("official", "expert", "citizen", "anonymous")
CHECKABLE = ("fully", "partly", "opinion")
FIRST = "Harbour city approves flood wall"  # the article the curation picture shows
DRAWS = 1000


def _attributes(span: Span, rng: random.Random, agree: bool, other: dict[str, Any] | None) -> dict[str, Any]:
    """A coder's attributes for a span: the other coder's when they agree, else drawn."""
    if other is not None and agree:
        return dict(other)
    if span.label == "SOURCE":
        return {"type": rng.choice(TYPES[:2]) if rng.random() < 0.8 else rng.choice(TYPES), "named": True}
    if span.label == "CLAIM":
        return {"checkable": rng.choice(CHECKABLE[:2]) if rng.random() < 0.7 else "opinion"}
    return {}


def _coded(
    doc: Document, spans: list[Span], relations: list[Relation], rng: random.Random
) -> list[AnnotatedDocument]:
    """Both coders' codings of one article: mostly the imported spans, with the differences coders make."""
    first = doc.title.startswith(FIRST)
    out = []
    kept: dict[str, dict[str, Any]] = {}
    frame, tone = rng.choice(FRAMES), rng.randint(2, 4)
    topics = sorted(rng.sample(["politics", "economy", "climate", "health"], 2))
    for n, coder in enumerate(CODERS):
        mine: list[Span] = []
        twins: dict[str, str] = {}
        for span in spans:
            if first and n == 1 and span.label == "CLAIM" and span.start == 437:
                continue  # bob missed a claim
            if not first and rng.random() < 0.12:
                continue
            end = span.end
            if span.label == "CLAIM" and (
                (first and n == 1 and span.start == 705) or (not first and rng.random() < 0.15)
            ):
                cut = doc.text.rfind(" ", span.start, span.end)  # one word shorter
                end = cut if cut > span.start else end
            agree = rng.random() < 0.75 and not (first and span.label == "SOURCE" and span.start == 569)
            attributes = _attributes(span, rng, agree, kept.get(span.id))
            kept.setdefault(span.id, attributes)
            copy = Span(span.start, end, span.label, annotator=coder, attributes=attributes)
            twins[span.id] = copy.id
            mine.append(copy)
        links = tuple(
            Relation(twins[r.head], twins[r.tail], r.label, annotator=coder)
            for r in relations
            if r.head in twins and r.tail in twins
        )
        values: dict[str, Any] = {"FRAME": "responsibility" if n == 0 else "conflict", "TONE": 3 - n}
        values["TOPICS"] = ["politics", "climate"]
        if not first:  # the coders mostly agree: one in five values differs
            values["FRAME"] = frame if rng.random() < 0.85 else rng.choice(FRAMES)
            values["TONE"] = tone if rng.random() < 0.8 else tone + rng.choice((-1, 1))
            values["TOPICS"] = (
                topics if rng.random() < 0.8 else sorted({*topics[:1], rng.choice(["economy", "health"])})
            )
        coded = tuple(DocumentValue(k, v, coder) for k, v in values.items())
        out.append(AnnotatedDocument(replace(doc, id=None), tuple(mine), links, DocStatus.DONE, values=coded))
    return out


def stage(ws: Workspace, project: str) -> tuple[int, str | None] | None:
    """Give the demo its codebook and two coders' codings of every article; the article to show."""
    schema = ws.schema(project)
    items = [
        {**label_to_json(lab), "attributes": ATTRIBUTES[lab.name]}
        for lab in schema.labels
        if lab.name in ATTRIBUTES
    ]
    ws.codebook.update(project, merge_schema_data(schema, items + VARIABLES, "the demo codebook"), who="demo")
    rng = random.Random(12)
    shown: int | None = None
    for summary in ws.list_documents(project, annotator=None, limit=50):
        doc = ws.document(summary.id)
        everyone = ws.spans(summary.id, annotator=True)
        spans = [s for s in everyone if s.annotator is None]
        relations = list(ws.relations(summary.id))
        for coder, record in zip(CODERS, _coded(doc, spans, relations, rng), strict=True):
            ws.import_records(project, [record], annotator=coder)
        for span in everyone:  # the coders' copies replace the demo's spans (and the window's own)
            ws.delete_span(span.id)
        if doc.title.startswith(FIRST):
            shown = summary.id
    return None if shown is None else (shown, None)


def picture(app: Any, window: Any, team: str) -> Any:
    """The agreement dialog with its results over the window, or the window in curation mode, as a QPixmap."""
    from annotator.gui.screenshot_dialog import over

    if team == "curation":
        window.team.curation.set_active(True)
        _settle(app, window)
        window.team.curation.accept_agreeing.trigger()
        _settle(app, window)
        lanes = window.team.curation.lanes
        if lanes.lanes is not None:
            disputed = next(
                (s for s in lanes.lanes.codings["alice"].decided() if not lanes.lanes.agreed(s)), None
            )
            if disputed is not None:
                lanes.select_span("alice", disputed.id)
        _settle(app, window)
        return window.grab()
    shot = window.grab()
    dialog = window.team.open_agreement()
    _settle(app, window)
    dialog.box.draws.setValue(DRAWS)
    dialog.compute()
    _settle(app, window)
    dialog.resize(1040, 660)
    _settle(app, window)
    shot = over(shot, dialog, drop=20)
    dialog.close()
    return shot


def _settle(app: Any, window: Any) -> None:
    """Let the worker finish what the window asked for, and the window paint it."""
    runner = window.runner
    for _ in range(3):
        app.processEvents()
        while not runner.idle:
            app.processEvents()

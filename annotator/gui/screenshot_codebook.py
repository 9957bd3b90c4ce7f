"""The codebook screenshots' demo: the demo project given span attributes and document variables, partly coded.

Used by `annotator screenshot --codebook panels|editor` in its throwaway database only.
"""

from __future__ import annotations

from typing import Any

from annotator.core.schema import label_to_json, merge_schema_data
from annotator.project import Workspace

ATTRIBUTES: dict[str, list[dict[str, Any]]] = {
    "CLAIM": [
        {
            "name": "checkable",
            "type": "choice",
            "level": "ordinal",
            "description": "How far the claim can be checked against a record.",
            "values": [
                {"name": "fully", "description": "Every part can be checked."},
                {"name": "partly", "description": "Some of it is opinion or forecast."},
                {"name": "opinion", "description": "A judgement, not a fact."},
            ],
        }
    ],
    "SOURCE": [
        {
            "name": "type",
            "type": "choice",
            "description": "What kind of source speaks.",
            "values": [
                {
                    "name": "official",
                    "description": "Speaks for an office.",
                    "examples": ["the deputy mayor"],
                },
                {"name": "expert", "description": "Speaks from knowledge.", "examples": ["a hydrologist"]},
                {"name": "citizen", "description": "Speaks for themselves."},
                {"name": "anonymous", "description": "Not identified."},
            ],
        },
        {"name": "named", "type": "bool", "description": "The text gives the source's name."},
        {"name": "title", "type": "text", "description": "The title or function, as printed."},
    ],
}
VARIABLES: list[dict[str, Any]] = [
    {
        "name": "FRAME",
        "kind": "document",
        "type": "choice",
        "required": True,
        "description": "The article's dominant frame (Semetko & Valkenburg).",
        "values": ["conflict", "economic", "human interest", "morality", "responsibility"],
    },
    {
        "name": "TOPICS",
        "kind": "document",
        "type": "multi",
        "values": ["politics", "economy", "climate", "health"],
    },
    {
        "name": "TONE",
        "kind": "document",
        "type": "number",
        "min": 1,
        "max": 5,
        "description": "1 negative, 5 positive.",
    },
    {"name": "SUMMARY", "kind": "document", "type": "text", "description": "One sentence, in your words."},
]
SPEAKER = "deputy mayor Ines Okafor"


def stage(ws: Workspace, project: str, annotator: str) -> tuple[int, str] | None:
    """Give the demo its codebook and code one article in part; the article and the span to show."""
    schema = ws.schema(project)
    items = [
        {**label_to_json(lab), "attributes": ATTRIBUTES[lab.name]}
        for lab in schema.labels
        if lab.name in ATTRIBUTES
    ]
    ws.codebook.update(
        project, merge_schema_data(schema, items + VARIABLES, "the demo codebook"), who=annotator
    )
    for summary in ws.list_documents(project, annotator=annotator, limit=50):
        article = ws.article(summary.id, annotator=annotator)
        text = article.document.text
        speaker = next((s for s in article.spans if s.text_in(text) == SPEAKER), None)
        if speaker is None:
            continue
        ws.set_attributes(speaker.id, {"type": "official", "named": True, "title": "deputy mayor"})
        for span in article.spans:
            if span.label == "CLAIM":
                ws.set_attributes(span.id, {"checkable": "fully"})
                break
        ws.set_value(summary.id, "FRAME", "responsibility", annotator=annotator)
        ws.set_value(summary.id, "TOPICS", ["politics", "climate"], annotator=annotator)
        ws.set_value(summary.id, "TONE", 3, annotator=annotator)
        return summary.id, speaker.id
    return None


def picture(app: Any, window: Any, *, editor: bool) -> Any:
    """The window with the Codebook view in front (and, `editor`, the codebook editor over it), as a QPixmap."""
    from annotator.gui.codebook_draft import Node
    from annotator.gui.screenshot_dialog import over

    parts = window.codebook
    parts.docks["codebook"].raise_()
    span = window.article.selected_span()
    if span is not None:
        parts.view.show_label(span.label)
    _settle(app)
    shot = window.grab()
    if not editor:
        return shot
    parts.open_editor()
    dialog = parts.editor
    dialog.resize(900, 580)
    source = next(i for i, lab in enumerate(dialog.draft.labels) if lab.name == "SOURCE")
    dialog.tree.setCurrentIndex(dialog.model.index_of(Node(source)))
    _settle(app)
    shot = over(shot, dialog, drop=20)
    dialog.draft.labels = list(dialog.draft.base.labels)  # nothing to ask about on closing
    dialog.close()
    return shot


def _settle(app: Any) -> None:
    for _ in range(5):
        app.processEvents()

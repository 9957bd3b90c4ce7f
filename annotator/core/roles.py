"""What a schema's roles name: the attribution's labels and relations, and the suggesters' mapping."""

from __future__ import annotations

from collections.abc import Mapping

from annotator.core.types import Label, LabelSchema, Role

# The built-in suggesters' role names and the label role each is coded as: a photo credit
# belongs to its caption (as DEFAULT_LABELS in annotator/suggest/mapping.py has it).
SUGGESTER_ROLES: Mapping[str, Role] = {
    "caption": Role.CAPTION,
    "credit": Role.CAPTION,
    "dateline": Role.DATELINE,
    "byline": Role.BYLINE,
    "boilerplate": Role.BOILERPLATE,
    "content": Role.CONTENT,
    "source": Role.SOURCE,
    "cue": Role.CUE,
}


def attribution_relation(schema: LabelSchema, role: Role) -> Label | None:
    """The first relation label from the content label to the label of `role` (source or cue), or None."""
    content, tail = schema.by_role(Role.CONTENT), schema.by_role(role)
    if content is None or tail is None:
        return None
    return next((r for r in schema.relation_labels() if (r.head, r.tail) == (content.name, tail.name)), None)


def suggester_labels(schema: LabelSchema) -> dict[str, str]:
    """Suggester role -> the name of the span label playing it, for the roles the schema gives a label."""
    out: dict[str, str] = {}
    for name, role in SUGGESTER_ROLES.items():
        label = schema.by_role(role)
        if label is not None:
            out[name] = label.name
    return out


def suggester_relations(schema: LabelSchema) -> dict[str, str]:
    """An attribution's part ("source", "cue") -> the relation label linking the content to it."""
    out: dict[str, str] = {}
    for part, role in (("source", Role.SOURCE), ("cue", Role.CUE)):
        relation = attribution_relation(schema, role)
        if relation is not None:
            out[part] = relation.name
    return out

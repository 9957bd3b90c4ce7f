"""The entry point: one article through every rule, and the mapping to schema labels."""

from __future__ import annotations

from annotator.suggest import (
    DEFAULT_LABELS,
    DEFAULT_RELATIONS,
    RULES_VERSION,
    apply_mapping,
    suggest_text,
)

ARTICLE = (
    "Harbour Gazette\n"
    "Flood wall approved\n"
    "Workers stack sandbags on the promenade on Friday. Photo: Mara Lind\n"
    "By Owen Pryce\n"
    "PORTLOW — The council voted 11 to 4 on Thursday to build a flood wall along the harbour.\n"
    '"We cannot ask families to bail out their kitchens," said deputy mayor Ines Okafor, "not every winter."\n'
    "The wall will cost 48 million euros, according to the engineering office.\n"
    "© 2026 Harbour Gazette. All rights reserved."
)


def test_one_article_gives_every_role_in_order_with_valid_fragments() -> None:
    found = suggest_text(ARTICLE)
    got = [(s.role, [ARTICLE[a:b] for a, b in s.fragments]) for s in found.spans]
    assert got == [
        ("boilerplate", ["Harbour Gazette"]),
        ("caption", ["Workers stack sandbags on the promenade on Friday. Photo: Mara Lind"]),
        ("byline", ["By Owen Pryce"]),
        ("dateline", ["PORTLOW"]),
        ("content", ["We cannot ask families to bail out their kitchens", "not every winter."]),
        ("cue", ["said"]),
        ("source", ["deputy mayor Ines Okafor"]),
        ("content", ["The wall will cost 48 million euros"]),
        ("cue", ["according to"]),
        ("source", ["the engineering office"]),
        ("boilerplate", ["© 2026 Harbour Gazette. All rights reserved."]),
    ]
    for span in found.spans:
        bounds = [x for piece in span.fragments for x in piece]
        assert bounds == sorted(bounds) and len(set(bounds)) == len(bounds)
        assert 0 <= span.start < span.end <= len(ARTICLE)
        assert 0 < span.score <= 1 and span.rule
    assert len(found.attributions) == 2
    for attribution in found.attributions:
        for part in (attribution.content, attribution.source, attribution.cue):
            assert part in found.spans


def test_the_default_mapping_leaves_out_datelines_bylines_and_boilerplate() -> None:
    spans, relations = apply_mapping(suggest_text(ARTICLE))
    assert sorted({s.label for s in spans}) == ["CAPTION", "CLAIM", "CUE", "SOURCE"]
    assert sorted((r.label, ARTICLE[r.tail.start : r.tail.end]) for r in relations) == [
        ("ATTRIBUTED_TO", "deputy mayor Ines Okafor"),
        ("ATTRIBUTED_TO", "the engineering office"),
        ("CUED_BY", "according to"),
        ("CUED_BY", "said"),
    ]
    assert DEFAULT_LABELS["credit"] == "CAPTION" and DEFAULT_RELATIONS["source"] == "ATTRIBUTED_TO"


def test_a_project_mapping_can_add_roles_and_drop_relations() -> None:
    labels = {"dateline": "DATELINE", "content": "QUOTE"}
    spans, relations = apply_mapping(suggest_text(ARTICLE), labels, {})
    assert [(s.label, ARTICLE[s.span.start : s.span.end]) for s in spans] == [
        ("DATELINE", "PORTLOW"),
        (
            "QUOTE",
            'We cannot ask families to bail out their kitchens," said deputy mayor Ines Okafor, "not every winter.',
        ),
        ("QUOTE", "The wall will cost 48 million euros"),
    ]
    assert relations == ()


def test_empty_and_plain_texts_give_nothing() -> None:
    assert suggest_text("").spans == ()
    assert suggest_text("No quotes, no captions, nothing to see.\n\n\n").attributions == ()
    assert isinstance(RULES_VERSION, str) and RULES_VERSION

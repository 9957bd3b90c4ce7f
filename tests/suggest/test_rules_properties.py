"""Properties of the rules on arbitrary text: no error, and every span well formed."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.suggest import ROLES, suggest_text

_PIECES = st.sampled_from(
    [
        " ", "\n", "\n\n", '"', "“", "”", "'", "’", "«", "»", "„", ",", ".", ":", "—", "-", "(", ")",
        "said", "she said", "told reporters", "according to", "According to", "Maria Lopez", "the mayor",
        "Photo:", "REUTERS/", "(AP Photo/Jo Fox)", "By Jane Doe", "SEOUL (Reuters) -", "©", "All rights reserved",
        "example.com", "We will not back down", "not this year", "O'Neill", "the '90s", "Dr.", "😀", "北京",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_any_text_gives_well_formed_spans_and_attributions(text: str) -> None:
    found = suggest_text(text)
    for span in found.spans:
        assert span.role in ROLES
        assert span.fragments, "a span has at least one fragment"
        previous_end = -1
        for start, end in span.fragments:
            assert 0 <= start < end <= len(text) and start > previous_end, "ordered, disjoint, not touching"
            assert text[start:end].strip() == text[start:end], "no white space at a fragment's edges"
            previous_end = end
        assert 0 < span.score <= 1
    assert len(set(found.spans)) == len(found.spans)
    assert list(found.spans) == sorted(found.spans, key=lambda s: (s.start, s.end, s.role))
    for attribution in found.attributions:
        assert attribution.content.role == "content"
        assert attribution.source is None or attribution.source.role == "source"
        assert attribution.cue is None or attribution.cue.role == "cue"
        for part in (attribution.content, attribution.source, attribution.cue):
            assert part is None or part in found.spans

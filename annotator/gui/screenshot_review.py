"""The suggestion screenshots' demo: the built-in rules run over the demo, before and after a review.

Used by `annotator screenshot --suggestions before|after` in its throwaway database only.
"""

from __future__ import annotations

from annotator.project import Workspace

CODER = "demo"


def stage(ws: Workspace, project: str, review: str) -> tuple[int, str | None] | None:
    """Suggest with the built-in rules; pick an uncoded article with the most suggestions; after: review it."""
    # Uncoded articles, as a coder finds them after an import: the demo's own spans go first.
    for summary in ws.list_documents(project, annotator=CODER, limit=50):
        for span in ws.spans(summary.id, annotator=True):
            ws.delete_span(span.id)
    ws.suggestions.rules(project)
    best: tuple[int, tuple[bool, int]] | None = None
    for summary in ws.list_documents(project, annotator=CODER, limit=50):
        count = len(ws.suggestions.pending(summary.id, annotator=CODER))
        key = (summary.span_count == 0, count)  # an article nobody coded yet shows suggestions best
        if count and (best is None or key > best[1]):
            best = (summary.id, key)
    if best is None:
        return None
    doc_id = best[0]
    pending = ws.suggestions.pending(doc_id, annotator=CODER)
    if review == "after":
        # A coder's review: the last suggestion rejected, the rest accepted (two keys, X then Shift+A).
        ws.suggestions.reject(pending[-1].id, annotator=CODER)
        accepted = ws.suggestions.accept_all(doc_id, annotator=CODER).value.accepted
        return doc_id, accepted[0].id if accepted else None
    return doc_id, pending[0].id

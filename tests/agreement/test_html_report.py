"""The HTML report: well-formed, self-contained, user text escaped."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from annotator.agreement import CodedDocument, CodedSpan, Level, Variable, VariableType, compute_agreement
from annotator.agreement.html_report import MethodsContext, render_html

VOID = {"meta", "br", "img", "hr", "input", "link"}  # HTML void elements; SVG ones close or self-close


class _Checker(HTMLParser):
    """Records tags and fails on a closing tag that does not match the open one."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += attrs
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += attrs

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, (tag, self.stack[-5:])
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _report(only_frame: bool = False) -> object:
    docs = []
    for d in range(60):
        frame = ("a & b", "c", "<b>d</b>")[d % 3]
        tone = ("low", "mid", "high")[d % 3]
        values = {
            "FRAME": {"alice": frame, "bob": frame if d % 7 else "c"},
            "<i>TONE</i>": {"alice": tone, "bob": tone if d % 5 else "low"},
        }
        shift = d % 4
        spans = {
            "alice": (CodedSpan.plain("<script>", 0, 10, {"kind": "x" if d % 2 else "y"}),),
            "bob": (CodedSpan.plain("<script>", shift, 10, {"kind": "x" if d % 3 else "y"}),),
        }
        docs.append(CodedDocument(d, 50, ("alice", "bob"), values, spans))
    variables = [
        Variable("FRAME"),
        Variable("<i>TONE</i>", VariableType.CHOICE, Level.ORDINAL, ("low", "mid", "high")),
        Variable("<script>.kind"),
    ]
    return compute_agreement(
        docs, variables[:1] if only_frame else variables, ["<script>"], bootstrap=200, seed=4
    )


def test_the_report_is_well_formed_and_self_contained() -> None:
    page = render_html(_report(), "Study <2024> & co", MethodsContext("articles", population=300))  # type: ignore[arg-type]
    checker = _Checker()
    checker.feed(page)
    checker.close()
    assert checker.stack == []
    assert checker.tags[0] == "html" and "svg" in checker.tags and "circle" in checker.tags
    assert not re.search(r"https?:", page, re.IGNORECASE)
    assert not {"script", "link", "img", "iframe", "object"} & set(checker.tags)
    assert not any(name in {"src", "href"} or name.startswith("on") for name, _ in checker.attrs)
    assert "@import" not in page and "url(" not in page


def test_user_text_is_escaped() -> None:
    page = render_html(_report(), "Study <2024> & co", MethodsContext())  # type: ignore[arg-type]
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<i>TONE</i>" not in page and "&lt;i&gt;TONE&lt;/i&gt;" in page
    # FRAME's values appear in its coincidence table (the only variable, so the least reliable).
    frame_only = render_html(_report(only_frame=True), "Study", MethodsContext())  # type: ignore[arg-type]
    assert "<b>d</b>" not in frame_only and "&lt;b&gt;d&lt;/b&gt;" in frame_only and "a &amp; b" in frame_only
    assert "<title>Study &lt;2024&gt; &amp; co</title>" in page
    checker = _Checker()
    checker.feed(page)
    text = "".join(checker.text)
    assert "<script>.kind" in text and "Study <2024> & co" in text


def test_methods_paragraph_tables_and_the_worst_variable() -> None:
    report = _report()
    page = render_html(report, "Study", MethodsContext("articles", population=300))  # type: ignore[arg-type]
    checker = _Checker()
    checker.feed(page)
    text = " ".join("".join(checker.text).split())
    assert "Two coders independently coded a random sample of 60 articles (20% of 300)." in text
    assert "Krippendorff's alpha" in text and "200 bootstrap resamples of the articles (seed 4)" in text
    assert "ordinal for <i>TONE</i>" in text
    worst = report.worst_variable()  # type: ignore[attr-defined]
    assert worst is not None
    assert f"least reliable variable: {worst.name}" in text
    # One plot per variable and attribute row, one for the label (three marks).
    assert checker.tags.count("svg") == 4
    assert checker.tags.count("circle") == 3 + 3

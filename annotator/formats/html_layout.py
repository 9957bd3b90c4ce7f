"""What the main-text extractor gets wrong, mended from the page: the repeated title, the byline, captions' places.

trafilatura's text starts with the page's `<h1>` (already the title), drops the
byline, and drops figure captions. Each dropped block is put back as its own
line where the page shows it, found by its neighbours: after the nearest block
before it (a paragraph, heading, list item) that is a line of the text, else
before the nearest such block after it. A caption without such a neighbour is
appended at the end; a byline without one is left out (the `author` metadata
keeps the name).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

_BLOCK_TAGS = (
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "pre",
    "dd",
    "dt",
    "td",
    "th",
    "div",
)
_BLOCK = " or ".join(f"self::{tag}" for tag in _BLOCK_TAGS)
_NEAR = 40  # blocks tried on each side of an element for its neighbour in the text
_INLINE = frozenset({"a", "span", "em", "strong", "b", "i", "small", "cite", "time", "font", "u"})
_CONTAINERS = frozenset({"article", "body", "main", "section", "html"})
_LOWER = "translate(@class, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
_BYLINE_XPATH = (
    f"//*[@rel='author' or @itemprop='author' or contains({_LOWER}, 'byline') or contains({_LOWER}, 'author')]"
    "[not(ancestor::nav) and not(ancestor::footer) and not(ancestor::aside)]"
)
_BYLINE_MAX = 120  # characters; a longer "author" element is a biography box, not a byline
_BY = re.compile(r"^\s*(?:by|von|par|por|door|di)\s+", re.IGNORECASE)
_AFTER_NAME = re.compile(r"\s*(?:,|\||\u2014|\u2013| - ).*$", re.DOTALL)


def norm(text: str) -> str:
    """Text with runs of white space as one space, as the extractor writes it."""
    return " ".join(text.split())


@dataclass
class Lines:
    """The extracted text as lines, with the ones put back remembered (by index)."""

    lines: list[str]
    added: list[int] = field(default_factory=list)

    def find(self, wanted: str) -> int | None:
        """The index of the first line (of the extractor's own) equal to `wanted`, white space aside."""
        for i, line in enumerate(self.lines):
            if i not in self.added and norm(line) == wanted:
                return i
        return None

    def insert(self, at: int, line: str) -> int:
        """Insert a line put back; returns its index."""
        self.lines.insert(at, line)
        self.added = [i + 1 if i >= at else i for i in self.added]
        self.added.append(at)
        return at

    def offset(self, index: int) -> int:
        """The code-point offset of a line's start in the joined text."""
        return sum(len(line) + 1 for line in self.lines[:index])

    @property
    def text(self) -> str:
        """The lines joined by newlines."""
        return "\n".join(self.lines)


def drop_repeated_title(lines: Lines, tree: Any, title: str) -> str:
    """Drop the first line when it repeats the title or the page's `<h1>` (and more text follows); returns it."""
    if len(lines.lines) < 2:
        return ""
    titles = {norm(title)} | {norm(h.text_content()) for h in tree.xpath("//h1")}
    titles.discard("")
    if norm(lines.lines[0]) not in titles:
        return ""
    return norm(lines.lines.pop(0))


def put_back(lines: Lines, el: Any, text: str) -> int | None:
    """Insert `text` as a line beside the element's nearest neighbour in the text; its index, or None."""
    for before in reversed(el.xpath(f"preceding::*[{_BLOCK}]")[-_NEAR:]):
        i = lines.find(norm(before.text_content()))
        if i is not None:
            at = i + 1
            while at in lines.added:  # after what was put back behind the same neighbour
                at += 1
            return lines.insert(at, text)
    for after in el.xpath(f"following::*[{_BLOCK}]")[:_NEAR]:
        i = lines.find(norm(after.text_content()))
        if i is not None:
            return lines.insert(i, text)
    return None


def _in_main(tree: Any) -> Any:
    """Where a byline may be: the page's <article>, else the whole page."""
    articles = tree.xpath("//article")
    return articles[0] if articles else tree


def byline(tree: Any) -> tuple[Any, str, str] | None:
    """(element, text as shown, author name) of the page's byline, or None."""
    for found in _in_main(tree).xpath("." + _BYLINE_XPATH):
        text = norm(found.text_content())
        if not text or len(text) > _BYLINE_MAX:
            continue
        el = found
        while str(el.tag).lower() in _INLINE:
            parent = el.getparent()
            if parent is None or str(parent.tag).lower() in _CONTAINERS:
                break
            shown = norm(parent.text_content())
            if len(shown) > _BYLINE_MAX:
                break
            el, text = parent, shown
        names = found.xpath(".//*[@rel='author' or @itemprop='author']")
        name = norm(names[0].text_content()) if names else norm(found.text_content())
        return el, text, _AFTER_NAME.sub("", _BY.sub("", name)).strip()
    return None

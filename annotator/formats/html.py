"""Saved HTML pages: main text by trafilatura, with title, author, date, site name (`outlet`) and URL.

Photo captions (`<figcaption>` and elements whose class names a caption) stay
in the text: where the extractor dropped one it is appended as its own
paragraph, and each is pre-marked as a CAPTION span with origin "imported"
(option `caption_label`, or `captions=false` to leave them unmarked). The page
is parsed as data: no script runs and nothing it links to is fetched.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotator.core.errors import ValidationError
from annotator.core.types import AnnotatedDocument, Document, InvalidRecord, Origin, Span
from annotator.formats.base import ReadContext, opt_bool, opt_str
from annotator.formats.encodings import asked_encoding, bom_encoding, checked, choose, decode, encoding_hint
from annotator.formats.inputs import read_input, stored_name
from annotator.formats.textfile import normalise_newlines

NAME = "html"
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# Plain text that merely mentions "<b>" or "a < b > c" is not a page: look for the tags a saved
# page cannot do without (a doctype, document and block elements) or for a link or image with its URL.
_MARKUP = re.compile(
    r"<!doctype\s+html(?=[\s>])"
    r"|<(?:html|head|body|title|meta|link|p|div|article|main|section|header|footer|nav|span|h[1-6]|br"
    r"|figure|figcaption|table|tr|td|ul|ol|li|blockquote)(?=[\s/>])[^<>]*>"
    r"|<(?:a|img)\s[^<>]*\b(?:href|src)\s*=",
    re.IGNORECASE,
)
_HTML_ROOT = re.compile(r"<html(?=[\s/>])", re.IGNORECASE)
_CAPTION_XPATH = "//figcaption | //*[contains(translate(@class, 'CAPTION', 'caption'), 'caption')]"


def _decode(path: Path, data: bytes, ctx: ReadContext) -> str:
    """The page as text: --encoding, else a byte-order mark, else UTF-8, else the charset it declares."""
    where = str(path)
    head = data[:8192]
    if asked_encoding(ctx, where) or bom_encoding(head) is not None:
        return decode(data, where, ctx)
    encoding = choose(head, where, ctx)  # refuses UTF-16 without a byte-order mark
    try:
        return checked(data.decode(encoding), where, encoding)
    except UnicodeError:
        pass
    declared = _CHARSET.search(head)
    if declared:
        name = declared.group(1).decode("ascii", "replace")
        try:
            text = data.decode(name) if codecs.lookup(name)._is_text_encoding else None
        except (LookupError, UnicodeError):
            text = None
        if text is not None:
            ctx.notes.append(f"{path}: read as {name} (declared by the page)")
            return checked(text, where, name)
    raise ValidationError(f"{path}: is not UTF-8 and declares no usable charset; {encoding_hint(data)}")


def looks_like_html(page: str) -> bool:
    """True when the text holds HTML markup: a doctype, a document or block tag, or a link or image."""
    return _MARKUP.search(page) is not None


def _captions(page: str) -> list[str]:
    import lxml.html

    try:
        tree = lxml.html.fromstring(page)
    except (ValueError, lxml.etree.ParserError):
        return []
    out: list[str] = []
    elements = tree.xpath(_CAPTION_XPATH)
    chosen = set(elements)
    for el in elements:
        # A caption element inside another caption element is the same caption.
        if any(anc in chosen for anc in el.iterancestors()):
            continue
        text = " ".join(el.text_content().split())
        if text and text not in out:
            out.append(text)
    return out


def read(path: Path, ctx: ReadContext) -> Iterator[AnnotatedDocument | InvalidRecord]:
    """Read one saved page as one article."""
    try:
        import trafilatura
        from trafilatura.metadata import extract_metadata
    except ImportError as exc:  # pragma: no cover - a dependency
        raise ValidationError(f"HTML import needs trafilatura and lxml_html_clean ({exc})") from None
    data = read_input(path)
    page = _decode(path, data, ctx)
    if not looks_like_html(page):
        raise ValidationError(
            f"{path}: does not look like an HTML page (no HTML tags such as <html>, <body>, <p> or <div>)"
        )
    if not _HTML_ROOT.search(page):
        # trafilatura finds nothing in a fragment saved without its <html> element.
        page = f"<html><body>{page}</body></html>"
    body = trafilatura.extract(
        page, output_format="txt", include_comments=False, include_tables=True, include_images=False
    )
    if not body or not body.strip():
        yield InvalidRecord(f"{path}: no article text found in the page")
        return
    text = normalise_newlines(body).strip("\n")
    meta: dict[str, Any] = {}
    found = extract_metadata(page)
    title = ""
    if found is not None:
        title = found.title or ""
        # The site name is stored as "outlet", the key the window shows and exports group by.
        for attr, key in (("author", "author"), ("date", "date"), ("sitename", "outlet"), ("url", "url")):
            value = getattr(found, attr, None)
            if value:
                meta[key] = value
    spans: list[Span] = []
    if opt_bool(ctx.options, "captions", True):
        label = opt_str(ctx.options, "caption_label", "CAPTION")
        text, spans = _mark_captions(text, _captions(page), label)
    doc = Document(text=text, title=title, meta=meta, source=stored_name(path.name))
    yield AnnotatedDocument(doc, tuple(spans))


def _mark_captions(text: str, captions: list[str], label: str) -> tuple[str, list[Span]]:
    spans: list[Span] = []
    taken: list[tuple[int, int]] = []
    for caption in captions:
        start = text.find(caption)
        while start >= 0 and any(a < start + len(caption) and start < b for a, b in taken):
            start = text.find(caption, start + 1)
        if start < 0:
            text = f"{text}\n{caption}" if text else caption
            start = len(text) - len(caption)
        end = start + len(caption)
        taken.append((start, end))
        spans.append(Span(start, end, label, origin=Origin.IMPORTED))
    return text, spans

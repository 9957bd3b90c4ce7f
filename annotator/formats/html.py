"""Saved HTML pages: main text by trafilatura, with title, author, date, site name (`outlet`) and URL.

The text does not repeat the title (the page's `<h1>`), and keeps the byline
where the page shows it (its name is the `author` metadata when the page
declares none). Photo captions (`<figcaption>` and elements whose class names a
caption) stay in the text: where the extractor dropped one it is put back as
its own paragraph where it stands in the page (see `html_layout`; at the end
when its place cannot be told), and each is pre-marked as a CAPTION span with
origin "imported" (option `caption_label`, or `captions=false` to leave them
unmarked). The page is parsed as data: no script runs and nothing it links to
is fetched.
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
from annotator.formats.html_layout import Lines, byline, drop_repeated_title, norm, put_back
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


def _tree(page: str) -> Any:
    """The page's element tree (lxml), or None when it cannot be parsed."""
    import lxml.html

    try:
        return lxml.html.fromstring(page)
    except (ValueError, lxml.etree.ParserError):
        return None


def _captions(tree: Any) -> list[tuple[Any, str]]:
    """(element, text) of each caption, in page order."""
    out: list[tuple[Any, str]] = []
    elements = tree.xpath(_CAPTION_XPATH)
    chosen = set(elements)
    for el in elements:
        # A caption element inside another caption element is the same caption.
        if any(anc in chosen for anc in el.iterancestors()):
            continue
        text = norm(el.text_content())
        if text and all(text != seen for _el, seen in out):
            out.append((el, text))
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
    lines = Lines(normalise_newlines(body).strip("\n").split("\n"))
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
    tree = _tree(page)
    if tree is not None:
        title = drop_repeated_title(lines, tree, title) or title
        _put_back_byline(lines, tree, meta)
    spans: list[Span] = []
    if opt_bool(ctx.options, "captions", True) and tree is not None:
        label = opt_str(ctx.options, "caption_label", "CAPTION")
        spans = _mark_captions(lines, _captions(tree), label)
    doc = Document(text=lines.text, title=title, meta=meta, source=stored_name(path.name))
    yield AnnotatedDocument(doc, tuple(spans))


def _put_back_byline(lines: Lines, tree: Any, meta: dict[str, Any]) -> None:
    """The byline as a line where the page shows it, and its name as `author` when the page declares none."""
    found = byline(tree)
    if found is None:
        return
    el, shown, name = found
    if name and "author" not in meta:
        meta["author"] = name
    if shown not in norm(lines.text):
        put_back(lines, el, shown)


def _mark_captions(lines: Lines, captions: list[tuple[Any, str]], label: str) -> list[Span]:
    """Caption spans; a caption the extractor dropped is put back first (see `html_layout`)."""
    kept = lines.text
    placed: list[tuple[str, int | None]] = []  # caption, and which line put back holds it
    for el, caption in captions:
        if caption in kept:
            placed.append((caption, None))
            continue
        if put_back(lines, el, caption) is None:
            lines.insert(len(lines.lines), caption)  # where it stood cannot be told: at the end
        placed.append((caption, len(lines.added) - 1))
    text = lines.text
    bounds = [(lines.offset(lines.added[k]), caption) for caption, k in placed if k is not None]
    taken = [(start, start + len(caption)) for start, caption in bounds]
    spans: list[Span] = []
    for caption, k in placed:
        if k is not None:
            start = lines.offset(lines.added[k])
        else:
            start = text.find(caption)
            while start >= 0 and any(a < start + len(caption) and start < b for a, b in taken):
                start = text.find(caption, start + 1)
            if start < 0:
                continue  # white space differs from the page's: the caption is in the text, unmarked
            taken.append((start, start + len(caption)))
        spans.append(Span(start, start + len(caption), label, origin=Origin.IMPORTED))
    return spans

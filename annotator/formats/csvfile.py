"""CSV/TSV articles with a header row: a text column, optional title and id columns, the rest as metadata.

Options: `text_column` (default "text"), `title_column`, `id_column`,
`delimiter` (default: tab for .tsv, else sniffed among , ; tab |), and
`encoding` (default UTF-8 with or without BOM, or UTF-16/32 with a BOM; any
other encoding must be named, and a file that is not UTF-8 is refused with a
guess of its encoding; see encodings.py).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from annotator.core.errors import ValidationError
from annotator.core.types import AnnotatedDocument, Document, InvalidRecord
from annotator.formats.base import ReadContext, opt_str
from annotator.formats.encodings import open_text, stream_error
from annotator.formats.inputs import stored_name
from annotator.formats.textfile import normalise_newlines

NAME = "csv"


def read(path: Path, ctx: ReadContext) -> Iterator[AnnotatedDocument | InvalidRecord]:
    """Read one article per row."""
    text_col = opt_str(ctx.options, "text_column", "text")
    title_col = opt_str(ctx.options, "title_column", "")
    id_col = opt_str(ctx.options, "id_column", "")
    # Articles are long: the csv module's default cap of 128 KiB per field is too small.
    csv.field_size_limit(max(csv.field_size_limit(), 1 << 30))
    source = stored_name(path.name)
    with open_text(path, ctx, newline="") as fh:
        try:
            start = fh.tell()  # after any byte-order mark
            sample = fh.read(65536)
            fh.seek(start)
            delimiter = _delimiter(path, sample, opt_str(ctx.options, "delimiter", ""))
            rows = csv.reader(fh, delimiter=delimiter, strict=True)
            try:
                header = next(rows)
            except StopIteration:
                raise ValidationError(f"{path}: is empty (a header row is needed)") from None
            except csv.Error as exc:
                raise ValidationError(f"{path}: line 1: not a valid CSV header ({exc})") from None
            header = [h.strip() for h in header]
            dupes = sorted({h for h in header if header.count(h) > 1})
            if dupes:
                raise ValidationError(
                    f"{path}: line 1: column(s) {', '.join(dupes)} appear twice in the header"
                )
            for wanted, what in ((text_col, "text"), (title_col, "title"), (id_col, "id")):
                if wanted and wanted not in header:
                    raise ValidationError(
                        f"{path}: no {what} column {wanted!r} (columns: {_shown(header)}); "
                        f"choose one with --{what}-column{_not_csv(sample)}"
                    )
            line = rows.line_num + 1
            while True:
                try:
                    row = next(rows)
                except StopIteration:
                    break
                except csv.Error as exc:
                    yield InvalidRecord(f"{path}: line {line}: not valid CSV ({exc})")
                    line = rows.line_num + 1
                    continue
                first_line = line
                where = f"{path}: line {first_line}"
                line = rows.line_num + 1
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) != len(header):
                    yield InvalidRecord(f"{where}: {len(row)} field(s), but the header has {len(header)}")
                    continue
                values = dict(zip(header, row, strict=True))
                text = normalise_newlines(values[text_col])
                if not text.strip():
                    yield InvalidRecord(f"{where}: the {text_col!r} column is empty")
                    continue
                used = {text_col, title_col, id_col}
                meta = {k: v for k, v in values.items() if k not in used and v != ""}
                doc = Document(
                    text=text,
                    title=values[title_col].strip() if title_col else "",
                    external_id=values[id_col].strip() or None if id_col else None,
                    meta=meta,
                    source=source,
                )
                yield AnnotatedDocument(doc, line=first_line)
        except UnicodeDecodeError:
            raise stream_error(path, fh) from None


def _delimiter(path: Path, sample: str, asked: str) -> str:
    if asked:
        asked = "\t" if asked in ("\\t", "tab", "TAB") else asked
        if len(asked) != 1:
            raise ValidationError(f"the delimiter must be one character, not {asked!r}")
        return asked
    if path.suffix.lower() in (".tsv", ".tab"):
        return "\t"
    first = sample.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _shown(header: list[str], limit: int = 80) -> str:
    """The header's column names for a message, cut to about `limit` characters."""
    joined = ", ".join(header)
    return joined if len(joined) <= limit else joined[: limit - 1].rstrip() + "…"


def _not_csv(sample: str) -> str:
    """A hint when the file is plainly JSON rather than CSV."""
    return "; it looks like JSON, not CSV: try --format auto" if sample.lstrip()[:1] in ("{", "[") else ""

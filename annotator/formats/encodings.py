"""Text encodings of imported files: the --encoding option, byte-order marks, guesses, and clear errors.

Files are UTF-8 (with or without a BOM) unless `--encoding` names another
encoding; a UTF-16 or UTF-32 file with a byte-order mark is read as such. Any
encoding other than UTF-8 is stated in the reader's notes. A file that cannot
be decoded is refused with the line of the first bad byte and a guess of the
encoding it is in. Every file a reader opens goes through here: only regular
files are opened (a named pipe would block), a byte-order mark is dropped, and
decoded text holding a lone surrogate (UTF-7 and the escape codecs can make
them) is refused with its line.
"""

from __future__ import annotations

import codecs
import io
import re
from pathlib import Path
from typing import BinaryIO, TextIO

from annotator.core.errors import ValidationError
from annotator.formats.base import ReadContext, opt_str
from annotator.formats.inputs import open_input, read_input

_BOMS = (
    # UTF-32-LE's mark starts with UTF-16-LE's, so the longer ones are tried first.
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)
_HEAD = 4096
# Close candidates of charset-normalizer are often all "right" for Western text (they decode it
# the same way); it then names whichever it meets first (cp775, cp1250). Prefer these in order.
_WESTERN = ("cp1252", "latin_1", "iso8859_15")
# Strict UTF-8/16/32 decoding never yields a lone surrogate, so only other codecs' text is searched.
_UTF = frozenset(
    ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be")
)
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def asked_encoding(ctx: ReadContext, path: Path | str) -> str:
    """The encoding named with --encoding (checked), or "" when none was given."""
    name = opt_str(ctx.options, "encoding", "")
    if not name:
        return ""
    try:
        info = codecs.lookup(name)
    except LookupError:
        raise ValidationError(
            f"{path}: unknown encoding {name!r} given with --encoding (e.g. utf-8, cp1252, latin-1, utf-16)"
        ) from None
    if not info._is_text_encoding:
        raise ValidationError(
            f"{path}: {name!r} is not a text encoding (it converts data, not characters); --encoding "
            "names how the text's characters are stored, e.g. utf-8, cp1252, latin-1, utf-16"
        )
    return name


def bom_encoding(head: bytes) -> tuple[str, str] | None:
    """(codec, display name) of the byte-order mark that starts `head`, or None."""
    for bom, codec, shown in _BOMS:
        if head.startswith(bom):
            return codec, shown
    return None


def nul_encoding(head: bytes) -> str | None:
    """The UTF-16/32 variant that the NUL bytes of a BOM-less `head` suggest, or None."""
    if b"\x00" not in head:
        return None
    size = len(head) - len(head) % 4
    if size < 4:
        return None
    # Share of NUL bytes at each position modulo 4: ASCII-heavy UTF-16/32 text has a clear pattern.
    share = [head[i:size:4].count(0) / (size // 4) for i in range(4)]
    high, low = 0.6, 0.1
    if share[0] < low and min(share[1:]) > high:
        return "utf-32-le"
    if share[3] < low and min(share[:3]) > high:
        return "utf-32-be"
    if max(share[0], share[2]) < low and min(share[1], share[3]) > high / 2:
        return "utf-16-le"
    if max(share[1], share[3]) < low and min(share[0], share[2]) > high / 2:
        return "utf-16-be"
    return None


def guess_encodings(data: bytes) -> list[str]:
    """Likely encodings of bytes that are not UTF-8, most likely first (empty when no guess)."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a dependency
        return []
    matches = list(from_bytes(data[:200_000]))
    if not matches:
        return []
    best = min(m.chaos for m in matches)
    close = [m for m in matches if m.chaos <= best + 0.02]
    names: list[str] = []
    for m in close:
        for name in (m.encoding, *m.could_be_from_charset):
            if name not in names:
                names.append(name)
    preferred = [n for n in _WESTERN if n in names and _decodes(data, n)]
    first = [preferred[0]] if preferred else []
    others = [m.encoding for m in close if m.encoding not in first]
    return list(dict.fromkeys(first + others))


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def encoding_hint(data: bytes) -> str:
    """A phrase telling what to pass with --encoding: a guess with its runners-up, or how to name one."""
    names = guess_encodings(data)
    if not names:
        return "pass --encoding NAME, or convert it to UTF-8"
    also = f" (or {', '.join(names[1:3])})" if len(names) > 1 else ""
    return f"it may be {names[0]}{also}: pass --encoding {names[0]}, or convert it to UTF-8"


def shown_name(encoding: str) -> str:
    """An encoding's name as messages show it (UTF-8, UTF-16, or the name as given)."""
    norm = codecs.lookup(encoding).name
    if norm in ("utf-8", "utf-8-sig"):
        return "UTF-8"
    if norm.startswith(("utf-16", "utf-32")):
        return norm.upper()
    return encoding


def decode_error(where: str, data: bytes, encoding: str) -> ValidationError:
    """The error for bytes that are not valid in `encoding`: the line of the first bad byte and a hint."""
    try:
        checked(data.decode(encoding), where, encoding)
    except ValidationError as exc:
        return exc
    except UnicodeDecodeError as exc:
        line = data[: exc.start].decode(encoding, errors="replace").count("\n") + 1
        if _is_utf8(encoding):
            hint = encoding_hint(data)
        else:
            hint = "it is in another encoding or damaged: name its encoding with --encoding"
        return ValidationError(
            f"{where}: line {line}: byte 0x{data[exc.start]:02x} is not {shown_name(encoding)} text "
            f"({exc.reason}); {hint}"
        )
    except UnicodeError as exc:
        return codec_failure(where, encoding, exc)
    return ValidationError(f"{where}: is not {shown_name(encoding)} text")


def codec_failure(where: str, encoding: str, exc: UnicodeError) -> ValidationError:
    """The error for a codec that fails without naming a position (punycode, undefined)."""
    return ValidationError(f"{where}: cannot be read as {encoding} ({' '.join(str(exc).split())})")


def surrogate_error(where: str, line: int, encoding: str) -> ValidationError:
    """The error for decoded text holding a lone surrogate, which no text may hold."""
    return ValidationError(
        f"{where}: line {line}: read as {encoding}, the text holds a lone surrogate (not a character); "
        "the file is damaged or in another encoding"
    )


def checked(text: str, where: str, encoding: str) -> str:
    """Decoded text without its byte-order mark; a lone surrogate in it is refused with its line."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if codecs.lookup(encoding).name not in _UTF:
        found = _LONE_SURROGATE.search(text)
        if found:
            raise surrogate_error(where, text.count("\n", 0, found.start()) + 1, encoding)
    return text


def decoded(data: bytes, where: str, encoding: str) -> str:
    """Bytes as text in `encoding`, checked (see `checked`), with a clear error when they are not."""
    try:
        text = data.decode(encoding)
    except UnicodeError:
        raise decode_error(where, data, encoding) from None
    return checked(text, where, encoding)


def _is_utf8(encoding: str) -> bool:
    return codecs.lookup(encoding).name in ("utf-8", "utf-8-sig")


def decode(data: bytes, where: str, ctx: ReadContext) -> str:
    """Decode a whole file: the asked encoding, else a byte-order mark's, else UTF-8; a non-UTF-8 choice is noted."""
    return decoded(data, where, choose(data[:_HEAD], where, ctx))


def choose(head: bytes, where: str, ctx: ReadContext) -> str:
    """The codec for a file starting with `head`; a choice other than UTF-8 is noted, a BOM-less UTF-16 refused."""
    asked = asked_encoding(ctx, where)
    bom = bom_encoding(head)
    if asked:
        ctx.notes.append(f"{where}: read as {asked} (as asked)")
        if bom is not None and bom[1] == "UTF-8" and _is_utf8(asked):
            return "utf-8-sig"
        return asked
    if bom is not None:
        codec, shown = bom
        if shown != "UTF-8":
            ctx.notes.append(f"{where}: read as {shown} (it starts with a {shown} byte-order mark)")
        return codec
    guessed = nul_encoding(head)
    if guessed is not None:
        raise ValidationError(
            f"{where}: looks like {guessed.upper()} text without a byte-order mark (it is full of NUL "
            f"bytes); pass --encoding {guessed}, or convert it to UTF-8"
        )
    return "utf-8"


def sniff_text(head: bytes) -> str:
    """The start of a file as text for guessing its format: decoded by its BOM, NUL pattern or as UTF-8."""
    bom = bom_encoding(head)
    codec = bom[0] if bom is not None else nul_encoding(head) or "utf-8"
    return head.decode(codec, errors="replace").removeprefix("\ufeff")


class _CheckedText(io.TextIOWrapper):
    """A text stream in a codec that can yield lone surrogates: each one is refused with its line.

    TextIOWrapper's iteration calls `readline` on a subclass, so `read` and
    `readline` see all the text.
    """

    def __init__(self, raw: BinaryIO, where: str, encoding: str, newline: str | None) -> None:
        super().__init__(raw, encoding=encoding, errors="strict", newline=newline)
        self._where = where
        self._line = 1
        self._lines_at: dict[int, int] = {0: 1}

    def _checked(self, text: str) -> str:
        found = _LONE_SURROGATE.search(text)
        if found:
            raise surrogate_error(self._where, self._line + text.count("\n", 0, found.start()), self.encoding)
        self._line += text.count("\n")
        return text

    def read(self, size: int | None = -1, /) -> str:
        """Read text, checked."""
        try:
            return self._checked(super().read(size))
        except UnicodeDecodeError:
            raise
        except UnicodeError as exc:
            raise codec_failure(self._where, self.encoding, exc) from None

    def readline(self, size: int = -1, /) -> str:  # type: ignore[override]  # as typeshed's own
        """Read a line, checked."""
        try:
            return self._checked(super().readline(size))
        except UnicodeDecodeError:
            raise
        except UnicodeError as exc:
            raise codec_failure(self._where, self.encoding, exc) from None

    def tell(self) -> int:
        """The position, remembered with its line number."""
        position = super().tell()
        self._lines_at[position] = self._line
        return position

    def seek(self, cookie: int, whence: int = 0, /) -> int:
        """Go back to a position `tell` gave (or the start), and to its line number."""
        position = super().seek(cookie, whence)
        self._line = self._lines_at.get(position, self._line)
        return position


def open_text(path: Path, ctx: ReadContext | None = None, newline: str | None = "\n") -> TextIO:
    """Open a text file for reading in the encoding `choose` picks for it, past any byte-order mark."""
    ctx = ctx if ctx is not None else ReadContext()
    raw = open_input(path)
    try:
        head = raw.read(_HEAD)
        raw.seek(0)
        encoding = choose(head, str(path), ctx)
        fh: TextIO
        if codecs.lookup(encoding).name in _UTF:
            fh = io.TextIOWrapper(raw, encoding=encoding, errors="strict", newline=newline)
        else:
            fh = _CheckedText(raw, str(path), encoding, newline)
    except OSError as exc:
        raw.close()
        raise ValidationError(f"{path}: cannot be read ({exc.strerror})") from None
    except BaseException:
        raw.close()
        raise
    try:
        if fh.read(1) != "\ufeff":
            fh.seek(0)
    except UnicodeDecodeError:
        fh.close()
        raise stream_error(path, fh) from None
    except BaseException:
        fh.close()
        raise
    return fh


def stream_error(path: Path, fh: TextIO) -> ValidationError:
    """The error for a UnicodeDecodeError met while reading `fh`, worked out again on the whole file."""
    try:
        data = read_input(path)
    except ValidationError as exc:
        return exc
    encoding = fh.encoding
    if _is_utf8(encoding) and data.startswith(codecs.BOM_UTF8):
        # Offsets and lines count from after the mark, as the reader saw the text.
        data, encoding = data[len(codecs.BOM_UTF8) :], "utf-8"
    return decode_error(str(path), data, encoding)

"""`annotator validate`: check any supported import or export file and list every problem."""

from __future__ import annotations

from pathlib import Path

from annotator.core.errors import ValidationError
from annotator.formats import registry
from annotator.formats.base import Options, ReadContext, ValidationResult


def validate_file(
    path: Path,
    format: str = "auto",
    *,
    labels: tuple[str, ...] | None = None,
    options: Options | None = None,
) -> tuple[ValidationResult, str]:
    """Check a file (or a brat folder); returns the result and how its format was decided."""
    path = Path(path)
    if not path.exists():
        raise ValidationError(f"{path}: no such file or folder")
    if format == "auto":
        fmt, why = registry.detect_any(path)
        decided = f"{path}: checked as {fmt.name} ({why})"
    else:
        fmt = registry.get_format(format)
        decided = f"{path}: checked as {fmt.name} (as asked)"
    if fmt.validate is None:
        raise ValidationError(f"{path}: format {fmt.name!r} has no validator (it carries no spans to check)")
    ctx = ReadContext(options or {})
    result = fmt.validate(path, ctx, labels)
    # How the file was decoded (e.g. UTF-16 from its byte-order mark) is part of what was decided.
    return result, "\n".join([decided, *ctx.notes])

"""`annotator validate`: check any supported import or export file and list every problem."""

from __future__ import annotations

import re
from pathlib import Path

from annotator.core.codebook_check import record_problems
from annotator.core.coerce import typed_record
from annotator.core.errors import ValidationError
from annotator.core.types import AnnotatedDocument, LabelSchema
from annotator.formats import registry
from annotator.formats.base import Options, Problem, ReadContext, ValidationResult

_LINE = re.compile(r": line (\d+)")


def validate_file(
    path: Path,
    format: str = "auto",
    *,
    labels: tuple[str, ...] | None = None,
    options: Options | None = None,
    schema: LabelSchema | None = None,
) -> tuple[ValidationResult, str]:
    """Check a file (or a brat folder); returns the result and how its format was decided.

    With `schema` (a project's codebook), span labels are checked against its span labels,
    and span attributes, relation labels and document values as an import would check them.
    """
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
    if schema is not None and labels is None:
        labels = schema.names()
    result = fmt.validate(path, ctx, labels)
    if schema is not None and fmt.read is not None:
        check_codebook(result, fmt, path, ReadContext(dict(ctx.options)), schema)
    # How the file was decoded (e.g. UTF-16 from its byte-order mark) is part of what was decided.
    return result, "\n".join([decided, *ctx.notes])


def check_codebook(
    result: ValidationResult, fmt: registry.Format, path: Path, ctx: ReadContext, schema: LabelSchema
) -> None:
    """Add what an import would refuse against the codebook: attributes, relation labels, document values.

    The file is read as the import reads it; records the reader refuses were already
    reported by the format's validator.
    """
    before = len(result.problems)
    try:
        for n, record in enumerate(fmt.bind(ctx)(path), 1):
            if not isinstance(record, AnnotatedDocument):
                continue
            if not fmt.typed_values:
                record = typed_record(record, schema)
            where = f"{path}: line {record.line}" if record.line else f"{path}: document {n}"
            for w, message in record_problems(record, schema, where):
                result.add(w, message)
    except ValidationError as exc:
        if result.ok:  # a file the validator passed but the import refuses: say why
            result.add(str(path), str(exc).removeprefix(f"{path}: "))
    if len(result.problems) > before:  # in file order, with the validator's own
        result.problems.sort(key=_line)


def _line(problem: Problem) -> int:
    found = _LINE.search(problem.where)
    return int(found[1]) if found else 0

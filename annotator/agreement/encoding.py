"""Coders' raw values checked against a variable's type and turned into value indices."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from annotator.agreement.alpha import UnitCodes
from annotator.agreement.model import Level, Variable, VariableType, is_number
from annotator.agreement.perdoc import IntArray
from annotator.core.errors import ValidationError

MISSING: Any = object()
"""The cell of a coder who did not code a unit (absent, or coded None)."""

Describe = Callable[[int, int], str]
"""(unit, coder) -> where a value came from, for error messages."""


@dataclass(frozen=True)
class Row:
    """One reported row: a variable, or one value (present/absent) of a multi-valued variable.

    Attributes:
        name: the row's name ("FRAME", or "TOPICS=economy" for one value of a multi variable).
        level: the level alpha is computed at.
        values: the value of each value index.
        units: the coded units.
    """

    name: str
    level: Level
    values: tuple[Any, ...]
    units: UnitCodes


def _sort_key(value: Any) -> tuple[str, Any]:
    return (type(value).__name__, value if is_number(value) or isinstance(value, str) else repr(value))


class _Unfit(Exception):
    """A value that does not fit its variable; the message says why."""


def _check(variable: Variable, value: Any) -> Any:
    """The value (a frozenset for a multi variable) if it fits the variable's type and level."""
    kind, level = variable.type, variable.level
    bad = ""
    if kind is VariableType.MULTI:
        if isinstance(value, str) or not isinstance(value, list | tuple | set | frozenset):
            bad = "is not a list of values"
        else:
            return frozenset(value)
    elif kind is VariableType.BOOL and not isinstance(value, bool):
        bad = "is not true or false"
    elif kind is VariableType.TEXT and not isinstance(value, str):
        bad = "is not text"
    elif (kind is VariableType.NUMBER or level in (Level.INTERVAL, Level.RATIO)) and not is_number(value):
        bad = "is not a number"
    elif level is Level.RATIO and value < 0:
        bad = "is negative, which a ratio variable cannot be"
    elif kind is VariableType.CHOICE and level is Level.ORDINAL and value not in variable.values:
        bad = f"is not one of its ordered values {list(variable.values)!r}"
    elif kind is VariableType.CHOICE and isinstance(value, list | dict | set):
        bad = "is not a single value"
    elif isinstance(value, float) and not math.isfinite(value):
        bad = "is not a finite number"
    if bad:
        raise _Unfit(f"the value {value!r} of {variable.name} {bad}")
    return value


def _checked(variable: Variable, cells: Sequence[Sequence[Any]], describe: Describe) -> list[list[Any]]:
    """The cells with every value checked; a value that does not fit is a ValidationError naming it."""
    if variable.type in (VariableType.CHOICE, VariableType.TEXT) and variable.level is Level.NOMINAL:
        # The common case, checked in bulk: any single value of a nominal choice (or text) fits.
        kinds = {type(c) for row in cells for c in row}
        if kinds <= ({str, object} if variable.type is VariableType.TEXT else {str, int, bool, object}):
            return [list(row) for row in cells]
    out = []
    for u, row in enumerate(cells):
        line = []
        for k, c in enumerate(row):
            try:
                line.append(c if c is MISSING else _check(variable, c))
            except _Unfit as exc:
                raise ValidationError(f"{describe(u, k)}: {exc}") from None
        out.append(line)
    return out


def _domain(variable: Variable, seen: set[Any]) -> tuple[Any, ...]:
    """The values in order: numbers sorted for numeric levels, else the codebook's then the rest."""
    if variable.level is not Level.NOMINAL and not (
        variable.type is VariableType.CHOICE and variable.level is Level.ORDINAL
    ):
        return tuple(sorted(seen | set(variable.values)))
    extra = sorted((v for v in seen if v not in set(variable.values)), key=_sort_key)
    return (*variable.values, *extra)


def encode(
    variable: Variable,
    cells: Sequence[Sequence[Any]],
    unit_doc: IntArray,
    n_docs: int,
    n_coders: int,
    describe: Describe,
) -> list[Row]:
    """The rows of one variable over units x coders cells (MISSING where not coded)."""
    checked = _checked(variable, cells, describe)
    if variable.type is VariableType.MULTI:
        return _encode_multi(variable, checked, unit_doc, n_docs, n_coders)
    seen = {c for row in checked for c in row if c is not MISSING}
    values = _domain(variable, seen)
    index = {v: i for i, v in enumerate(values)}
    codes = np.array([[-1 if c is MISSING else index[c] for c in row] for row in checked], np.int64).reshape(
        len(checked), n_coders
    )
    numbers = None
    if variable.level in (Level.INTERVAL, Level.RATIO):
        numbers = np.array(values, np.float64)
    units = UnitCodes(codes, unit_doc, n_docs, len(values), numbers)
    return [Row(variable.name, variable.level, values, units)]


def _encode_multi(
    variable: Variable, checked: list[list[Any]], unit_doc: IntArray, n_docs: int, n_coders: int
) -> list[Row]:
    seen = {v for row in checked for c in row if c is not MISSING for v in c}
    rows = []
    for value in _domain(variable, seen):
        codes = np.array(
            [[-1 if c is MISSING else int(value in c) for c in row] for row in checked], np.int64
        ).reshape(len(checked), n_coders)
        units = UnitCodes(codes, unit_doc, n_docs, 2)
        rows.append(Row(f"{variable.name}={value}", Level.NOMINAL, (False, True), units))
    return rows

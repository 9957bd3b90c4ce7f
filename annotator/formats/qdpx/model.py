"""A REFI-QDA project as read: users, codebook, notes, links and variables, resolved by GUID."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from annotator.core.errors import ValidationError
from annotator.formats.base import ReadContext
from annotator.formats.qdpx.codebook import Code, Codebook, key, labels_of, parse_codes
from annotator.formats.qdpx.container import Container
from annotator.formats.qdpx.positions import Unit, import_unit
from annotator.formats.qdpx.xmlkit import kid, kids, local, text_of

_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
UNLINKED = "link(s) not between two coded selections of one text left out"
ORIGIN = "annotator"
"""How our own exports sign the Project's origin attribute (followed by the version)."""


def annotator_name(raw: str | None) -> str | None:
    """A User's name as an annotator name: control characters become spaces, at most 200 characters."""
    if not raw:
        return None
    name = " ".join(_CONTROL.sub(" ", raw).split())[:200].strip()
    return name or None


@dataclass
class Link:
    """A Link between two GUIDs (a relation between selections, or a note attached to one)."""

    guid: str
    name: str
    origin: str
    target: str
    direction: str
    colour: str | None = None


@dataclass
class Project:
    """What a .qde says, beyond its sources.

    Attributes:
        box: the open container.
        root: the Project element.
        origin: the exporting tool, as it says (the origin attribute).
        unit: how its selection positions count.
        unit_why: why that unit was chosen.
        users: user GUID -> annotator name.
        codes: the codebook's codes as read.
        book: the codes as labels and attribute values.
        notes: note GUID -> its text.
        note_links: selection GUID -> texts of notes linked to it (NVivo's way).
        relations: Links from one selection to another.
        variables: variable GUID -> its name.
        case_values: source GUID -> values of the variables of the cases holding it.
        counts: what was left out, for the notes.
        linked: GUIDs of the Links read as relations.
    """

    box: Container
    root: Any
    origin: str
    unit: Unit
    unit_why: str
    users: dict[str, str | None] = field(default_factory=dict)
    codes: list[Code] = field(default_factory=list)
    book: Codebook = field(default_factory=Codebook)
    notes: dict[str, str] = field(default_factory=dict)
    note_links: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    relations: list[Link] = field(default_factory=list)
    variables: dict[str, str] = field(default_factory=dict)
    case_values: dict[str, dict[str, Any]] = field(default_factory=lambda: defaultdict(dict))
    counts: Counter[str] = field(default_factory=Counter)
    linked: set[str] = field(default_factory=set)

    @property
    def ours(self) -> bool:
        """True when the annotator wrote this file."""
        return self.origin.startswith(f"{ORIGIN} ")

    def section(self, name: str) -> Any | None:
        """A top-level element of the project (Users, CodeBook, Sources, ...)."""
        return kid(self.root, name)

    def user(self, *guids: str | None) -> str | None:
        """The name of the first of these user GUIDs that is known."""
        for g in guids:
            if g and key(g) in self.users:
                return self.users[key(g)]
        return None


def load(box: Container, ctx: ReadContext) -> Project:
    """Read everything but the sources' texts."""
    root = box.project()
    origin = root.get("origin") or ""
    unit, why = import_unit(ctx.options, origin)
    project = Project(box, root, origin, unit, why)
    users = project.section("Users")
    for el in kids(users, "User") if users is not None else ():
        project.users[key(el.get("guid"))] = annotator_name(el.get("name") or el.get("id"))
    codebook = project.section("CodeBook")
    codes_el = kid(codebook, "Codes") if codebook is not None else None
    project.codes = parse_codes(codes_el) if codes_el is not None else []
    _notes(project, ctx)
    _variables(project)
    selections = list(all_selections(root))
    _links(project, {key(sel.get("guid")) for sel in selections})
    referenced = {key(ref.get("targetGUID")) for sel in selections for ref in code_refs(sel)}
    first = labels_of(project.codes, referenced)
    multi: set[tuple[str, str]] = set()
    for sel in selections:
        per: Counter[tuple[str | None, str, str]] = Counter()
        for coding in kids(sel, "Coding"):
            ref = kid(coding, "CodeRef")
            value = first.values.get(key(ref.get("targetGUID"))) if ref is not None else None
            if value is not None:
                who = project.user(coding.get("creatingUser"), sel.get("creatingUser"))
                per[(who, value[0], value[1])] += 1
        multi.update((label, attr) for (_, label, attr), n in per.items() if n > 1)
    project.book = labels_of(project.codes, referenced, multi) if multi else first
    return project


def all_selections(root: Any) -> Any:
    """Every PlainTextSelection of the text sources."""
    sources = kid(root, "Sources")
    for source in kids(sources, "TextSource") if sources is not None else ():
        yield from kids(source, "PlainTextSelection")


def code_refs(selection: Any) -> Any:
    """The CodeRef elements of a selection's codings."""
    for coding in kids(selection, "Coding"):
        ref = kid(coding, "CodeRef")
        if ref is not None:
            yield ref


def note_text(project: Project, note: Any, ctx: ReadContext) -> str:
    """A Note's text: inline PlainTextContent, or its plainTextPath file in the container."""
    inline = kid(note, "PlainTextContent")
    if inline is not None:
        return text_of(inline)
    path = note.get("plainTextPath") or ""
    entry = project.box.internal(path) if path.startswith("internal://") else None
    if entry is None:
        return text_of(kid(note, "Description"))
    return project.box.text(entry, ctx).strip()


def _notes(project: Project, ctx: ReadContext) -> None:
    notes = project.section("Notes")
    for note in kids(notes, "Note") if notes is not None else ():
        try:
            project.notes[key(note.get("guid"))] = note_text(project, note, ctx)
        except ValidationError:
            project.counts["note(s) whose text cannot be read"] += 1
        if kid(note, "PlainTextSelection") is not None:
            project.counts["note(s) on a text range without a code (not imported)"] += 1


def _links(project: Project, selections: set[str]) -> None:
    links = project.section("Links")
    for el in kids(links, "Link") if links is not None else ():
        link = Link(
            key(el.get("guid")),
            el.get("name") or "",
            key(el.get("originGUID")),
            key(el.get("targetGUID")),
            el.get("direction") or "",
            el.get("color"),
        )
        if link.origin in project.notes:
            project.note_links[link.target].append(project.notes[link.origin])
        elif link.target in project.notes:
            project.note_links[link.origin].append(project.notes[link.target])
        elif link.origin in selections and link.target in selections:
            project.relations.append(link)
        else:
            project.counts[UNLINKED] += 1


def variable_value(el: Any) -> tuple[str, Any] | None:
    """(variable GUID, value) of a VariableValue element, typed as its value element says."""
    ref = kid(el, "VariableRef")
    if ref is None:
        return None
    for child in el:
        kind, raw = local(child), text_of(child).strip()
        if kind == "VariableRef" or not kind:
            continue
        value: Any = raw
        if kind == "BooleanValue":
            value = raw.lower() in ("true", "1")
        elif kind == "IntegerValue" and re.fullmatch(r"[+-]?\d{1,18}", raw):
            value = int(raw)
        elif kind == "FloatValue":
            try:
                number = Decimal(raw)
                value = int(number) if number == number.to_integral_value() else float(number)
            except (InvalidOperation, ValueError):
                value = raw
        return key(ref.get("targetGUID")), value
    return None


def _variables(project: Project) -> None:
    variables = project.section("Variables")
    for el in kids(variables, "Variable") if variables is not None else ():
        project.variables[key(el.get("guid"))] = el.get("name") or ""
    cases = project.section("Cases")
    for case in kids(cases, "Case") if cases is not None else ():
        values = dict(v for v in map(variable_value, kids(case, "VariableValue")) if v is not None)
        for ref in kids(case, "SourceRef"):
            held = project.case_values[key(ref.get("targetGUID"))]
            for gid, value in values.items():
                held.setdefault(gid, value)

"""The codebook commands: codebook show/export/import/log, label rename/merge/delete."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from annotator.cli.common import EXIT_OK, open_workspace
from annotator.core.codebook import ValueType
from annotator.core.errors import ValidationError
from annotator.core.schema import merge_schema_data, read_schema_data, schema_to_json
from annotator.core.types import Label, LabelKind
from annotator.paths import default_annotator


def _describe(lab: Label) -> str:
    """One line of `codebook show` for a label."""
    if lab.kind == LabelKind.DOCUMENT and lab.spec is not None:
        spec = lab.spec
        kind = f"document variable, {spec.type.value}, {spec.level.value}"
        if spec.type in (ValueType.CHOICE, ValueType.MULTI):
            kind += f": {', '.join(spec.names())}"
        if spec.minimum is not None or spec.maximum is not None:
            kind += f" ({spec.minimum if spec.minimum is not None else ''}..{spec.maximum if spec.maximum is not None else ''})"
        if lab.required:
            kind += ", required"
        return f"{lab.name}\t{kind}"
    if lab.kind == LabelKind.RELATION:
        return f"{lab.name}\trelation {lab.head or 'any'} -> {lab.tail or 'any'}"
    key = f"key {lab.hotkey}" if lab.hotkey else "no key"
    role = f", role {lab.role.value}" if lab.role else ""
    line = f"{lab.name}\tspan label, {lab.colour}, {key}{role}"
    for attribute in lab.attributes:
        values = f": {', '.join(attribute.spec.names())}" if attribute.spec.choices else ""
        line += f"\n  .{attribute.name}\t{attribute.spec.type.value}, {attribute.spec.level.value}{values}"
    return line


def cmd_show(args: argparse.Namespace) -> int:
    """Print the codebook."""
    with open_workspace(args) as ws:
        schema, version = ws.schema(args.project), ws.codebook.version(args.project)
    print(f"codebook of {args.project!r}, version {version}")
    for lab in schema.labels:
        print(_describe(lab))
        if lab.description:
            print(f"  {lab.description}")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    """Write the codebook as JSON (what `project create --labels` and `codebook import` read)."""
    with open_workspace(args) as ws:
        schema = ws.schema(args.project)
    out = Path(args.output)
    if out.exists() and not args.overwrite:
        raise ValidationError(f"{out}: already exists (pass --overwrite to replace it)")
    out.write_text(json.dumps(schema_to_json(schema), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {len(schema.labels)} label(s) to {out}")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    """Add and update labels from a codebook file; never deletes a label; prints what changed.

    A REFI-QDA codebook (.qdc, or the codebook of a .qdpx project) adds the codes the project
    lacks, with their colours and descriptions, and leaves the labels it has as they are.
    """
    path = Path(args.file)
    qda = path.suffix.lower() in (".qdc", ".qdpx")
    from annotator.project import qda_codebook

    incoming = qda_codebook.read_codebook(path) if qda else None
    data = None if qda else read_schema_data(path)
    with open_workspace(args) as ws:
        current = ws.schema(args.project)
        if incoming is not None:
            new = qda_codebook.with_missing(current, incoming, args.file)
        else:
            new = merge_schema_data(current, data, args.file)
        result = ws.codebook.update(args.project, new, who=default_annotator())
        version = ws.codebook.version(args.project)
    for change in result.value:
        print(change.text)
    print(
        f"{len(result.value)} change(s); codebook version {version}"
        if result.value
        else "the codebook is unchanged"
    )
    return EXIT_OK


def cmd_log(args: argparse.Namespace) -> int:
    """Print every codebook change: version, when, who, what."""
    with open_workspace(args) as ws:
        entries = ws.codebook.log(args.project)
    if not entries:
        print("no changes since the project was created (codebook version 1)")
    for e in entries:
        print(f"{e.version}\t{e.when:%Y-%m-%d %H:%M}\t{e.who or '-'}\t{e.what}")
    return EXIT_OK


def cmd_rename(args: argparse.Namespace) -> int:
    """Rename a label; its annotations follow."""
    with open_workspace(args) as ws:
        print(ws.codebook.rename_label(args.project, args.old, args.new, who=default_annotator()).message)
    return EXIT_OK


def cmd_merge(args: argparse.Namespace) -> int:
    """Merge one label into another."""
    with open_workspace(args) as ws:
        print(ws.codebook.merge_labels(args.project, args.source, args.into, who=default_annotator()).message)
    return EXIT_OK


def cmd_delete(args: argparse.Namespace) -> int:
    """Delete a label (with --force, also one that carries annotations, and them)."""
    with open_workspace(args) as ws:
        print(
            ws.codebook.delete_label(
                args.project, args.name, force=args.force, who=default_annotator()
            ).message
        )
    return EXIT_OK


def register(sub: Any, common: argparse.ArgumentParser, parser_class: type[argparse.ArgumentParser]) -> None:
    """Add `codebook` and `label`."""
    p = sub.add_parser("codebook", help="show, export, import the codebook; its change log")
    actions = p.add_subparsers(
        dest="codebook_command", metavar="ACTION", required=True, parser_class=parser_class
    )
    c = actions.add_parser("show", parents=[common], help="print the labels, attributes and variables")
    c.add_argument("--project", required=True)
    c.set_defaults(func=cmd_show)
    c = actions.add_parser("export", parents=[common], help="write the codebook as JSON")
    c.add_argument("--project", required=True)
    c.add_argument("-o", "--output", required=True, metavar="CODEBOOK.json")
    c.add_argument("--overwrite", action="store_true", help="replace the file if it exists")
    c.set_defaults(func=cmd_export)
    c = actions.add_parser(
        "import",
        parents=[common],
        help="add and update labels from a codebook file (never deletes; prints what changed)",
        description="Labels in the file are added, or updated where the project has them; labels the "
        "file lacks are kept. A change that stored annotations depend on (a removed value in use, "
        "a changed type) is refused with their count. A REFI-QDA codebook (.qdc, or a .qdpx project's) "
        "adds the codes the project lacks (Parent/Child names, colours, descriptions) and changes no label.",
    )
    c.add_argument("file", metavar="CODEBOOK", help="a codebook JSON file, or a REFI-QDA .qdc or .qdpx")
    c.add_argument("--project", required=True)
    c.set_defaults(func=cmd_import)
    c = actions.add_parser("log", parents=[common], help="every codebook change: version, when, who, what")
    c.add_argument("--project", required=True)
    c.set_defaults(func=cmd_log)

    p = sub.add_parser("label", help="rename, merge or delete a label (its annotations follow)")
    actions = p.add_subparsers(
        dest="label_command", metavar="ACTION", required=True, parser_class=parser_class
    )
    c = actions.add_parser("rename", parents=[common], help="rename a label")
    c.add_argument("old")
    c.add_argument("new")
    c.add_argument("--project", required=True)
    c.set_defaults(func=cmd_rename)
    c = actions.add_parser("merge", parents=[common], help="make every annotation of FROM one of INTO")
    c.add_argument("source", metavar="FROM")
    c.add_argument("into", metavar="INTO")
    c.add_argument("--project", required=True)
    c.set_defaults(func=cmd_merge)
    c = actions.add_parser("delete", parents=[common], help="delete a label (--force: with its annotations)")
    c.add_argument("name")
    c.add_argument("--project", required=True)
    c.add_argument("--force", action="store_true", help="also when it carries annotations (they are deleted)")
    c.set_defaults(func=cmd_delete)

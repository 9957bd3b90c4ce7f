"""The commands on projects and their articles: projects, project create, import, export, validate, stats."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from annotator.cli.common import (
    EXIT_OK,
    EXIT_USER,
    add_option_arguments,
    format_options,
    given_options,
    open_workspace,
    progress,
)
from annotator.cli.output import Report, add_output_arguments, json_errors
from annotator.cli.progress import FileBytes
from annotator.core.schema import DEFAULT_SCHEMA, load_schema
from annotator.formats import registry
from annotator.paths import database_target, default_annotator
from annotator.project import glance_projects


@json_errors("projects")
def cmd_projects(args: argparse.Namespace) -> int:
    """List projects."""
    out = Report.of("projects", args)
    projects = glance_projects(database_target(args.db))  # an up-to-date SQLite file: no SQLAlchemy
    if projects is None:
        with open_workspace(args) as ws:
            projects = ws.projects()
    if not projects:
        out.note("no projects yet; create one with: annotator project create NAME")
    for p in projects:
        out.line(f"{p.name}\t{p.documents} document(s)")
    out.counts = {"projects": len(projects)}
    out.extra["projects"] = [{"name": p.name, "documents": p.documents} for p in projects]
    out.finish()
    return EXIT_OK


def cmd_project_create(args: argparse.Namespace) -> int:
    """Create a project."""
    schema = load_schema(Path(args.labels)) if args.labels else DEFAULT_SCHEMA
    with open_workspace(args, create=True) as ws:
        ws.create_project(args.name, schema)
        names = ", ".join(lab.name for lab in schema.labels)
        print(f"created project {args.name!r} with labels {names}")
    return EXIT_OK


@json_errors("import")
def cmd_import(args: argparse.Namespace) -> int:
    """Import files into a project."""
    from annotator.project import check_option_keys

    paths = [Path(p) for p in args.paths]
    check_option_keys(paths, args.format, list(given_options(args)))
    files = None if args.quiet else FileBytes(paths)
    with open_workspace(args, create=True) as ws, progress("importing", args, files=files) as bar:
        report = ws.import_paths(
            args.project,
            paths,
            format=args.format,
            annotator=args.annotator,
            add_labels=args.add_labels,
            skip_invalid=args.skip_invalid,
            progress=bar,
            options=format_options(args),
            importer=default_annotator(),
        )
    out = Report.of("import", args)
    for note in report.notes:
        out.note(note)
    if report.labels_added:
        out.note(f"labels added: {', '.join(report.labels_added)}")
    for error in report.errors:
        out.problem(error, shown=f"skipped: {error}")
    out.line(report.summary())
    out.counts = {
        "files": report.files,
        "imported": report.imported,
        "duplicates": report.duplicates,
        "spans": report.spans,
        "relations": report.relations,
        "values": report.values,
        "skipped": len(report.errors),
    }
    out.extra.update(
        project=args.project, labels_added=report.labels_added, codebook_version=report.codebook_version
    )
    out.finish()
    return EXIT_OK


@json_errors("export")
def cmd_export(args: argparse.Namespace) -> int:
    """Export a project."""
    labels = [x.strip() for x in args.labels.split(",") if x.strip()] if args.labels else None
    options = format_options(args)
    fmt = registry.export_format(args.format, options)
    registry.check_option_keys([fmt], list(given_options(args)), export=True)
    with open_workspace(args) as ws, progress("exporting", args, unit="docs") as bar:
        report = ws.export(
            args.project,
            Path(args.output),
            format=args.format,
            status=args.status,
            annotator=args.annotator,
            labels=labels,
            progress=bar,
            options=options,
            split=args.split,
            seed=args.seed,
            group_by=args.group_by,
            include_suggested="suggested" in args.include,
            codebook_version=args.codebook_version,
            overwrite=args.overwrite,
        )
    out = Report.of("export", args)
    for note in report.notes:
        out.note(note)
    written = ", ".join(str(f) for f in report.files) or args.output
    out.line(
        f"exported {report.documents} document(s), {report.spans} span(s) to {written} (self-check passed)"
    )
    for warning in report.warnings:
        out.warn(warning)
    out.counts = {"documents": report.documents, "spans": report.spans}
    out.extra.update(
        project=args.project, format=args.format, files=[str(f) for f in report.files] or [args.output]
    )
    out.finish()
    return EXIT_OK


@json_errors("validate")
def cmd_validate(args: argparse.Namespace) -> int:
    """Check an import or export file; list every problem; exit 1 if there is any."""
    from annotator.formats.validate import validate_file

    schema = None
    if args.project:
        with open_workspace(args) as ws:
            schema = ws.schema(args.project)
    options = format_options(args)
    if args.strict:
        options["strict"] = "true"
    result, decided = validate_file(Path(args.file), args.format, options=options, schema=schema)
    out = Report.of("validate", args)
    for line in decided.splitlines():
        out.note(line)
    for problem in result.problems:
        out.problem(str(problem), shown=str(problem), where=problem.where, kind=problem.kind)
        out.problems[-1]["message"] = problem.message
    verdict = f"{len(result.problems)} problem(s)" if not result.ok else result.unchecked or "ok"
    if result.ok and result.unchecked:
        words = (
            "no span splits a word" if args.strict else "pass --strict to check that no span splits a word"
        )
        verdict += f" (checked: inside the text, whole characters, labels, duplicates; {words})"
    out.line(f"{result.documents} document(s), {result.spans} span(s): {verdict}")
    out.ok = result.ok
    out.counts = {"documents": result.documents, "spans": result.spans, "problems": len(result.problems)}
    out.extra.update(file=args.file, format=result.format, unchecked=result.unchecked or None)
    out.finish()
    return EXIT_OK if result.ok else EXIT_USER


@json_errors("stats")
def cmd_stats(args: argparse.Namespace) -> int:
    """Print documents by status and spans by label."""
    with open_workspace(args) as ws:
        stats = ws.stats(args.project, annotator=args.annotator)
    out = Report.of("stats", args)
    out.line(f"documents: {stats.documents}")
    for status, n in stats.by_status.items():
        out.line(f"  {status}: {n}")
    out.line(f"spans: {sum(stats.spans_by_label.values())}")
    for label, n in stats.spans_by_label.items():
        out.line(f"  {label}: {n}")
    if stats.values:
        out.line("values (per coder):")
        for what, value, who, n in stats.values:
            out.line(f"  {what} = {value}\t{who or '(unattributed)'}: {n}")
    out.counts = {
        "documents": stats.documents,
        "by_status": dict(stats.by_status),
        "spans": sum(stats.spans_by_label.values()),
        "spans_by_label": dict(stats.spans_by_label),
    }
    out.extra.update(
        project=args.project,
        annotator=args.annotator,
        values=[{"variable": w, "value": v, "annotator": who, "count": n} for w, v, who, n in stats.values],
    )
    out.finish()
    return EXIT_OK


def register(sub: Any, common: argparse.ArgumentParser, parser_class: type[argparse.ArgumentParser]) -> None:
    """Add the commands on projects and articles."""
    p = sub.add_parser("projects", parents=[common], help="list the projects in the database")
    add_output_arguments(p)
    p.set_defaults(func=cmd_projects)

    p = sub.add_parser("project", help="manage projects")
    psub = p.add_subparsers(
        dest="project_command", metavar="ACTION", required=True, parser_class=parser_class
    )
    c = psub.add_parser("create", parents=[common], help="create a project")
    c.add_argument("name", help="the project's name")
    c.add_argument("--labels", metavar="SCHEMA.json", help="label schema (default: CLAIM, SOURCE, CAPTION)")
    c.set_defaults(func=cmd_project_create)

    p = sub.add_parser(
        "import",
        parents=[common],
        help="import articles (.txt, native .jsonl, ...) from files and folders",
        description="Import articles. A document whose text is already in the project is "
        "skipped, so running an import twice is harmless. Each file is one transaction: "
        "a bad line stops that file unless --skip-invalid.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (walked recursively)")
    p.add_argument("--project", required=True, help="project to import into")
    p.add_argument(
        "--format",
        default="auto",
        choices=["auto", *registry.reader_names()],
        help="file format (default: decided from the extension and content, and said)",
    )
    p.add_argument("--text-column", help="CSV/TSV: the column with the article text (default: text)")
    p.add_argument("--title-column", help="CSV/TSV: the column with the title")
    p.add_argument("--id-column", help="CSV/TSV: the column with the article's own id")
    p.add_argument("--delimiter", help="CSV: the field separator (default: sniffed; tab for .tsv)")
    p.add_argument(
        "--encoding",
        help="the files' encoding when it is not UTF-8 (txt, CSV, HTML, JSON formats; e.g. cp1252, utf-16)",
    )
    add_option_arguments(p)
    p.add_argument(
        "--annotator",
        default=None,
        help="whose the files' unattributed spans, values and statuses are (default: spans and values "
        "stay unattributed, visible to every coder; statuses are yours)",
    )
    p.add_argument("--add-labels", action="store_true", help="add unknown labels to the project")
    p.add_argument(
        "--skip-invalid",
        action="store_true",
        help="import the valid lines of a file and list the invalid ones",
    )
    add_output_arguments(p)
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("export", parents=[common], help="export a project's annotations")
    p.add_argument("--project", required=True, help="project to export")
    p.add_argument("--format", default="jsonl", choices=registry.writer_names(), help="file format")
    p.add_argument(
        "-o", "--output", required=True, metavar="OUT", help="output file (a folder for brat or with --split)"
    )
    p.add_argument(
        "--status", default="all", choices=["all", "done"], help="all documents, or only those marked done"
    )
    p.add_argument("--annotator", help="only this annotator's spans and status")
    p.add_argument("--labels", metavar="A,B", help="only these labels")
    p.add_argument(
        "--split",
        metavar="TRAIN,DEV[,TEST]",
        help="write train/dev/test parts into the folder OUT, e.g. 0.8,0.1,0.1 (with export.json)",
    )
    p.add_argument("--seed", type=int, default=0, help="seed of the split (default 0); same seed, same split")
    p.add_argument(
        "--group-by", metavar="KEY", help="metadata key whose documents stay in one part (e.g. outlet)"
    )
    p.add_argument(
        "--overwrite",
        action="store_true",
        help="replace an existing file or an earlier export at OUT (never a folder the annotator "
        "did not write, nor the database)",
    )
    p.add_argument(
        "--codebook-version",
        type=int,
        metavar="N",
        help="only annotations made under codebook version N (see `annotator codebook log`)",
    )
    p.add_argument(
        "--include",
        action="append",
        choices=["suggested"],
        default=[],
        help="also export pending suggestions (left out by default, and counted)",
    )
    add_option_arguments(p)
    add_output_arguments(p)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser(
        "validate",
        parents=[common],
        help="check an import or export file; list every problem (exit 1 if any)",
        description="Checks that every span's text is the text at its offsets (in the format's own "
        "unit), and nothing is duplicated; with --project, that labels are the codebook's and span "
        "attributes and document values are ones it allows (as an import checks them).",
    )
    p.add_argument("file", metavar="FILE", help="a file (or a brat folder)")
    p.add_argument(
        "--format", default="auto", choices=["auto", *registry.validator_names()], help="file format"
    )
    p.add_argument(
        "--project",
        help="check labels, span attributes and document values against this project's codebook",
    )
    p.add_argument(
        "--strict",
        action="store_true",
        help="also report spans whose edges split a word (for formats without span text, e.g. doccano)",
    )
    add_option_arguments(p)
    add_output_arguments(p)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("stats", parents=[common], help="documents by status, spans by label")
    p.add_argument("--project", required=True)
    p.add_argument("--annotator", help="statuses of this annotator (default: anyone's furthest)")
    add_output_arguments(p)
    p.set_defaults(func=cmd_stats)

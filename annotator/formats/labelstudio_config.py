"""The Label Studio labeling config (XML) that matches an export: written beside it as `NAME.config.xml`.

Pasted into a Label Studio project's Labeling Interface, it shows the exported
tasks as they were coded: the span labels (with their colours), the relation
labels (the fragment link among them), each span label's attributes as
per-region controls shown when a region of that label is selected, and the
document variables as controls on the whole text. It declares the codebook's
labels, attributes and variables, and any others the export wrote.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from annotator.core.codebook import ValueSpec, ValueType
from annotator.core.types import LabelKind, LabelSchema
from annotator.formats.labelstudio_write import NO, YES, Control, Names, Written


def config_path(out: Path) -> Path:
    """Where the config of a task file is written: its name without the last ending, + .config.xml."""
    return out.with_name(f"{out.stem}.config.xml")


def _control(spec: ValueSpec) -> Control:
    if spec.type == ValueType.BOOL:
        return Control("choices", False, [YES, NO])
    if spec.type in (ValueType.CHOICE, ValueType.MULTI):
        return Control("choices", spec.type == ValueType.MULTI, list(spec.names()))
    return Control("number" if spec.type == ValueType.NUMBER else "textarea")


def _merged(declared: dict[str, tuple[Control, ValueSpec | None]], key: str, used: Control) -> None:
    if key not in declared:
        declared[key] = (used, None)
        return
    control = declared[key][0]
    control.multiple = control.multiple or used.multiple
    control.choices += [c for c in used.choices if c not in control.choices]


def _add(parent: ET.Element, name: str, to_name: str, control: Control, spec: ValueSpec | None) -> ET.Element:
    tag = {"choices": "Choices", "number": "Number", "textarea": "TextArea"}[control.type]
    element = ET.SubElement(parent, tag, name=name, toName=to_name)
    if control.type == "choices":
        element.set("choice", "multiple" if control.multiple else "single")
        for choice in control.choices:
            ET.SubElement(element, "Choice", value=choice)
    elif control.type == "number" and spec is not None:
        for key, bound in (("min", spec.minimum), ("max", spec.maximum)):
            if bound is not None:
                element.set(key, str(int(bound)) if float(bound).is_integer() else str(bound))
    elif control.type == "textarea":
        element.set("editable", "true")
        element.set("maxSubmissions", "1")
    return element


def config_xml(
    schema: LabelSchema, labels: tuple[str, ...], relations: tuple[str, ...], names: Names, seen: Written
) -> str:
    """The labeling config: the codebook's labels, attributes and variables, and whatever else `seen` holds."""
    root = ET.Element("View")
    span_labels = list(labels) + [name for name in seen.span_labels if name not in labels]
    box = ET.SubElement(root, "Labels", name=names.from_name, toName=names.to_name)
    for name in span_labels:
        label = schema.get(name)
        element = ET.SubElement(box, "Label", value=name)
        if label is not None and label.colour:
            element.set("background", label.colour)
    ET.SubElement(root, "Text", name=names.to_name, value=f"${names.text_key}")
    relation_box = ET.SubElement(root, "Relations")
    relation_labels = list(relations) + [r for r in seen.relation_labels if r not in relations]
    for name in [*relation_labels, names.link]:
        ET.SubElement(relation_box, "Relation", value=name)
    regions: dict[str, dict[str, tuple[Control, ValueSpec | None]]] = {}
    for name in span_labels:
        label = schema.get(name)
        attributes = label.attributes if label is not None and label.kind == LabelKind.SPAN else ()
        regions[name] = {a.name: (_control(a.spec), a.spec) for a in attributes}
    for (name, attr), used in seen.regions.items():
        _merged(regions.setdefault(name, {}), attr, used)
    for name, controls in regions.items():
        if not controls:
            continue
        view = ET.SubElement(
            root, "View", visibleWhen="region-selected", whenTagName=names.from_name, whenLabelValue=name
        )
        for attr, (control, spec) in controls.items():
            ET.SubElement(view, "Header", value=f"{name}: {attr}")
            element = _add(view, f"{name}.{attr}", names.to_name, control, spec)
            element.set("perRegion", "true")
            element.set("whenTagName", names.from_name)
            element.set("whenLabelValue", name)
    variables: dict[str, tuple[Control, ValueSpec | None]] = {
        lab.name: (_control(lab.spec), lab.spec) for lab in schema.document_labels() if lab.spec is not None
    }
    for name, used in seen.documents.items():
        _merged(variables, name, used)
    for name, (control, spec) in variables.items():
        ET.SubElement(root, "Header", value=name)
        _add(root, name, names.to_name, control, spec)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode") + "\n"

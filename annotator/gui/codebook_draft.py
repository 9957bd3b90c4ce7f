"""The codebook as the editor holds it while it is edited: labels in order, each place in it a `Node`.

Pure data, no Qt: the editor's tree model and forms read and change a `Draft`, and
saving hands `Draft.schema()` to the project, which checks it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from annotator.core.codebook import Attribute, Choice, ValueSpec, ValueType
from annotator.core.palette import new_label
from annotator.core.types import Label, LabelKind, LabelSchema

NEW_NAMES = {
    LabelKind.SPAN: "NEW_LABEL",
    LabelKind.RELATION: "NEW_RELATION",
    LabelKind.DOCUMENT: "NEW_VARIABLE",
}


@dataclass(frozen=True)
class Node:
    """A place in the codebook: a label, one of its attributes, or a value (of an attribute or a variable).

    Attributes:
        label: the label's position in the codebook.
        attribute: the attribute's position in the label, or None.
        value: the value's position in its attribute (or, attribute None, its variable), or None.
    """

    label: int
    attribute: int | None = None
    value: int | None = None

    @property
    def kind(self) -> str:
        """ "label", "attribute" or "value"."""
        if self.value is not None:
            return "value"
        return "attribute" if self.attribute is not None else "label"

    def parent(self) -> Node | None:
        """The node this one belongs to (None for a label)."""
        if self.value is not None:
            return Node(self.label, self.attribute)
        if self.attribute is not None:
            return Node(self.label)
        return None

    def row(self) -> int:
        """Its position among its siblings."""
        if self.value is not None:
            return self.value
        return self.attribute if self.attribute is not None else self.label

    def sibling(self, row: int) -> Node:
        """The node at another position among the same siblings."""
        if self.value is not None:
            return Node(self.label, self.attribute, row)
        if self.attribute is not None:
            return Node(self.label, row)
        return Node(row)


def _unique(name: str, taken: set[str]) -> str:
    if name not in taken:
        return name
    return next(f"{name}_{i}" for i in range(2, len(taken) + 3) if f"{name}_{i}" not in taken)


def has_values(spec: ValueSpec | None) -> bool:
    """Whether a spec lists values (a choice or a multi)."""
    return spec is not None and spec.type in (ValueType.CHOICE, ValueType.MULTI)


class Draft:
    """The codebook being edited.

    Attributes:
        labels: the labels as edited, in codebook order.
        base: the codebook as stored (what "unsaved changes" are measured against).
    """

    def __init__(self, base: LabelSchema) -> None:
        self.base = base
        self.labels: list[Label] = list(base.labels)

    def schema(self) -> LabelSchema:
        """The edited codebook."""
        return LabelSchema(tuple(self.labels))

    @property
    def dirty(self) -> bool:
        """Whether there are unsaved changes."""
        return self.schema() != self.base

    def rebase(self, stored: LabelSchema) -> None:
        """The codebook as stored now; the edits follow it when there are none of their own."""
        clean = not self.dirty
        self.base = stored
        if clean:
            self.labels = list(stored.labels)

    # --- reading --------------------------------------------------------------------

    def valid(self, node: Node | None) -> bool:
        """Whether a node is a place in the draft."""
        if node is None or not 0 <= node.label < len(self.labels):
            return False
        if node.attribute is not None and not 0 <= node.attribute < len(self.labels[node.label].attributes):
            return False
        return node.value is None or 0 <= node.value < len(self.choices(Node(node.label, node.attribute)))

    def label(self, node: Node) -> Label:
        """The label a node is (or belongs to)."""
        return self.labels[node.label]

    def attribute(self, node: Node) -> Attribute | None:
        """The attribute a node is (or belongs to), or None."""
        return None if node.attribute is None else self.labels[node.label].attributes[node.attribute]

    def spec(self, node: Node) -> ValueSpec | None:
        """The spec of an attribute or a variable (a value node: its owner's)."""
        attribute = self.attribute(node)
        return attribute.spec if attribute is not None else self.labels[node.label].spec

    def choices(self, node: Node) -> tuple[Choice, ...]:
        """The values of an attribute or a variable node (a value node: its siblings)."""
        spec = self.spec(node)
        return spec.choices if has_values(spec) and spec is not None else ()

    def choice(self, node: Node) -> Choice:
        """The value a value node is."""
        assert node.value is not None
        return self.choices(node)[node.value]

    def child_count(self, node: Node | None) -> int:
        """How many nodes a node holds (None: the labels)."""
        if node is None:
            return len(self.labels)
        if node.kind == "value":
            return 0
        label = self.labels[node.label]
        if node.kind == "label" and label.kind == LabelKind.SPAN:
            return len(label.attributes)
        return len(self.choices(node))

    def stored(self, node: Node) -> bool:
        """Whether the node exists in the stored codebook (so renaming it is an operation of its own)."""
        label = self.base.get(self.labels[node.label].name)
        if label is None or node.kind == "label":
            return label is not None
        attribute = self.attribute(node)
        if attribute is not None:
            found = label.attribute(attribute.name)
            if found is None or node.kind == "attribute":
                return found is not None
            spec: ValueSpec | None = found.spec
        else:
            spec = label.spec
        return spec is not None and self.choice(node).name in spec.names()

    # --- editing --------------------------------------------------------------------

    def set_label(self, node: Node, label: Label) -> None:
        """Replace a label."""
        self.labels[node.label] = label

    def set_attribute(self, node: Node, attribute: Attribute) -> None:
        """Replace an attribute."""
        assert node.attribute is not None
        label = self.labels[node.label]
        attributes = list(label.attributes)
        attributes[node.attribute] = attribute
        self.labels[node.label] = replace(label, attributes=tuple(attributes))

    def set_spec(self, node: Node, spec: ValueSpec) -> None:
        """Replace the spec of an attribute or a variable."""
        attribute = self.attribute(node)
        if attribute is not None:
            self.set_attribute(Node(node.label, node.attribute), replace(attribute, spec=spec))
        else:
            self.labels[node.label] = replace(self.labels[node.label], spec=spec)

    def set_choices(self, node: Node, choices: tuple[Choice, ...]) -> None:
        """Replace the values of an attribute or a variable."""
        spec = self.spec(node)
        assert spec is not None
        self.set_spec(node, replace(spec, choices=choices))

    def set_choice(self, node: Node, choice: Choice) -> None:
        """Replace a value."""
        assert node.value is not None
        choices = list(self.choices(node))
        choices[node.value] = choice
        self.set_choices(node, tuple(choices))

    def add_label(self, kind: LabelKind) -> Node:
        """A new label of a kind at the end (a new variable is a choice; its values follow)."""
        schema = self.schema()
        name = _unique(NEW_NAMES[kind], {lab.name for lab in self.labels})
        spec = ValueSpec.of(ValueType.CHOICE) if kind == LabelKind.DOCUMENT else None
        self.labels.append(new_label(schema, name, kind, spec))
        return Node(len(self.labels) - 1)

    def add_attribute(self, node: Node) -> Node:
        """A new attribute (a yes/no) at the end of a span label's."""
        label = self.labels[node.label]
        name = _unique("attribute", {a.name for a in label.attributes})
        attribute = Attribute(name, ValueSpec.of(ValueType.BOOL))
        self.labels[node.label] = replace(label, attributes=(*label.attributes, attribute))
        return Node(node.label, len(label.attributes))

    def add_value(self, node: Node) -> Node:
        """A new value at the end of an attribute's or a variable's (a value node: of its owner's)."""
        owner = Node(node.label, node.attribute)
        choices = self.choices(owner)
        name = _unique("value", {c.name for c in choices})
        self.set_choices(owner, (*choices, Choice(name)))
        return Node(node.label, node.attribute, len(choices))

    def move(self, node: Node, delta: int) -> Node | None:
        """Move a node up (-1) or down (1) among its siblings; where it went, or None when it cannot."""
        parent = node.parent()
        target = node.row() + delta
        if not 0 <= target < self.child_count(parent):
            return None
        if node.kind == "label":
            self.labels.insert(target, self.labels.pop(node.label))
        elif node.kind == "attribute":
            label = self.labels[node.label]
            attributes = list(label.attributes)
            attributes.insert(target, attributes.pop(node.row()))
            self.labels[node.label] = replace(label, attributes=tuple(attributes))
        else:
            choices = list(self.choices(node))
            choices.insert(target, choices.pop(node.row()))
            self.set_choices(node, tuple(choices))
        return node.sibling(target)

    def remove(self, node: Node) -> None:
        """Remove a node (a label only from the draft: a stored label is deleted by its own operation)."""
        if node.kind == "label":
            del self.labels[node.label]
        elif node.kind == "attribute":
            label = self.labels[node.label]
            self.labels[node.label] = replace(
                label, attributes=tuple(a for i, a in enumerate(label.attributes) if i != node.attribute)
            )
        else:
            self.set_choices(node, tuple(c for i, c in enumerate(self.choices(node)) if i != node.value))

    # --- operations done at once on the stored codebook, followed here -------------------------

    def renamed_label(self, old: str, new: str) -> None:
        """A stored label was renamed: the draft and the base follow (relation ends too)."""

        def rename(lab: Label) -> Label:
            lab = replace(lab, name=new) if lab.name == old else lab
            head, tail = (new if end == old else end for end in (lab.head, lab.tail))
            return replace(lab, head=head, tail=tail)

        self.labels = [rename(lab) for lab in self.labels]
        self.base = LabelSchema(tuple(rename(lab) for lab in self.base.labels))

    def dropped_label(self, name: str, into: str = "") -> None:
        """A stored label was deleted (relations using it go too) or, with `into`, merged into another."""

        def keep(labels: list[Label]) -> list[Label]:
            out = []
            for lab in labels:
                if lab.name == name:
                    continue
                if name in (lab.head, lab.tail):
                    if not into:
                        continue
                    head, tail = (into if end == name else end for end in (lab.head, lab.tail))
                    lab = replace(lab, head=head, tail=tail)
                out.append(lab)
            return out

        self.labels = keep(self.labels)
        self.base = LabelSchema(tuple(keep(list(self.base.labels))))

    def renamed_value(self, node: Node, new: str) -> None:
        """A stored value was renamed: the draft and the base follow."""
        old = self.choice(node).name
        self.set_choice(node, replace(self.choice(node), name=new))
        base_label = self.base.get(self.labels[node.label].name)
        if base_label is None:
            return
        attribute = self.attribute(node)

        def spec_renamed(spec: ValueSpec) -> ValueSpec:
            return replace(
                spec, choices=tuple(replace(c, name=new) if c.name == old else c for c in spec.choices)
            )

        if attribute is None and base_label.spec is not None:
            fixed = replace(base_label, spec=spec_renamed(base_label.spec))
        elif attribute is not None:
            fixed = replace(
                base_label,
                attributes=tuple(
                    replace(a, spec=spec_renamed(a.spec)) if a.name == attribute.name else a
                    for a in base_label.attributes
                ),
            )
        else:
            return
        self.base = LabelSchema(tuple(fixed if lab.name == fixed.name else lab for lab in self.base.labels))

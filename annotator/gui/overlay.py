"""What the article view draws over the text: the selected span's relations as arcs, fragment connectors, parts in the making.

The geometry is computed from the blocks in sight only (`Sight`), on every paint, so it
follows the text through scrolling, zoom and reflow without a cache to go stale.
"""

from __future__ import annotations

import itertools
from bisect import bisect_left
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPalette, QPen

from annotator.core.types import Relation, Span
from annotator.gui.contrast import contrast_ratio
from annotator.gui.span_geometry import Sight
from annotator.gui.span_index import SpanIndex

ARC_WIDTH, ARC_WIDTH_SELECTED = 1.3, 2.6
LIFT_MIN, LIFT_MAX, LIFT_STEP = 10.0, 22.0, 15.0
TAG_ROOM = 8.0  # half a relation label's height: an arc whose label would leave the view goes under the line
PREVIEW = "?"  # the label of the dashed arc drawn while a link is being made
ARROW = 5.0


@dataclass(frozen=True)
class Part:
    """A part of an attribution in the making: its tag ("content"), label (for the colour) and display pieces."""

    tag: str
    label: str
    pieces: tuple[tuple[int, int], ...]


@dataclass
class Arc:
    """A relation drawn from its head to its tail (points on the viewport), over the line or, with no room there, under it."""

    relation: Relation
    start: QPointF
    end: QPointF
    lift: float
    below: bool = False

    def path(self) -> QPainterPath:
        """A curve rising above both ends (or falling below them)."""
        if self.below:
            turn = max(self.start.y(), self.end.y()) + self.lift
        else:
            turn = min(self.start.y(), self.end.y()) - self.lift
        path = QPainterPath(self.start)
        path.cubicTo(QPointF(self.start.x(), turn), QPointF(self.end.x(), turn), self.end)
        return path

    def middle(self) -> QPointF:
        """The curve's middle, where its label goes."""
        return self.path().pointAtPercent(0.5)


@dataclass
class Connector:
    """The thin line from one piece of a span to its next piece."""

    span_id: str
    start: QPointF
    end: QPointF


@dataclass
class Geometry:
    """Everything the overlay draws, on the viewport.

    Attributes:
        related: rectangles of the spans related to the selected one, by span id.
        connectors: between the pieces of the selected span (and of parts in the making).
        arcs: one per relation of the selected span.
        parts: rectangles of the parts in the making, with their tag and label.
        hits: rectangles of the search hits in sight, and whether each is the current one.
        suggestions: the suggestions in sight, their rectangles and whether each is selected.
    """

    related: dict[str, list[QRectF]] = field(default_factory=dict)
    connectors: list[Connector] = field(default_factory=list)
    arcs: list[Arc] = field(default_factory=list)
    parts: list[tuple[Part, list[QRectF]]] = field(default_factory=list)
    hits: list[tuple[QRectF, bool]] = field(default_factory=list)
    suggestions: list[tuple[Span, list[QRectF], bool]] = field(default_factory=list)


def _connect(sight: Sight, span_id: str, pieces: tuple[tuple[int, int], ...]) -> list[Connector]:
    out = []
    for (s1, e1), (s2, _e2) in itertools.pairwise(pieces):
        left, right = sight.rects(max(s1, e1 - 1), e1), sight.rects(s2, s2 + 1)
        if not left and not right:
            continue
        a = QPointF(left[-1].right(), left[-1].bottom() - 1) if left else None
        b = QPointF(right[0].left(), right[0].bottom() - 1) if right else None
        if a is None:
            assert b is not None
            a = sight.edge_point(e1, b.x())
        if b is None:
            b = sight.edge_point(s2, a.x())
        out.append(Connector(span_id, a, b))
    return out


def _readable(colour: QColor, base: QColor) -> QColor:
    """The colour, lightened or darkened until it stands out from the page (contrast 3:1)."""
    dark_page = base.lightness() < 128
    out = QColor(colour)
    for _ in range(8):
        if contrast_ratio(out, base) >= 3:
            break
        out = out.lighter(130) if dark_page else out.darker(130)
    return out


class Overlay:
    """The overlay's state (set by the window and the coding modes) and its drawing.

    Attributes:
        relations: the open article's relations.
        selected_relation: the relation chosen in the annotation list, drawn bold.
        link_from: in link mode, the span the link starts from.
        parts: in attribution mode, the parts chosen so far and the pieces being gathered.
        hits: the search hits (display ranges, by start); current_hit: the one F3 moved to.
    """

    def __init__(self) -> None:
        self.relations: tuple[Relation, ...] = ()
        self.selected_relation: str | None = None
        self.link_from: str | None = None
        self.parts: list[Part] = []
        self.hits: list[tuple[int, int]] = []
        self.current_hit: tuple[int, int] | None = None

    def _anchor(self, index: SpanIndex, sight: Sight, span_id: str, toward: QPointF | None) -> QRectF:
        """A span's first line rectangle in sight, or a flat one on the edge toward it."""
        for s, e in index.display_pieces(span_id):
            rects = sight.rects(s, e)
            if rects:
                return rects[0]
        start = index.display_range(span_id)[0]
        point = sight.edge_point(start, (toward.x() + 40) if toward is not None else 40.0)
        return QRectF(point, point)

    def _make_arc(self, relation: Relation, head: QRectF, tail: QRectF, order: int) -> Arc:
        """The arc of one relation; the `order`-th arc of a span rises higher, so labels do not cover each other."""
        start, end = QPointF(head.center().x(), head.top()), QPointF(tail.center().x(), tail.top())
        lift = max(LIFT_MIN, min(LIFT_MAX, abs(start.x() - end.x()) / 8 + LIFT_MIN)) + order * LIFT_STEP
        if min(start.y(), end.y()) - lift - TAG_ROOM < 0:
            start, end = QPointF(head.center().x(), head.bottom()), QPointF(tail.center().x(), tail.bottom())
            return Arc(relation, start, end, lift, below=True)
        return Arc(relation, start, end, lift)

    def geometry(self, index: SpanIndex, sight: Sight, selected: str | None) -> Geometry:
        """What to draw for the selected span (and the modes' state) in the blocks in sight."""
        geo = Geometry()
        focus = self.link_from or selected
        if focus is not None and index.get(focus) is not None:
            geo.connectors += _connect(sight, focus, index.display_pieces(focus))
            here = self._anchor(index, sight, focus, None)
            for rel in self.relations:
                if focus not in (rel.head, rel.tail):
                    continue
                other = rel.tail if rel.head == focus else rel.head
                if index.get(other) is None:
                    continue
                geo.related[other] = self._rects(index, sight, other)
                there = self._anchor(index, sight, other, here.center())
                ends = (here, there) if rel.head == focus else (there, here)
                geo.arcs.append(self._make_arc(rel, *ends, len(geo.arcs)))
            if self.link_from is not None and selected and selected != focus and index.get(selected):
                there = self._anchor(index, sight, selected, here.center())
                geo.related.setdefault(selected, self._rects(index, sight, selected))
                preview = Relation(focus, selected, PREVIEW, PREVIEW)
                geo.arcs.append(self._make_arc(preview, here, there, len(geo.arcs)))
        if sight.blocks:
            first, last = sight.blocks[0][0].blockNumber(), sight.blocks[-1][0].blockNumber()
            for span in index.suggestions_in(first, last):
                geo.suggestions.append((span, self._rects(index, sight, span.id), span.id == selected))
        if self.hits and sight.blocks:
            first = bisect_left(self.hits, (sight.first, -1))
            last = bisect_left(self.hits, (sight.last, -1))
            for hit in self.hits[max(0, first - 1) : last]:
                geo.hits += [(r, hit == self.current_hit) for r in sight.rects(*hit)]
        for part in self.parts:
            rects = [r for s, e in part.pieces for r in sight.rects(s, e)]
            geo.parts.append((part, rects))
            geo.connectors += _connect(sight, part.tag, part.pieces)
        return geo

    @staticmethod
    def _rects(index: SpanIndex, sight: Sight, span_id: str) -> list[QRectF]:
        return [r for s, e in index.display_pieces(span_id) for r in sight.rects(s, e)]

    # --- painting ------------------------------------------------------------------------

    def paint(
        self, painter: QPainter, geo: Geometry, palette: QPalette, colour_of: dict[str, QColor]
    ) -> None:
        """Draw the geometry in colours readable on the page, light or dark."""
        base = palette.color(QPalette.ColorRole.Base)
        ink = palette.color(QPalette.ColorRole.Text)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        # Search hits: rounded, dotted, in the selection colour; no fill, so no span is mistaken for one.
        accent = palette.color(QPalette.ColorRole.Highlight)
        for rect, current in geo.hits:
            painter.setPen(
                QPen(
                    accent, 2.4 if current else 1.6, Qt.PenStyle.SolidLine if current else Qt.PenStyle.DotLine
                )
            )
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(-2.5, -1.5, 2.5, 1.5), 4, 4)
        dashed = QPen(ink, 1.2, Qt.PenStyle.DashLine)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(dashed)
        for rects in geo.related.values():
            for rect in rects:
                painter.drawRect(rect.adjusted(-1.5, -1.5, 1.5, 1.5))
        for part, rects in geo.parts:
            pen = QPen(_readable(colour_of.get(part.label, ink), base), 2.0, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            for rect in rects:
                painter.drawRect(rect.adjusted(-1.5, -1.5, 1.5, 1.5))
            if rects:
                self._tag(
                    painter, rects[0].topLeft() + QPointF(0, -2), part.tag, pen.color(), base, ink, above=True
                )
        for span, rects, chosen in geo.suggestions:
            colour = _readable(colour_of.get(span.label, ink), base)
            painter.setPen(QPen(colour, 2.4 if chosen else 1.5, Qt.PenStyle.DashLine))
            for rect in rects:
                painter.drawRect(rect.adjusted(-1, -1, 1, 1))
            if chosen and rects:
                score = f" {span.score:.2f}" if span.score is not None else ""
                who = f" · {span.suggester}" if span.suggester else ""
                tag = f"{span.label}{score}{who}"
                self._tag(painter, rects[0].topLeft() + QPointF(0, -2), tag, colour, base, ink, above=True)
        painter.setPen(QPen(ink, 1.2))
        for connector in geo.connectors:
            self._connector(painter, connector)
        for arc in geo.arcs:
            self._arc(painter, arc, colour_of, base, ink)

    def _connector(self, painter: QPainter, c: Connector) -> None:
        drop = 3.0
        path = QPainterPath(c.start)
        path.lineTo(c.start + QPointF(0, drop))
        if abs(c.start.y() - c.end.y()) < 1:
            path.lineTo(c.end + QPointF(0, drop))
        else:
            path.cubicTo(
                c.start + QPointF(30, drop + 8), c.end + QPointF(-30, drop + 8), c.end + QPointF(0, drop)
            )
        path.lineTo(c.end)
        painter.drawPath(path)

    def _arc(
        self, painter: QPainter, arc: Arc, colour_of: dict[str, QColor], base: QColor, ink: QColor
    ) -> None:
        bold = arc.relation.id == self.selected_relation
        colour = QColor(ink)
        colour.setAlpha(255 if bold else 210)
        pen = QPen(colour, ARC_WIDTH_SELECTED if bold else ARC_WIDTH)
        pen.setStyle(Qt.PenStyle.DashLine if arc.relation.label == PREVIEW else Qt.PenStyle.SolidLine)
        painter.setPen(pen)
        painter.drawPath(arc.path())
        # The arrowhead at the tail, pointing onto it.
        tip, back = arc.end, ARROW if arc.below else -ARROW
        head = QPainterPath(tip)
        head.lineTo(tip + QPointF(-ARROW / 1.6, back))
        head.lineTo(tip + QPointF(ARROW / 1.6, back))
        head.closeSubpath()
        painter.fillPath(head, colour)
        if arc.relation.label != PREVIEW:
            accent = _readable(colour_of.get(arc.relation.label, ink), base)
            self._tag(painter, arc.middle(), arc.relation.label, accent, base, ink, above=False)

    def _tag(
        self,
        painter: QPainter,
        at: QPointF,
        text: str,
        accent: QColor,
        base: QColor,
        ink: QColor,
        *,
        above: bool,
    ) -> None:
        """A small boxed caption (a relation's label on its arc, a part's tag above its piece)."""
        font = QFont(painter.font())
        font.setPointSizeF(max(6.5, font.pointSizeF() * 0.72))
        metrics = QFontMetricsF(font)
        width, height = metrics.horizontalAdvance(text) + 8, metrics.height() + 2
        if above:
            box = QRectF(at.x(), at.y() - height, width, height)
        else:
            box = QRectF(at.x() - width / 2, at.y() - height / 2, width, height)
        painter.save()
        painter.setFont(font)
        fill = QColor(base)
        fill.setAlpha(235)
        painter.setBrush(fill)
        painter.setPen(QPen(accent, 1.2))
        painter.drawRoundedRect(box, 3, 3)
        painter.setPen(ink)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()

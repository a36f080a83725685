"""A person's representation relations as a small server-rendered SVG: who represents them (left), the person
(middle), whom they represent (right). Plain SVG with links, so it works without JavaScript or a CDN."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence
from xml.sax.saxutils import escape, quoteattr

from ..scenario import Representation, World

NODE_W, NODE_H = 210, 46
GAP = 18
MARGIN = 24
WIDTH = 3 * NODE_W + 2 * 200 + 2 * MARGIN
# Labels end this far from the outer node, just above its arrow end.
LABEL_GAP = 10


@dataclass(frozen=True)
class Edge:
    other: str  # BSN of the person on the other side
    labels: tuple[str, ...]
    usable: bool


def _edges(relations: Sequence[Representation], other_of: Callable[[Representation], str], label: Callable[[Representation], str]) -> list[Edge]:
    """One edge per other person; a pair linked on several grounds gets one edge with every label."""
    grouped: dict[str, list[Representation]] = {}
    for r in relations:
        grouped.setdefault(other_of(r), []).append(r)
    # A label may hold several lines ("ground\nwhy not usable").
    return [
        Edge(other, tuple(dict.fromkeys(line for r in rs for line in label(r).split("\n"))), any(r.usable for r in rs))
        for other, rs in grouped.items()
    ]


def _node(x: float, y: float, title: str, subtitle: str, href: str | None, centre: bool = False) -> str:
    fill = "#154273" if centre else "#ffffff"
    text = "#ffffff" if centre else "#1b1b1b"
    body = (
        f'<rect x="{x}" y="{y}" width="{NODE_W}" height="{NODE_H}" rx="8" fill="{fill}" stroke="#154273" stroke-width="1.5"/>'
        f'<text x="{x + NODE_W / 2}" y="{y + 20}" text-anchor="middle" font-size="13" font-weight="600" fill="{text}">{escape(title)}</text>'
        f'<text x="{x + NODE_W / 2}" y="{y + 37}" text-anchor="middle" font-size="11" fill="{text}">{escape(subtitle)}</text>'
    )
    return f"<a href={quoteattr(href)}>{body}</a>" if href else body


def _edge(x1: float, y1: float, x2: float, y2: float, edge: Edge, label_x: float, label_y: float, anchor: str) -> str:
    """A curve from (x1, y1) to (x2, y2); its labels sit beside the outer node, where curves are apart."""
    colour = "#2e7d32" if edge.usable else "#9e9e9e"
    dash = "" if edge.usable else ' stroke-dasharray="6 4"'
    mx = (x1 + x2) / 2
    parts = [f'<path d="M{x1},{y1} C{mx},{y1} {mx},{y2} {x2},{y2}" fill="none" stroke="{colour}" stroke-width="2"{dash} marker-end="url(#arrow)"/>']
    for i, label in enumerate(edge.labels):
        ly = label_y - 5 - 13 * (len(edge.labels) - 1 - i)
        parts.append(f'<text x="{label_x}" y="{ly}" text-anchor="{anchor}" font-size="11" fill="{colour}" paint-order="stroke" stroke="#ffffff" stroke-width="3">{escape(label)}</text>')
    return "".join(parts)


def relation_graph(
    world: World,
    bsn: str,
    represented_by: Sequence[Representation],
    represents: Sequence[Representation],
    label: Callable[[Representation], str],
    href: Callable[[str], str],
    title: str,
) -> str:
    """The SVG text; arrows point from the one who acts to the one acted for; grey dashed = not usable now."""
    left = _edges(represented_by, lambda r: r.actor, label)
    right = _edges(represents, lambda r: r.subject, label)
    rows = max(len(left), len(right), 1)
    height = 2 * MARGIN + rows * NODE_H + (rows - 1) * GAP
    cx = (WIDTH - NODE_W) / 2
    cy = (height - NODE_H) / 2
    lx, rx = MARGIN, WIDTH - MARGIN - NODE_W

    def name(other: str) -> tuple[str, str]:
        person = world.persons.get(other)
        return (person.volledige_naam() if person else other), f"BSN {other}"

    def column_y(i: int, n: int) -> float:
        block = n * NODE_H + (n - 1) * GAP
        return (height - block) / 2 + i * (NODE_H + GAP)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'font-family="system-ui, sans-serif" data-testid="relation-graph"><title>{escape(title)}</title>',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
        '<path d="M0,0 L10,5 L0,10 z" fill="context-stroke"/></marker></defs>',
    ]
    for i, edge in enumerate(left):
        y = column_y(i, len(left))
        parts.append(_edge(lx + NODE_W, y + NODE_H / 2, cx, cy + NODE_H / 2, edge, lx + NODE_W + LABEL_GAP, y + NODE_H / 2, "start"))
        parts.append(_node(lx, y, *name(edge.other), href(edge.other)))
    for i, edge in enumerate(right):
        y = column_y(i, len(right))
        parts.append(_edge(cx + NODE_W, cy + NODE_H / 2, rx, y + NODE_H / 2, edge, rx - LABEL_GAP, y + NODE_H / 2, "end"))
        parts.append(_node(rx, y, *name(edge.other), href(edge.other)))
    parts.append(_node(cx, cy, *name(bsn), None, centre=True))
    parts.append("</svg>")
    return "".join(parts)

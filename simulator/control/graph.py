"""Relation pictures as server-rendered SVG: persons and organisations with their family ties (parent → child,
partners), employment, and representation (who may act for whom, usable or not today). One renderer serves the
person page (one hop around a person), the household and the whole world (one picture per group of people
linked by any tie).

Layout: rows by generation (parents above children), a representative above the one represented when no family
tie places them, an organisation between its staff and its clients; within a row, people are ordered by where
their parents (or representatives) stand. The SVG is a picture (`role="img"` with a title and description): it
holds no links; the page lists the people it shows with links next to it. Its width is its natural size (the
page scrolls it sideways on a phone), so labels stay at 12 px and more.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable, Iterable, Literal
from xml.sax.saxutils import escape

from ..scenario import Representation, World

NODE_W, NODE_H = 184, 50
H_GAP, ROW_GAP = 36, 104
MARGIN = 20
TITLE_PX, SUBTITLE_PX, LABEL_PX = 14, 12, 12
# Colours with at least 4.5:1 against white (WCAG AA for text): labels take the colour of their edge.
COLOURS = {
    "ouder": "#4a4f55",
    "partner": "#6a1b9a",
    "werkt": "#7a4100",
    "bruikbaar": "#1b6e20",
    "niet": "#5f6368",
}
EdgeKind = Literal["ouder", "partner", "werkt", "bruikbaar", "niet"]
ORG = "org:"  # node ids of organisations: "org:<kvk>"; persons are their BSN


@dataclass
class Edge:
    source: str
    target: str
    kind: EdgeKind
    labels: list[str] = field(default_factory=list)


@dataclass
class Picture:
    """The nodes and edges of one picture, before layout."""

    nodes: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (title, subtitle)
    edges: dict[tuple[str, str, str], Edge] = field(default_factory=dict)
    centre: str | None = None

    def edge(self, source: str, target: str, kind: EdgeKind, label: str | None = None) -> None:
        # One edge per pair and kind of tie ("representation" is one kind, usable or not): labels gather.
        family = "vertegenwoordiging" if kind in ("bruikbaar", "niet") else kind
        key = (source, target, family)
        existing = self.edges.get(key)
        if existing is None:
            existing = self.edges[key] = Edge(source, target, kind)
        elif kind == "bruikbaar":
            existing.kind = "bruikbaar"  # usable wins over not usable
        for line in (label or "").split("\n"):
            if line and line not in existing.labels:
                existing.labels.append(line)


def build(
    world: World,
    bsns: Iterable[str],
    day: dt.date,
    label: Callable[[Representation], str],
    texts: Callable[[str], str],
    centre: str | None = None,
) -> Picture:
    """The picture of `bsns`: their family ties among themselves, their employers, and every representation
    relation between two of them (through the organisation node when an organisation holds it)."""
    people = [b for b in dict.fromkeys(bsns) if b in world.persons]
    inside = set(people)
    picture = Picture(centre=centre)
    for bsn in people:
        person = world.persons[bsn]
        born = person.geboortedatum.year
        subtitle = f"BSN {bsn} · {born}" + (" †" if person.overlijdensdatum and person.overlijdensdatum <= day else "")
        picture.nodes[bsn] = (person.volledige_naam(), subtitle)
    for bsn in people:
        for parent in world.persons[bsn].ouders:
            if parent in inside:
                picture.edge(parent, bsn, "ouder")
        for partnership in world.partnerships_of(bsn):
            if partnership.partner in inside and bsn < partnership.partner:
                ended = partnership.tot is not None and partnership.tot <= day
                picture.edge(bsn, partnership.partner, "partner", texts("partner_ended") if ended else None)
        for relation in world.index.represented_by(bsn, day):
            if relation.subject not in inside:
                continue
            kind: EdgeKind = "bruikbaar" if relation.usable else "niet"
            if relation.organisatie:
                org = ORG + relation.organisatie
                organisation = world.organisations.get(relation.organisatie)
                picture.nodes.setdefault(org, (organisation.naam if organisation else relation.organisatie, f"KvK {relation.organisatie}"))
                picture.edge(bsn, org, "werkt", texts("works_for_edge"))
                picture.edge(org, relation.subject, kind, label(relation))
            else:
                picture.edge(bsn, relation.subject, kind, label(relation))
    return picture


def _rows(picture: Picture) -> list[list[str]]:
    """Nodes by row: generations from parent ties, then representatives above whom they represent, then
    organisations between staff and clients; rows ordered so that children stand under their parents."""
    layer: dict[str, int] = {}
    parents: dict[str, list[str]] = defaultdict(list)
    above: dict[str, list[str]] = defaultdict(list)  # node -> nodes that point to it
    for e in picture.edges.values():
        above[e.target].append(e.source)
        if e.kind == "ouder":
            parents[e.target].append(e.source)

    def generation(node: str, seen: frozenset[str] = frozenset()) -> int:
        if node not in layer:
            up = [p for p in parents.get(node, ()) if p not in seen]
            layer[node] = 1 + max((generation(p, seen | {node}) for p in up), default=-1)
        return layer[node]

    family = {n for e in picture.edges.values() if e.kind in ("ouder", "partner") for n in (e.source, e.target)}
    for node in picture.nodes:
        if node in family:
            generation(node)
    # Partners stand in one row.
    for e in picture.edges.values():
        if e.kind == "partner":
            layer[e.source] = layer[e.target] = max(layer[e.source], layer[e.target])
    # The rest (no family tie in the picture): below whoever points to them, else above whom they point to.
    pending = [n for n in picture.nodes if n not in layer]
    for _ in range(len(pending) + 1):
        if not pending:
            break
        later = []
        for node in pending:
            placed_above = [layer[s] for s in above.get(node, ()) if s in layer]
            placed_below = [layer[e.target] for e in picture.edges.values() if e.source == node and e.target in layer]
            if placed_above:
                layer[node] = max(placed_above) + 1
            elif placed_below:
                layer[node] = min(placed_below) - 1
            else:
                later.append(node)
        if len(later) == len(pending):
            layer[later[0]] = 0
            later = later[1:]
        pending = later
    low = min(layer.values(), default=0)
    rows: dict[int, list[str]] = defaultdict(list)
    for node in picture.nodes:
        rows[layer[node] - low].append(node)
    ordered: list[list[str]] = []
    position: dict[str, float] = {}
    for index in sorted(rows):
        row = rows[index]

        def key(node: str) -> tuple[float, str]:
            xs = [position[s] for s in above.get(node, ()) if s in position]
            return (sum(xs) / len(xs) if xs else float(len(position)), picture.nodes[node][0])

        row.sort(key=key)
        # A couple side by side.
        for e in picture.edges.values():
            if e.kind == "partner" and e.source in row and e.target in row:
                row.remove(e.target)
                row.insert(row.index(e.source) + 1, e.target)
        for i, node in enumerate(row):
            position[node] = i - (len(row) - 1) / 2
        ordered.append(row)
    return ordered


def _markers(uid: str) -> str:
    return "<defs>" + "".join(
        f'<marker id="{uid}-arrow-{kind}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
        f'<path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>'
        for kind, colour in COLOURS.items()
    ) + "</defs>"


def _label(x: float, y: float, lines: list[str], colour: str) -> str:
    return "".join(
        f'<text x="{x:.1f}" y="{y + LABEL_PX * 1.25 * i:.1f}" text-anchor="middle" font-size="{LABEL_PX}" fill="{colour}" '
        f'paint-order="stroke" stroke="#ffffff" stroke-width="4" stroke-linejoin="round">{escape(line)}</text>'
        for i, line in enumerate(lines)
    )


def render(picture: Picture, title: str, description: str) -> str:
    """The SVG text of a picture (empty string for a picture without nodes)."""
    if not picture.nodes:
        return ""
    # Ids unique on a page with several pictures (the world view).
    uid = "g" + "".join(c for c in next(iter(picture.nodes)) if c.isalnum())
    rows = _rows(picture)
    widest = max(len(r) for r in rows)
    width = 2 * MARGIN + widest * NODE_W + (widest - 1) * H_GAP
    height = 2 * MARGIN + len(rows) * NODE_H + (len(rows) - 1) * ROW_GAP
    at: dict[str, tuple[float, float]] = {}
    for r, row in enumerate(rows):
        row_width = len(row) * NODE_W + (len(row) - 1) * H_GAP
        x0 = (width - row_width) / 2
        for i, node in enumerate(row):
            at[node] = (x0 + i * (NODE_W + H_GAP), MARGIN + r * (NODE_H + ROW_GAP))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{uid}-title {uid}-desc" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" font-family="system-ui, sans-serif" data-testid="relation-graph">'
        f'<title id="{uid}-title">{escape(title)}</title><desc id="{uid}-desc">{escape(description)}</desc>',
        _markers(uid),
    ]
    labels: list[str] = []
    stacked: dict[tuple[str, bool], float] = {}
    for e in picture.edges.values():
        (sx, sy), (tx, ty) = at[e.source], at[e.target]
        colour = COLOURS[e.kind]
        dash = {"niet": ' stroke-dasharray="7 5"', "werkt": ' stroke-dasharray="2 4"', "partner": ""}.get(e.kind, "")
        arrow = "" if e.kind == "partner" else f' marker-end="url(#{uid}-arrow-{e.kind})"'
        stroke = 2.5 if e.kind in ("bruikbaar", "niet") else 1.8
        if sy == ty:  # the same row: an arc under the row (partners side by side: a straight tie)
            x1, x2 = (sx + NODE_W, tx) if sx < tx else (sx, tx + NODE_W)
            if e.kind == "partner" and abs(x2 - x1) <= H_GAP + 1:
                y = sy + NODE_H / 2
                parts.append(f'<path d="M{x1:.1f},{y:.1f} L{x2:.1f},{y:.1f}" stroke="{colour}" stroke-width="3" fill="none"/>')
                lx, ly = (x1 + x2) / 2, y - 8
            else:
                a, b, y = sx + NODE_W / 2, tx + NODE_W / 2, sy + NODE_H
                depth = min(ROW_GAP * 0.7, 24 + abs(b - a) / 8)
                parts.append(f'<path d="M{a:.1f},{y:.1f} C{a:.1f},{y + depth:.1f} {b:.1f},{y + depth:.1f} {b:.1f},{y + 2:.1f}" stroke="{colour}" stroke-width="{stroke}" fill="none"{dash}{arrow}/>')
                lx, ly = (a + b) / 2, y + depth * 0.75 + 4
        else:
            downward = ty > sy
            a, y1 = sx + NODE_W / 2, (sy + NODE_H if downward else sy)
            b, y2 = tx + NODE_W / 2, (ty if downward else ty + NODE_H)
            # Representation bends aside, so that it never hides a parent tie between the same two people.
            bend = 28 if e.kind in ("bruikbaar", "niet") else 0
            my = (y1 + y2) / 2
            parts.append(f'<path d="M{a:.1f},{y1:.1f} C{a + bend:.1f},{my:.1f} {b + bend:.1f},{my:.1f} {b:.1f},{y2:.1f}" stroke="{colour}" stroke-width="{stroke}" fill="none"{dash}{arrow}/>')
            # The label stands over the arrow's end, where edges that fan out are a node apart; labels of several
            # edges ending at one node stack away from it.
            lines = LABEL_PX * 1.25 * len(e.labels)
            taken = stacked.get((e.target, downward), 0.0)
            stacked[(e.target, downward)] = taken + lines + 2
            lx = b
            ly = (y2 - 10 - taken - lines + LABEL_PX) if downward else (y2 + 14 + taken)
        if e.labels:
            labels.append(_label(lx, ly, e.labels, colour))
    for node, (x, y) in at.items():
        title_text, subtitle = picture.nodes[node]
        organisation = node.startswith(ORG)
        centre = node == picture.centre
        fill, stroke, ink = ("#154273", "#154273", "#ffffff") if centre else (("#fff3e0", "#7a4100", "#1b1b1b") if organisation else ("#ffffff", "#154273", "#1b1b1b"))
        shown = title_text if len(title_text) <= 24 else title_text[:23] + "…"
        parts.append(
            f'<g><rect x="{x:.1f}" y="{y:.1f}" width="{NODE_W}" height="{NODE_H}" rx="{2 if organisation else 8}" fill="{fill}" stroke="{stroke}" stroke-width="1.5"/>'
            f'<text x="{x + NODE_W / 2:.1f}" y="{y + 21:.1f}" text-anchor="middle" font-size="{TITLE_PX}" font-weight="600" fill="{ink}">{escape(shown)}</text>'
            f'<text x="{x + NODE_W / 2:.1f}" y="{y + 39:.1f}" text-anchor="middle" font-size="{SUBTITLE_PX}" fill="{ink}">{escape(subtitle)}</text></g>'
        )
    parts.extend(labels)  # on top of the nodes and curves
    parts.append("</svg>")
    return "".join(parts)


def groups(world: World, day: dt.date) -> list[list[str]]:
    """The world's people in groups linked by any tie (family, partners, representation, a shared employer),
    biggest first: each is one picture of the world view."""
    linked: dict[str, set[str]] = defaultdict(set)
    for bsn, person in world.persons.items():
        for other in list(person.ouders) + [p.partner for p in world.partnerships_of(bsn)]:
            if other in world.persons:
                linked[bsn].add(other)
                linked[other].add(bsn)
        for relation in world.index.represented_by(bsn, day):
            linked[bsn].add(relation.subject)
            linked[relation.subject].add(bsn)
    seen: set[str] = set()
    found: list[list[str]] = []
    for bsn in world.persons:
        if bsn in seen:
            continue
        group, todo = [], [bsn]
        seen.add(bsn)
        while todo:
            current = todo.pop()
            group.append(current)
            for other in linked.get(current, ()):
                if other not in seen and other in world.persons:
                    seen.add(other)
                    todo.append(other)
        found.append(sorted(group))
    return sorted(found, key=lambda g: (-len(g), g[0]))


def household(world: World, bsn: str) -> list[str]:
    """The person, everyone at the same address, and their parents, partners and children."""
    person = world.persons[bsn]
    members = [bsn]
    if person.adres is not None:
        key = (person.adres.postcode, person.adres.huisnummer, person.adres.huisletter, person.adres.huisnummertoevoeging)
        members += [
            p.bsn for p in world.persons.values()
            if p.adres is not None and (p.adres.postcode, p.adres.huisnummer, p.adres.huisletter, p.adres.huisnummertoevoeging) == key
        ]
    family = []
    for member in dict.fromkeys(members):
        family += list(world.persons[member].ouders) + world.children_of(member) + [p.partner for p in world.partnerships_of(member)]
    return [b for b in dict.fromkeys(members + family) if b in world.persons]


def neighbourhood(world: World, bsn: str, day: dt.date) -> list[str]:
    """One hop around a person: parents, partners, children, and everyone they represent or are represented by."""
    person = world.persons[bsn]
    others = list(person.ouders) + [p.partner for p in world.partnerships_of(bsn)] + world.children_of(bsn)
    others += [r.subject for r in world.index.represented_by(bsn, day)] + [r.actor for r in world.index.representatives_of(bsn, day)]
    return [b for b in dict.fromkeys([bsn] + others) if b in world.persons]

"""A loaded, consistent world: lookups by key, family links, gezag, and the representation index.

`load_world` is the only way to get one: it validates every field, then every cross-reference and
contradiction, and raises `ScenarioError` listing all problems, each with file, line and field path.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import threading
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence, TypeVar

from .clock import add_months, age_on
from .gba import Persoonslijst, gba_path
from .gezag import MAJORITY, GezagRelatie, from_entry, is_alive, is_minor
from .gezagsbepaling import bepaal, persoonslijst_van
from .index import RepresentationIndex
from .loader import Origins, Problem, ScenarioError, Source, read_documents
from .model import (
    ApiClient,
    Dienst,
    GezagEntry,
    Grond,
    Maatregel,
    Machtiging,
    OidcClient,
    Organisatie,
    Partnerschap,
    Persoon,
    ScenarioDocument,
    ScenarioSettings,
    ServiceProvider,
)

T = TypeVar("T")


@dataclass
class World:
    """One consistent scenario world. Treat it as immutable: replacing the scenario means a new World."""

    settings: ScenarioSettings
    reference_date: dt.date
    sources: tuple[Source, ...]
    persons: dict[str, Persoon]
    organisations: dict[str, Organisatie]
    services: dict[str, Dienst]
    gezag_entries: dict[str, GezagEntry]
    maatregelen: dict[str, Maatregel]
    machtigingen: list[Machtiging]
    service_providers: dict[str, ServiceProvider]
    api_clients: dict[str, ApiClient]
    oidc_clients: dict[str, OidcClient] = field(default_factory=dict)
    # The persoonslijst of each person written as one (by BSN): the BRP answers from its elements.
    persoonslijsten: dict[str, Persoonslijst] = field(default_factory=dict)
    _services_by_uuid: dict[str, Dienst] = field(default_factory=dict, repr=False)
    _children: dict[str, list[str]] = field(default_factory=dict, repr=False)
    _partners: dict[str, list[Partnerschap]] = field(default_factory=dict, repr=False)
    _curatele: dict[str, list[Maatregel]] = field(default_factory=dict, repr=False)
    _gezag_derden: dict[str, list[str]] = field(default_factory=dict, repr=False)
    index: RepresentationIndex = field(init=False, repr=False)
    _derived: dict[str, object] = field(default_factory=dict, repr=False, compare=False)
    _derived_lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)
    _employers: dict[str, list[Organisatie]] = field(init=False, repr=False)
    _clients_of_person: dict[str, set[str]] = field(init=False, repr=False)
    _clients_of_organisation: dict[str, set[str]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # Precomputed so that the explorer and the Toezicht API answer per person in constant time.
        employers: dict[str, list[Organisatie]] = defaultdict(list)
        for organisation in self.organisations.values():
            for bsn in organisation.medewerkers:
                employers[bsn].append(organisation)
        by_person: dict[str, set[str]] = defaultdict(set)
        by_organisation: dict[str, set[str]] = defaultdict(set)
        for m in self.maatregelen.values():
            if m.status == "beeindigd":
                continue
            for v in m.vertegenwoordigers:
                if v.persoon is not None:
                    by_person[v.persoon].add(m.vertegenwoordigde)
                if v.organisatie is not None:
                    by_organisation[v.organisatie].add(m.vertegenwoordigde)
        self._employers = dict(employers)
        self._clients_of_person = dict(by_person)
        self._clients_of_organisation = dict(by_organisation)

    def derived(self, key: str, build: Callable[["World"], T]) -> T:
        """What an interface computes from this world (an index of its own), built once and shared by all
        threads: concurrent first callers wait for the one build instead of each making their own."""
        value = self._derived.get(key)
        if value is None:
            with self._derived_lock:
                value = self._derived.get(key)
                if value is None:
                    value = self._derived[key] = build(self)
        return value  # type: ignore[return-value]

    # -- lookups --------------------------------------------------------------------------------------------

    def service(self, ref: str) -> Dienst | None:
        """A service by its id or its ServiceUUID (case-insensitive)."""
        return self.services.get(ref) or self._services_by_uuid.get(ref.lower())

    def children_of(self, bsn: str) -> list[str]:
        return self._children.get(bsn, [])

    def partnerships_of(self, bsn: str) -> list[Partnerschap]:
        """Marriages and partnerships of `bsn`, each with `partner` = the other person, whichever side wrote it."""
        return self._partners.get(bsn, [])

    def under_curatele(self, bsn: str, day: dt.date) -> bool:
        return _curatele_on(self._curatele.get(bsn, ()), day) is not None

    def gezag_over(self, bsn: str, day: dt.date) -> GezagRelatie | None:
        person = self.persons.get(bsn)
        if person is None:
            return None
        if not is_alive(person, day) or day < person.geboortedatum or not is_minor(person, day):
            return None  # gezag is asked for living minors only (the answer model's routes 2m and 2o)
        entry = self.gezag_entries.get(bsn)
        if entry is not None:
            # Registered gezag (gezagsregister, a court decision written as such) wins over the derivation.
            return from_entry(entry)
        # Derived from the GBA facts by the official BRP API Gezag rules: those of its persoonslijst, or those
        # of the model for a person written in `persons`.
        pl = self.persoonslijsten.get(bsn) or persoonslijst_van(self, person, day)
        return bepaal(self, pl, day)

    def gezag_held_by(self, bsn: str, day: dt.date) -> list[GezagRelatie]:
        """Gezag relations over minors that `bsn` holds on `day` (as parent, voogd or derde)."""
        result = []
        # A spouse or partner of a parent can hold gezag over the parent's child (gezamenlijk gezag, voogdij).
        stepchildren = [c for p in self.partnerships_of(bsn) for c in self.children_of(p.partner)]
        for minor in dict.fromkeys(self.children_of(bsn) + stepchildren + self._gezag_derden.get(bsn, [])):
            g = self.gezag_over(minor, day)
            if g is not None and bsn in g.holders():
                result.append(g)
        return result

    def employers_of(self, bsn: str) -> list[Organisatie]:
        return self._employers.get(bsn, [])

    def search_persons(self, text: str, limit: int = 50) -> list[Persoon]:
        """Persons whose BSN starts with, or whose name contains, `text` (case-insensitive)."""
        needle = text.strip().lower()
        if not needle:
            return []
        result = []
        for bsn, name, person in self._search_keys:
            if bsn.startswith(needle) or needle in name:
                result.append(person)
                if len(result) >= limit:
                    break
        return result

    @cached_property
    def _search_keys(self) -> list[tuple[str, str, Persoon]]:
        # Built on the first search: a scan of 100k precomputed names takes milliseconds, not a tenth of a second.
        return [(p.bsn, p.volledige_naam().lower(), p) for p in self.persons.values()]

    def client_count(self, persoon: str | None, organisatie: str | None) -> int:
        """Number of distinct persons this representative has a current or pending measure for."""
        of_person = self._clients_of_person.get(persoon, set()) if persoon else set()
        of_organisation = self._clients_of_organisation.get(organisatie, set()) if organisatie else set()
        if not of_person or not of_organisation:
            return len(of_person) + len(of_organisation)
        return len(of_person | of_organisation)


def load_world(sources: Sequence[Source], clock: dt.date | None = None) -> World:
    """Validate and build the world described by `sources` (merged in order).

    `clock` fixes the reference date for relative dates (else the scenario's `vandaag`, else the wall clock)."""
    with _without_gc():
        document, origins, today, problems, locator = read_documents(sources, clock)
        if problems:
            raise ScenarioError(problems)
        checker = _Checker(document, origins, locator, today, sources)
        world = checker.build()
        if checker.problems:
            raise ScenarioError(sorted(checker.problems, key=lambda p: (p.file or "", p.line or 0, p.column or 0)))
        world.index = RepresentationIndex(world)
        # The world lives until it is replaced, and holds no reference cycles (the index refers back to it
        # weakly), so reference counting frees it then: the collector need never look at its million objects.
        # Without this, the first collections after a load scan all of them (a second for 100k persons) and
        # every later full collection does again.
        gc.freeze()
    return world


@contextmanager
def _without_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a world is built.

    Building a world allocates millions of objects that all stay alive; the collector would scan the growing
    heap again and again (half the load time of a 100k-person world) and find nothing to free. What an earlier
    load froze goes back to the collector first, so garbage frozen with it is not kept for ever."""
    was_enabled = gc.isenabled()
    gc.disable()
    gc.unfreeze()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _Checker:
    """Cross-reference and contradiction checks over the merged document."""

    def __init__(self, document: ScenarioDocument, origins: Origins, locator, today: dt.date, sources: Sequence[Source]):  # type: ignore[no-untyped-def]
        self.doc = document
        self.origins = origins
        self.locator = locator
        self.today = today
        self.sources = sources
        self.problems: list[Problem] = []
        # Per collection checked by `_unique`: the index of the first item with each key.
        self.first_index: dict[str, dict[str, int]] = {}

    def report(self, collection: str, index: int, path: Iterable[str | int], message: str) -> None:
        source_index, local_index = self.origins.of(collection, index)
        written_in = self.origins.written_in(collection, index)
        where = [collection, local_index, *path] if written_in == collection else [written_in, local_index, *gba_path(list(path))]
        self.problems.append(self.locator.problem(source_index, where, message))

    def _unique(self, collection: str, key: Callable[[object], str | None], label: str) -> dict[str, object]:
        seen: dict[str, object] = {}
        first_index: dict[str, int] = {}
        self.first_index[collection] = first_index
        for i, item in enumerate(getattr(self.doc, collection)):
            value = key(item)
            if value is None:
                continue
            if value in seen:
                src, local = self.origins.of(collection, first_index[value])
                self.report(collection, i, [label], f"{value!r} is already used by {collection}[{local}] in {self.sources[src].name}")
            else:
                seen[value] = item
                first_index[value] = i
        return seen

    def build(self) -> World:
        doc = self.doc
        persons: dict[str, Persoon] = self._unique("persons", lambda p: p.bsn, "bsn")  # type: ignore[assignment]
        organisations: dict[str, Organisatie] = self._unique("organisations", lambda o: o.kvk, "kvk")  # type: ignore[assignment]
        services: dict[str, Dienst] = self._unique("services", lambda s: s.id, "id")  # type: ignore[assignment]
        by_uuid = {s.uuid.lower(): s for s in self._unique("services", lambda s: s.uuid.lower(), "uuid").values()}  # type: ignore[attr-defined]
        maatregelen: dict[str, Maatregel] = self._unique("wettelijke_vertegenwoordiging", lambda m: m.zaaknummer, "zaaknummer")  # type: ignore[assignment]
        providers: dict[str, ServiceProvider] = self._unique("service_providers", lambda s: s.entity_id, "entity_id")  # type: ignore[assignment]
        clients: dict[str, ApiClient] = self._unique("api_clients", lambda c: c.client_id, "client_id")  # type: ignore[assignment]
        self._unique("machtigingen", lambda m: m.id, "id")

        def service_ref(collection: str, i: int, path: list[str | int], ref: str) -> None:
            if ref not in services and ref.lower() not in by_uuid:
                self.report(collection, i, path, f"unknown service {ref!r} (give a services[].id or uuid)")

        def person_ref(collection: str, i: int, path: list[str | int], bsn: str) -> bool:
            if bsn not in persons:
                self.report(collection, i, path, f"no person with bsn {bsn!r}")
                return False
            return True

        def org_ref(collection: str, i: int, path: list[str | int], kvk: str) -> bool:
            if kvk not in organisations:
                self.report(collection, i, path, f"no organisation with kvk {kvk!r}")
                return False
            return True

        children: dict[str, list[str]] = defaultdict(list)
        partners: dict[str, list[Partnerschap]] = defaultdict(list)
        for i, p in enumerate(doc.persons):
            for j, parent in enumerate(p.ouders):
                if parent == p.bsn:
                    self.report("persons", i, ["ouders", j], "a person cannot be their own parent")
                elif person_ref("persons", i, ["ouders", j], parent):
                    if dt.date.min < persons[parent].geboortedatum >= p.geboortedatum:  # date.min: unknown (a PL's 00000000)
                        self.report("persons", i, ["ouders", j], f"parent {parent} is not older than the child")
                    children[parent].append(p.bsn)
            for j, partnership in enumerate(p.partners):
                if partnership.partner == p.bsn:
                    self.report("persons", i, ["partners", j, "partner"], "a person cannot be their own partner")
                elif person_ref("persons", i, ["partners", j, "partner"], partnership.partner):
                    partners[p.bsn].append(partnership)
        # Partnerships may be written on one side or both; where both sides wrote one, they must agree.
        person_index = self.first_index["persons"]
        for bsn, own in list(partners.items()):
            for partnership in list(own):
                theirs = partners[partnership.partner]
                mine = [q for q in theirs if q.partner == bsn and q.soort == partnership.soort]
                if any(q.sinds == partnership.sinds for q in mine):
                    continue
                if mine and partnership.partner in person_index and any(q in doc.persons[person_index[partnership.partner]].partners for q in mine):
                    self.report("persons", person_index[bsn], ["partners"], f"partnership with {partnership.partner} starts {partnership.sinds} here but {mine[0].sinds} on the partner's side")
                    continue
                theirs.append(partnership.model_copy(update={"partner": bsn}))

        for i, o in enumerate(doc.organisations):
            for j, bsn in enumerate(o.medewerkers):
                person_ref("organisations", i, ["medewerkers", j], bsn)
            if o.eenmanszaak_van:
                person_ref("organisations", i, ["eenmanszaak_van"], o.eenmanszaak_van)
            for j, employee in enumerate(o.eherkenning):
                person_ref("organisations", i, ["eherkenning", j, "bsn"], employee.bsn)
                for k, machtiging in enumerate(employee.machtigingen):
                    at: list[str | int] = ["eherkenning", j, "machtigingen", k]
                    for n, ref in enumerate(machtiging.diensten):
                        service_ref("organisations", i, [*at, "diensten", n], ref)
                    if machtiging.namens is not None:
                        if machtiging.namens == o.kvk:
                            self.report("organisations", i, [*at, "namens"], "a ketenmachtiging names another organisation; leave namens out for the own one")
                        else:
                            org_ref("organisations", i, [*at, "namens"], machtiging.namens)

        gezag_entries: dict[str, GezagEntry] = {}
        gezag_derden: dict[str, list[str]] = defaultdict(list)
        gezag_holders: list[tuple[int, list[str | int], str]] = []
        for i, g in enumerate(doc.gezag):
            if not person_ref("gezag", i, ["minderjarige"], g.minderjarige):
                continue
            minor = persons[g.minderjarige]
            if g.minderjarige in gezag_entries:
                self.report("gezag", i, ["minderjarige"], f"{g.minderjarige} already has a gezag entry; a minor has exactly one")
                continue
            if not is_minor(minor, self.today) and is_alive(minor, self.today):
                self.report("gezag", i, ["minderjarige"], f"gezag over an adult: {g.minderjarige} is {age_on(minor.geboortedatum, self.today)} on {self.today}")
            gezag_entries[g.minderjarige] = g
            for name in ("ouder", "ouders", "derde", "derden"):
                value = getattr(g, name)
                values = value if isinstance(value, list) else [value]
                for j, holder in enumerate(values):
                    if holder in (None, "onbekend"):
                        continue
                    path: list[str | int] = [name, j] if isinstance(value, list) else [name]
                    if not person_ref("gezag", i, path, holder):
                        continue
                    gezag_holders.append((i, path, holder))
                    if holder == g.minderjarige:
                        self.report("gezag", i, path, "a minor cannot hold gezag over themselves")
                    elif name in ("ouder", "ouders") and holder not in minor.ouders:
                        self.report("gezag", i, path, f"{holder} is not a legal parent of {g.minderjarige} (see persons[].ouders)")
                    elif name in ("derde", "derden"):
                        gezag_derden[holder].append(g.minderjarige)

        curatele: dict[str, list[Maatregel]] = defaultdict(list)
        for i, m in enumerate(doc.wettelijke_vertegenwoordiging):
            if not person_ref("wettelijke_vertegenwoordiging", i, ["vertegenwoordigde"], m.vertegenwoordigde):
                continue
            subject = persons[m.vertegenwoordigde]
            adult_on = add_months(subject.geboortedatum, 12 * MAJORITY)
            if m.ingangsdatum is not None and m.ingangsdatum < adult_on:
                self.report("wettelijke_vertegenwoordiging", i, ["ingangsdatum"], f"{m.soort} for a minor: it can take effect at the 18th birthday ({adult_on}) at the earliest")
            if m.soort == "curatele":
                curatele[m.vertegenwoordigde].append(m)
            for j, v in enumerate(m.vertegenwoordigers):
                base: list[str | int] = ["vertegenwoordigers", j]
                if v.persoon is not None:
                    if v.persoon == m.vertegenwoordigde:
                        self.report("wettelijke_vertegenwoordiging", i, [*base, "persoon"], "a person cannot represent themselves")
                    elif person_ref("wettelijke_vertegenwoordiging", i, [*base, "persoon"], v.persoon):
                        start = v.ingangsdatum or m.ingangsdatum or self.today
                        if age_on(persons[v.persoon].geboortedatum, start) < MAJORITY:
                            self.report("wettelijke_vertegenwoordiging", i, [*base, "persoon"], f"a representative must be an adult; {v.persoon} is a minor on {start}")
                elif org_ref("wettelijke_vertegenwoordiging", i, [*base, "organisatie"], v.organisatie):  # type: ignore[arg-type]
                    staff = organisations[v.organisatie].medewerkers  # type: ignore[index]
                    for k, employee in enumerate(v.medewerkers):
                        if employee not in staff:
                            self.report("wettelijke_vertegenwoordiging", i, [*base, "medewerkers", k], f"{employee} is not a medewerker of organisation {v.organisatie}")

        # Curatele ends gezag (art. 1:246 BW): a registered holder under curatele today is a contradiction (the
        # derived gezag of rule 4 passes such a parent over by itself).
        for i, path, holder in gezag_holders:
            measure = _curatele_on(curatele.get(holder, ()), self.today)
            if measure is not None:
                self.report("gezag", i, path, f"{holder} is under curatele ({measure.zaaknummer}) on {self.today} and cannot hold gezag (art. 1:246 BW)")

        for i, m in enumerate(doc.machtigingen):
            person_ref("machtigingen", i, ["machtiginggever"], m.machtiginggever)
            if m.gemachtigde.bsn is not None:
                person_ref("machtigingen", i, ["gemachtigde", "bsn"], m.gemachtigde.bsn)
            else:
                org_ref("machtigingen", i, ["gemachtigde", "kvk"], m.gemachtigde.kvk)  # type: ignore[arg-type]
            for j, ref in enumerate(m.diensten):
                service_ref("machtigingen", i, ["diensten", j], ref)
                dienst = services.get(ref) or by_uuid.get(ref.lower())
                if dienst is not None and Grond.vrijwillig not in dienst.vertegenwoordiging:
                    self.report("machtigingen", i, ["diensten", j], f"service {dienst.id!r} does not accept vrijwillige machtigingen (see its vertegenwoordiging)")

        resolved_providers: dict[str, ServiceProvider] = {}
        for i, sp in enumerate(doc.service_providers):
            updates = {}
            source_index, _ = self.origins.of("service_providers", i)
            base_dir = self.sources[source_index].base_dir or Path.cwd()
            for name in ("metadata", "service_catalogue", "signing_certificate", "encryption_certificate"):
                value = getattr(sp, name)
                if value:
                    path = Path(value) if Path(value).is_absolute() else base_dir / value
                    if not path.is_file():
                        self.report("service_providers", i, [name], f"file not found: {path}")
                    updates[name] = str(path)
            resolved_dvs = []
            for j, dv in enumerate(sp.dienstverleners):
                if dv.encryption_certificate:
                    path = Path(dv.encryption_certificate)
                    path = path if path.is_absolute() else base_dir / path
                    if not path.is_file():
                        self.report("service_providers", i, ["dienstverleners", j, "encryption_certificate"], f"file not found: {path}")
                    dv = dv.model_copy(update={"encryption_certificate": str(path)})
                resolved_dvs.append(dv)
                for k, ref in enumerate(dv.diensten):
                    service_ref("service_providers", i, ["dienstverleners", j, "diensten", k], ref)
            updates["dienstverleners"] = resolved_dvs
            for j, ref in enumerate(sp.diensten):
                service_ref("service_providers", i, ["diensten", j], ref)
            if sp.entity_id in providers:
                resolved_providers[sp.entity_id] = sp.model_copy(update=updates)

        for i, c in enumerate(doc.api_clients):
            if c.organisatie:
                org_ref("api_clients", i, ["organisatie"], c.organisatie)

        oidc_clients: dict[str, OidcClient] = {}
        unique_oidc = self._unique("oidc_clients", lambda c: c.client_id, "client_id")
        for i, c in enumerate(doc.oidc_clients):
            for j, ref in enumerate(c.diensten):
                service_ref("oidc_clients", i, ["diensten", j], ref)
            if c.jwks:
                source_index, _ = self.origins.of("oidc_clients", i)
                path = Path(c.jwks)
                path = path if path.is_absolute() else (self.sources[source_index].base_dir or Path.cwd()) / path
                problem = _jwks_problem(path)
                if problem:
                    self.report("oidc_clients", i, ["jwks"], problem)
                c = c.model_copy(update={"jwks": str(path)})
            if unique_oidc.get(c.client_id) is doc.oidc_clients[i]:
                oidc_clients[c.client_id] = c

        world = World(
            settings=doc.scenario,
            reference_date=self.today,
            sources=tuple(source.released() for source in self.sources),
            persons=persons,
            organisations=organisations,
            services=services,
            gezag_entries=gezag_entries,
            maatregelen=maatregelen,
            machtigingen=list(doc.machtigingen),
            service_providers=resolved_providers,
            api_clients=clients,
            oidc_clients=oidc_clients,
            persoonslijsten={pl.bsn: pl for pl in doc.persoonslijsten if pl.bsn in persons},  # type: ignore[misc]
            _services_by_uuid=by_uuid,
            _children=dict(children),
            _partners=dict(partners),
            _curatele=dict(curatele),
            _gezag_derden=dict(gezag_derden),
        )
        return world


def _jwks_problem(path: Path) -> str | None:
    """Why the file at `path` is no usable JWKS (a JSON object with a list of public keys), or None."""
    if not path.is_file():
        return f"file not found: {path}"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return f"{path} is not JSON: {exc}"
    keys = data.get("keys") if isinstance(data, dict) else None
    if not isinstance(keys, list) or not keys or not all(isinstance(k, dict) and "kty" in k for k in keys):
        return f"{path} is not a JWKS: expected {{\"keys\": [{{\"kty\": ...}}, ...]}}"
    if any(name in k for k in keys for name in ("d", "p", "q")):
        return f"{path} holds a private key; register only the public keys"
    return None


def _curatele_on(measures: Iterable[Maatregel], day: dt.date) -> Maatregel | None:
    """The curatele among `measures` in force on `day` (a suspended one still binds), if any."""
    return next(
        (
            m
            for m in measures
            if m.status in ("actief", "geschorst")
            and (m.ingangsdatum is None or m.ingangsdatum <= day)
            and (m.einddatum is None or m.einddatum >= day)
        ),
        None,
    )

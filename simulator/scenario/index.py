"""The representation index: "whom may person X represent for service S today, and on which ground" and
"who represents person Y".

Every interface asks this index (DDCC's machtigen step, the Toezicht check, the explorer), so they cannot
disagree. Relations are stored by both sides once, at load; a question filters the handful of relations of one
person by date and service, so it costs the same for ten persons or a hundred thousand.

Each relation carries a `status`: ``"actief"`` when it may be used on that day (for that service), else a reason
code saying why not. The codes for measures are the Toezicht reason codes, so the judiciary's answer and the
machtigen step are one decision.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from .clock import add_months, age_on
from .gezag import MAJORITY, GezagRelatie, is_alive
from .model import Dienst, Grond, Machtiging, Maatregel, Vertegenwoordiger

if TYPE_CHECKING:  # pragma: no cover
    from .world import World

ACTIEF = "actief"

# Why a relation cannot be used (on this day, for this service).
GEEN_RELATIE = "GEEN_RELATIE"
MAATREGEL_BEEINDIGD = "MAATREGEL_BEEINDIGD"
NOG_NIET_INGEGAAN = "NOG_NIET_INGEGAAN"
ANDERE_VERTEGENWOORDIGER = "ANDERE_VERTEGENWOORDIGER"
BUITEN_OMVANG = "BUITEN_OMVANG"
VERTEGENWOORDIGER_GESCHORST = "VERTEGENWOORDIGER_GESCHORST"
NIET_ZELFSTANDIG_BEVOEGD = "NIET_ZELFSTANDIG_BEVOEGD"
MACHTIGING_INGETROKKEN = "MACHTIGING_INGETROKKEN"
MACHTIGING_NIET_GEACCEPTEERD = "MACHTIGING_NIET_GEACCEPTEERD"
MACHTIGING_VERLOPEN = "MACHTIGING_VERLOPEN"
DIENST_NIET_GEMACHTIGD = "DIENST_NIET_GEMACHTIGD"
GROND_NIET_VOOR_DIENST = "GROND_NIET_VOOR_DIENST"
KIND_TE_OUD_VOOR_DIENST = "KIND_TE_OUD_VOOR_DIENST"
OVERLEDEN = "OVERLEDEN"

SOORT_GROND: dict[str, Grond] = {
    "beschermingsbewind": Grond.beschermingsbewind,
    "provisioneel_bewind": Grond.beschermingsbewind,
    "curatele": Grond.curatele,
    "mentorschap": Grond.mentorschap,
}


@dataclass(frozen=True, slots=True)
class Representation:
    """One person acting for another, as seen on one day."""

    actor: str  # BSN of who acts (for an organisation: the acting employee)
    subject: str  # BSN of who is represented
    grond: Grond
    bron: Literal["machtiging", "gezag", "maatregel"]
    ref: str  # machtiging id, gezag type, or zaaknummer
    status: str  # ACTIEF or a reason code
    organisatie: str | None = None  # KvK number when acting for an organisation
    ingangsdatum: dt.date | None = None
    einddatum: dt.date | None = None
    diensten: tuple[str, ...] | None = None  # service ids a machtiging covers; None: every service of the ground

    @property
    def usable(self) -> bool:
        return self.status == ACTIEF


@dataclass(frozen=True)
class EherkenningChoice:
    """One way an employee may log in with eHerkenning for a service today: for whom, and on what ground."""

    employee: str  # BSN of the acting employee (the ActingSubject, sent as a pseudonym)
    organisatie: str  # KvK of the employee's own organisation
    legal_kvk: str  # KvK of the LegalSubject: the organisation represented (another one in a ketenmachtiging)
    vestigingsnummer: str | None  # the branch, when the machtiging is for one branch only
    intermediair: str | None  # KvK of the intermediary in a ketenmachtiging (the employee's organisation)
    client: Representation | None = None  # bewindvoering: the natural person the organisation acts for


@dataclass(frozen=True, slots=True)
class _Legal:
    maatregel: Maatregel
    vertegenwoordiger: Vertegenwoordiger
    organisatie: str | None


def maatregel_status(m: Maatregel, v: Vertegenwoordiger, day: dt.date, dienst: Dienst | None) -> str:
    """ACTIEF, or the Toezicht reason code why representative `v` may not act under `m` on `day` for `dienst`."""
    # An ended measure with an einddatum was in force until then (a peildatum in the past sees it active).
    if (m.status == "beeindigd" and m.einddatum is None) or (m.einddatum is not None and m.einddatum < day):
        return MAATREGEL_BEEINDIGD
    if m.status == "aangevraagd" or (m.ingangsdatum is not None and m.ingangsdatum > day):
        return NOG_NIET_INGEGAAN
    if m.status == "geschorst" or v.status == "geschorst":
        return VERTEGENWOORDIGER_GESCHORST
    if v.status == "beeindigd" or (v.einddatum is not None and v.einddatum < day):
        return ANDERE_VERTEGENWOORDIGER
    if v.ingangsdatum is not None and v.ingangsdatum > day:
        return NOG_NIET_INGEGAAN
    if not v.zelfstandig_bevoegd:
        return NIET_ZELFSTANDIG_BEVOEGD
    if dienst is not None:
        # Scope first: the law (1:438, 1:441, 1:453 BW) decides what a measure covers; which grounds a service
        # accepts is the provider's policy. So mentorschap asked for a financial service is BUITEN_OMVANG.
        if not covers(m, dienst):
            return BUITEN_OMVANG
        if SOORT_GROND[m.soort] not in dienst.vertegenwoordiging:
            return GROND_NIET_VOOR_DIENST
    return ACTIEF


def covers(m: Maatregel, dienst: Dienst) -> bool:
    """Whether the measure's scope includes the service (art. 1:438, 1:441, 1:453 BW)."""
    omvang = m.effectieve_omvang
    if omvang == "persoon_en_vermogen":
        return True
    if omvang == "niet_vermogensrechtelijk":
        return dienst.soort == "niet_vermogensrechtelijk"
    if dienst.soort != "vermogensrechtelijk":
        return False
    if omvang == "bepaalde_goederen":
        return bool(set(m.goederen) & set(dienst.goederen))
    return True


def machtiging_status(m: Machtiging, day: dt.date, dienst: Dienst | None, dienst_ids: tuple[str, ...]) -> str:
    if m.status == "ingetrokken":
        return MACHTIGING_INGETROKKEN
    if m.status == "aangevraagd":
        return MACHTIGING_NIET_GEACCEPTEERD
    if m.einddatum is not None and m.einddatum < day:
        return MACHTIGING_VERLOPEN
    if m.ingangsdatum is not None and m.ingangsdatum > day:
        return NOG_NIET_INGEGAAN
    if dienst is not None:
        if Grond.vrijwillig not in dienst.vertegenwoordiging:
            return GROND_NIET_VOOR_DIENST
        if dienst.id not in dienst_ids:
            return DIENST_NIET_GEMACHTIGD
    return ACTIEF


class RepresentationIndex:
    """Representation relations by actor and by subject; see the module docstring."""

    def __init__(self, world: "World"):
        # Weakly: the world owns its index, and without a cycle between them a replaced world is freed at once
        # by reference counting (load_world freezes worlds out of the cyclic collector's sight).
        self._world = weakref.proxy(world)
        self._machtiging_by_actor: dict[str, list[tuple[Machtiging, str | None]]] = defaultdict(list)
        self._machtiging_by_subject: dict[str, list[Machtiging]] = defaultdict(list)
        self._legal_by_actor: dict[str, list[_Legal]] = defaultdict(list)
        self._legal_by_subject: dict[str, list[_Legal]] = defaultdict(list)
        self._dienst_ids: dict[int, tuple[str, ...]] = {}

        for m in world.machtigingen:
            self._dienst_ids[id(m)] = tuple(world.service(ref).id for ref in m.diensten)  # type: ignore[union-attr]
            self._machtiging_by_subject[m.machtiginggever].append(m)
            if m.gemachtigde.bsn is not None:
                self._machtiging_by_actor[m.gemachtigde.bsn].append((m, None))
            else:
                for employee in world.organisations[m.gemachtigde.kvk].medewerkers:  # type: ignore[index]
                    self._machtiging_by_actor[employee].append((m, m.gemachtigde.kvk))

        for m in world.maatregelen.values():
            for v in m.vertegenwoordigers:
                if v.persoon is not None:
                    legal = _Legal(m, v, None)
                    self._legal_by_actor[v.persoon].append(legal)
                else:
                    legal = _Legal(m, v, v.organisatie)
                    staff = v.medewerkers or world.organisations[v.organisatie].medewerkers  # type: ignore[index]
                    for employee in staff:
                        self._legal_by_actor[employee].append(legal)
                self._legal_by_subject[m.vertegenwoordigde].append(legal)

    # -- building Representation values ------------------------------------------------------------------

    def _from_machtiging(self, m: Machtiging, actor: str, org: str | None, day: dt.date, dienst: Dienst | None) -> Representation:
        ids = self._dienst_ids[id(m)]
        status = machtiging_status(m, day, dienst, ids)
        if status == ACTIEF and not (self._alive(m.machtiginggever, day) and self._alive(actor, day)):
            status = OVERLEDEN
        return Representation(
            actor, m.machtiginggever, Grond.vrijwillig, "machtiging", m.id or f"{m.machtiginggever}->{m.gemachtigde.bsn or m.gemachtigde.kvk}",
            status, org, m.ingangsdatum, m.einddatum, ids,
        )

    def legal_status(self, m: Maatregel, v: Vertegenwoordiger, day: dt.date, dienst: Dienst | None) -> str:
        """`maatregel_status`, and a measure ends with the death of the represented person (the Toezicht check)."""
        status = maatregel_status(m, v, day, dienst)
        if status == ACTIEF and not self._alive(m.vertegenwoordigde, day):
            status = MAATREGEL_BEEINDIGD
        return status

    def _from_legal(self, legal: _Legal, actor: str, day: dt.date, dienst: Dienst | None) -> Representation:
        m, v = legal.maatregel, legal.vertegenwoordiger
        status = self.legal_status(m, v, day, dienst)
        if status == ACTIEF and not self._alive(actor, day):
            status = OVERLEDEN
        return Representation(
            actor, m.vertegenwoordigde, SOORT_GROND[m.soort], "maatregel", m.zaaknummer, status, legal.organisatie,
            v.ingangsdatum or m.ingangsdatum, v.einddatum or m.einddatum,
        )

    def _from_gezag(self, g: GezagRelatie, holder: str, day: dt.date, dienst: Dienst | None) -> Representation | None:
        grond_name = g.grond_for(holder)
        if grond_name is None:
            return None
        grond = Grond(grond_name)
        minor = self._world.persons[g.minderjarige]
        status = ACTIEF
        if not self._alive(holder, day):
            status = OVERLEDEN  # an explicit entry may name a voogd or parent who has since died
        elif dienst is not None:
            if grond not in dienst.vertegenwoordiging:
                status = GROND_NIET_VOOR_DIENST
            elif dienst.max_leeftijd_kind is not None and age_on(minor.geboortedatum, day) >= dienst.max_leeftijd_kind:
                status = KIND_TE_OUD_VOOR_DIENST
        # Gezag ends the day before the 18th birthday.
        until = add_months(minor.geboortedatum, 12 * MAJORITY) - dt.timedelta(days=1)
        return Representation(holder, g.minderjarige, grond, "gezag", g.type, status, None, minor.geboortedatum, until)

    def _alive(self, bsn: str, day: dt.date) -> bool:
        person = self._world.persons.get(bsn)
        return person is not None and is_alive(person, day)

    # -- questions ------------------------------------------------------------------------------------------

    def represented_by(self, actor: str, day: dt.date, dienst: Dienst | None = None) -> list[Representation]:
        """Every relation in which `actor` acts for someone, usable or not, as seen on `day` for `dienst`.

        A deceased actor's relations are listed with status OVERLEDEN, as `representatives_of` lists them."""
        result: list[Representation] = []
        for m, org in self._machtiging_by_actor.get(actor, ()):
            result.append(self._from_machtiging(m, actor, org, day, dienst))
        for g in self._world.gezag_held_by(actor, day):
            rep = self._from_gezag(g, actor, day, dienst)
            if rep is not None:
                result.append(rep)
        for legal in self._legal_by_actor.get(actor, ()):
            result.append(self._from_legal(legal, actor, day, dienst))
        return result

    def may_represent(self, actor: str, dienst: Dienst, day: dt.date) -> list[Representation]:
        """Whom `actor` may act for, for `dienst`, on `day`: exactly what the machtigen step offers."""
        return [r for r in self.represented_by(actor, day, dienst) if r.usable]

    def eherkenning_choices(self, kvk: str, employee: str, dienst: Dienst, day: dt.date) -> list[EherkenningChoice]:
        """How `employee` of organisation `kvk` may log in with eHerkenning for `dienst` on `day`: each valid
        machtiging covering the service, and for one "namens een natuurlijk persoon" each client the organisation
        represents for it today (the same relations DigiD Machtigen and Toezicht see)."""
        organisation = self._world.organisations.get(kvk)
        means = next((e for e in organisation.eherkenning if e.bsn == employee), None) if organisation else None
        if means is None:
            return []
        choices: list[EherkenningChoice] = []
        for machtiging in means.machtigingen:
            covered = {self._world.service(ref).id for ref in machtiging.diensten if self._world.service(ref)}  # type: ignore[union-attr]
            if dienst.id not in covered or not machtiging.valid_on(day):
                continue
            if machtiging.natuurlijke_personen:
                clients = [r for r in self.may_represent(employee, dienst, day) if r.organisatie == kvk and r.bron == "maatregel"]
                choices.extend(EherkenningChoice(employee, kvk, kvk, machtiging.vestigingsnummer, None, r) for r in clients)
            else:
                legal = machtiging.namens or kvk
                choices.append(EherkenningChoice(employee, kvk, legal, machtiging.vestigingsnummer, kvk if machtiging.namens else None))
        return choices

    def representatives_of(self, subject: str, day: dt.date, dienst: Dienst | None = None) -> list[Representation]:
        """Every relation in which someone acts for `subject`, usable or not."""
        result: list[Representation] = []
        for m in self._machtiging_by_subject.get(subject, ()):
            if m.gemachtigde.bsn is not None:
                result.append(self._from_machtiging(m, m.gemachtigde.bsn, None, day, dienst))
            else:
                for employee in self._world.organisations[m.gemachtigde.kvk].medewerkers:  # type: ignore[index]
                    result.append(self._from_machtiging(m, employee, m.gemachtigde.kvk, day, dienst))
        g = self._world.gezag_over(subject, day)
        if g is not None:
            for holder in g.holders():
                rep = self._from_gezag(g, holder, day, dienst)
                if rep is not None:
                    result.append(rep)
        for legal in self._legal_by_subject.get(subject, ()):
            v = legal.vertegenwoordiger
            if v.persoon is not None:
                result.append(self._from_legal(legal, v.persoon, day, dienst))
            else:
                staff = v.medewerkers or self._world.organisations[v.organisatie].medewerkers  # type: ignore[index]
                result.extend(self._from_legal(legal, employee, day, dienst) for employee in staff)
        return result

    def legal_relations_of(self, subject: str) -> list[tuple[Maatregel, Vertegenwoordiger]]:
        """Every registered measure over `subject` with each of its representatives (for the judiciary's view)."""
        return [(legal.maatregel, legal.vertegenwoordiger) for legal in self._legal_by_subject.get(subject, ())]

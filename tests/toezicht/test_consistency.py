"""DDCC and Toezicht agree: every bewind relation the machtigen step offers (`world.index.may_represent`) is
confirmed by the Toezicht check, and every one it does not offer is not, with the same reason."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from simulator.scenario.model import Grond

from .conftest import ToezichtClient

BEWIND = ["beschermingsbewind", "provisioneel_bewind"]


def test_toezicht_confirms_exactly_what_the_machtigen_step_offers(api: ToezichtClient) -> None:
    world = api.store.world
    today = api.store.today()
    services = [s for s in world.services.values() if Grond.beschermingsbewind in s.vertegenwoordiging]
    subjects = sorted({m.vertegenwoordigde for m in world.maatregelen.values() if m.soort in BEWIND})
    # Every representative and office employee, and persons with no relation at all as a control.
    actors = sorted({bsn for o in world.organisations.values() for bsn in o.medewerkers} | {v.persoon for m in world.maatregelen.values() for v in m.vertegenwoordigers if v.persoon} | {"999990019", "999990202"})
    assert len(services) >= 3 and len(subjects) >= 10
    checked: dict[str, int] = defaultdict(int)
    for day in (today, today - dt.timedelta(days=365)):
        for dienst in services:
            for actor in actors:
                relations = [r for r in world.index.represented_by(actor, day, dienst) if r.bron == "maatregel" and r.grond == Grond.beschermingsbewind]
                offered = {(r.subject, r.organisatie) for r in world.index.may_represent(actor, dienst, day) if r.grond == Grond.beschermingsbewind and r.bron == "maatregel"}
                by_pair: dict[tuple[str, str | None], list[str]] = defaultdict(list)
                for r in relations:
                    by_pair[(r.subject, r.organisatie)].append(r.status)
                for subject in subjects:
                    pairs = [key for key in by_pair if key[0] == subject]
                    if not pairs and day == today and dienst == services[0]:
                        pairs = [(subject, None)]  # no relation at all: once is enough
                    for key in pairs:
                        rep: dict[str, Any] = {"bsn": actor} if key[1] is None else {"kvkNummer": key[1], "bsn": actor}
                        answer = api.check(subject, vertegenwoordiger=rep, dienst={"serviceId": dienst.id}, soortMaatregel=BEWIND, peildatum=day.isoformat())
                        expected = key in offered
                        assert answer["bevoegd"] is expected, (day, dienst.id, actor, key, answer)
                        statuses = by_pair.get(key) or ["GEEN_RELATIE"]
                        if not expected:
                            assert answer["redenCode"] in statuses, (day, dienst.id, actor, key, answer)
                        checked["bevoegd" if expected else answer["redenCode"]] += 1
    # The comparison covered both sides, with several reasons.
    assert checked["bevoegd"] >= 20 and checked["GEEN_RELATIE"] >= 100 and len(checked) >= 6, checked

"""python3-saml, configured as django-digid-eherkenning configures its DigiD client, logs in at DDCC over HTTP
against a running simulator on the default scenario: plain, machtigen, cancel, and a level too low.

The SP is tests/interop/ddcc_python3_saml.py; its docstring lists the four client-side settings it had to make
and why each is one a production eID 4.x client needs as well. Nothing on the simulator's side is adapted."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Iterator

import pytest

from simulator.config import DEFAULT_SCENARIO
from simulator.outcomes import VARIATIONS, Directive
from simulator.testing import RunningSimulator, running_simulator

from .ddcc_python3_saml import ENTITY_ID, Python3SamlSP, bsn_of, scenario_file

TODAY = dt.date(2026, 6, 15)
ACTING = "urn:nl-eid-gdi:1.0:ActingSubjectID"
LEGAL = "urn:nl-eid-gdi:1.0:LegalSubjectID"
SERVICE_UUID = "urn:nl-eid-gdi:1.0:ServiceUUID"
WOZ = 0  # AttributeConsumingServiceIndex of woz-beschikking (loa midden) in the SP's registration
BIJSTAND = 1  # bijzondere-bijstand, loa substantieel
AFVALPAS = 2  # afvalpas, loa basis


@pytest.fixture(scope="module")
def sim(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSimulator]:
    overlay = scenario_file(tmp_path_factory.mktemp("python3-saml"))
    with running_simulator(env={"SIMULATOR_SCENARIO": f"{DEFAULT_SCENARIO}:{overlay}"}, clock=TODAY) as running:
        yield running


@pytest.fixture()
def sp(sim: RunningSimulator) -> Python3SamlSP:
    return Python3SamlSP(sim.base_url)


def test_plain_login(sp: Python3SamlSP) -> None:
    login = sp.login("999990019", WOZ)
    assert login.error is None, login.error
    assert bsn_of(login, ACTING) == "999990019" and LEGAL not in login.attributes
    assert login.attributes[SERVICE_UUID] == ["0b4d1d2e-6f1a-4c55-9d3e-2a7f1c0b5e02"]
    assert login.authn_contexts == ["http://eidas.europa.eu/LoA/substantial"]  # the level 999990019 holds
    assert login.name_id and login.session_index == login.name_id  # transient NameID = the session


def test_machtigen_login(sp: Python3SamlSP) -> None:
    # Setting 4: python3-saml has no Scoping option; RequesterID = the BVD is inserted before signing.
    login = sp.login("999990202", WOZ, machtigen=True, represent="999990214")
    assert login.error is None, login.error
    assert (bsn_of(login, ACTING), bsn_of(login, LEGAL)) == ("999990202", "999990214")
    assert login.attributes["urn:nl-eid-gdi:1.1:RepresentationType"] == ["urn:nl-eid-gdi:1.1:RT:SIMULATOR_Curatele"]


def test_cancel(sp: Python3SamlSP) -> None:
    login = sp.login("999990019", WOZ, cancel=True)
    # python3-saml turns a non-Success status into its validation error, naming DDCC's status and message.
    assert login.error is not None and "Responder -> Authentication cancelled" in login.error


def test_level_of_assurance_too_low(sp: Python3SamlSP) -> None:
    login = sp.login("999990251", BIJSTAND, level="midden")
    assert login.error is not None and "Responder -> urn:oasis:names:tc:SAML:2.0:status:NoAuthnContext" in login.error


def test_the_signature_wrapping_guard_counts_the_advice_assertions(sim: RunningSimulator) -> None:
    # Without setting 3 python3-saml refuses every eID 4.x answer: it counts the AD's signed assertion in the
    # Advice as a second assertion. django-digid-eherkenning's eHerkenning client switches the guard off for
    # exactly this; production DigiD sends the same Advice (ST-SAML examples), so the simulator must too.
    guarded = Python3SamlSP(sim.base_url, signature_wrapping_guard=True)
    login = guarded.login("999990019", WOZ)
    assert login.error is not None and "must contain 1 assertion" in login.error


@pytest.mark.parametrize("variation", list(VARIATIONS))
def test_every_production_variation(sim: RunningSimulator, sp: Python3SamlSP, variation: str) -> None:
    sim.store.directives.push(Directive(outcome="success", sp=ENTITY_ID, bsn="999990159", level="basis", variations=(variation,)))
    login = sp.login("999990159", AFVALPAS)
    assert login.error is None, login.error
    assert bsn_of(login, ACTING) == "999990159"

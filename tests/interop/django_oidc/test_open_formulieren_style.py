"""An Open-Formulieren-style Django relying party (mozilla-django-oidc, mozilla-django-oidc-db, the option
schemas of django-digid-eherkenning's OIDC app) logs in against the simulator through its own views, configured
as Open Formulieren's manual configures "DigiD Machtigen (OIDC)": discovery endpoint, client ID and secret,
RS256 with an empty sign key (the JWKS), claim paths `aanvrager`/`bsn`, `gemachtigde`/`bsn`,
`urn:nl-eid-gdi:1.0:ServiceUUID`, `authsp_level` with a value mapping from DigiD's numbers."""

from __future__ import annotations

from typing import Any

import requests

from simulator.testing import RunningSimulator

BIJSTAND_UUID = "0b4d1d2e-6f1a-4c55-9d3e-2a7f1c0b5e01"
PASPOORT_KIND_UUID = "0b4d1d2e-6f1a-4c55-9d3e-2a7f1c0b5e05"
SAML_AC = "urn:oasis:names:tc:SAML:2.0:ac:classes:"
# Open Formulieren's example: the text value "10" is "DigiD Basis", and so on.
LOA_MAPPING = [
    {"from": "10", "to": SAML_AC + "PasswordProtectedTransport"},
    {"from": "20", "to": SAML_AC + "MobileTwoFactorContract"},
    {"from": "25", "to": SAML_AC + "Smartcard"},
    {"from": "30", "to": SAML_AC + "SmartcardPKI"},
]


def machtigen_options(representee: list[str], authorizee: list[str], service: list[str], loa: list[str] | None) -> dict[str, Any]:
    return {
        "identity_settings": {
            "representee_bsn_claim_path": representee,
            "authorizee_bsn_claim_path": authorizee,
            "mandate_service_id_claim_path": service,
        },
        "loa_settings": {"claim_path": loa or [], "default": SAML_AC + "MobileTwoFactorContract", "value_mapping": LOA_MAPPING if loa else []},
    }


OPEN_FORMULIEREN_MACHTIGEN = {
    "identifier": "digid-machtigen-oidc",
    "client_id": "open-formulieren-digid-machtigen",
    "client_secret": "open-formulieren-digid-machtigen-secret",
    "options": machtigen_options(["aanvrager", "bsn"], ["gemachtigde", "bsn"], ["urn:nl-eid-gdi:1.0:ServiceUUID"], ["authsp_level"]),
}


def directive(sim: RunningSimulator, **fields: str) -> None:
    assert requests.post(f"{sim.base_url}/control/directives", json=fields, timeout=5).status_code == 201


def test_digid_machtigen_through_the_pages(sim: RunningSimulator, relying_party) -> None:  # type: ignore[no-untyped-def]
    result = relying_party(**OPEN_FORMULIEREN_MACHTIGEN, login={"bsn": "999990251", "represent": "999990263"})
    steps = [p.removeprefix(sim.base_url) for p in result["visited"]]  # the browser's way through the simulator
    assert steps[0] == "/oidc/authorize" and [s.rsplit("/", 1)[0] for s in steps[1:]] == ["/oidc/login", "/oidc/machtigen"]
    assert result["session"]["digid-machtigen-oidc"] == {
        "representee_bsn_claim": "999990263",  # Jan van Dijk, who gave the machtiging
        "authorizee_bsn_claim": "999990251",  # Sanne, who acts
        "mandate_service_id_claim": BIJSTAND_UUID,
        "loa_claim": SAML_AC + "Smartcard",  # "25", DigiD substantieel
    }
    audit = requests.get(f"{sim.base_url}/control/audit", params={"sp": "open-formulieren-digid-machtigen", "bsn": "999990263"}, timeout=5).json()
    assert audit[0]["grond"] == "vrijwillig" and audit[0]["acting_bsn"] == "999990251"


def test_digid_machtigen_by_directive_a_parent_for_a_child(sim: RunningSimulator, relying_party) -> None:  # type: ignore[no-untyped-def]
    # The passport service is chosen by a scope naming its ServiceUUID, added to the client's scopes.
    directive(sim, sp="open-formulieren-digid-machtigen", bsn="999990019", represent="999990032")
    result = relying_party(**OPEN_FORMULIEREN_MACHTIGEN, scopes=["openid", "bsn", f"urn:uuid:{PASPOORT_KIND_UUID}"])
    claims = result["session"]["digid-machtigen-oidc"]
    assert claims["representee_bsn_claim"] == "999990032" and claims["authorizee_bsn_claim"] == "999990019"
    assert claims["mandate_service_id_claim"] == PASPOORT_KIND_UUID


def test_digid_self_login(sim: RunningSimulator, relying_party) -> None:  # type: ignore[no-untyped-def]
    directive(sim, sp="open-formulieren-digid", bsn="999990019", level="midden")
    result = relying_party(
        identifier="digid-oidc",
        client_id="open-formulieren-digid",
        client_secret="open-formulieren-digid-secret",
        basic_auth=True,
        options={"identity_settings": {"bsn_claim_path": ["bsn"]}, "loa_settings": {"claim_path": ["authsp_level"], "default": SAML_AC + "PasswordProtectedTransport", "value_mapping": LOA_MAPPING}},
    )
    assert result["session"]["digid-oidc"] == {"bsn_claim": "999990019", "loa_claim": SAML_AC + "MobileTwoFactorContract"}


def test_library_defaults_with_the_eid_profile_from_the_id_token(sim: RunningSimulator, relying_party) -> None:  # type: ignore[no-untyped-def]
    directive(sim, sp="digid-eherkenning-defaults", bsn="999990251", represent="999990263")
    result = relying_party(
        identifier="digid-machtigen-oidc",
        client_id="digid-eherkenning-defaults",
        client_secret="digid-eherkenning-defaults-secret",
        claims_source="id_token",
        # django-digid-eherkenning's default claim paths, as its schema ships them.
        options=machtigen_options(["urn:nl-eid-gdi:1.0:LegalSubjectID"], ["urn:nl-eid-gdi:1.0:ActingSubjectID"], ["urn:nl-eid-gdi:1.0:ServiceUUID"], None),
    )
    claims = result["session"]["digid-machtigen-oidc"]
    assert claims["representee_bsn_claim"] == "999990263" and claims["authorizee_bsn_claim"] == "999990251"


def test_cancel_comes_back_as_an_error_and_logs_nobody_in(sim: RunningSimulator, relying_party) -> None:  # type: ignore[no-untyped-def]
    directive(sim, sp="open-formulieren-digid-machtigen", outcome="cancel")
    result = relying_party(**OPEN_FORMULIEREN_MACHTIGEN)
    assert "error=access_denied" in result["callback"]
    assert result["callback_status"] == 302 and result["callback_location"] != "/whoami/"
    assert "session" not in result


def test_a_token_the_client_must_refuse_is_refused(sim: RunningSimulator, relying_party) -> None:  # type: ignore[no-untyped-def]
    directive(sim, sp="open-formulieren-digid-machtigen", bsn="999990251", represent="999990263", outcome="bad_signature")
    result = relying_party(**OPEN_FORMULIEREN_MACHTIGEN)
    assert result["callback_status"] == 400  # mozilla-django-oidc: SuspiciousOperation, the signature fails
    assert "session" not in result


EH_LOA3 = "urn:etoegang:core:assurance-class:loa3"
OPEN_FORMULIEREN_BEWINDVOERING = {
    "identifier": "eherkenning-bewindvoering-oidc",
    "client_id": "open-formulieren-eherkenning-bewindvoering",
    "client_secret": "open-formulieren-eherkenning-bewindvoering-secret",
    "scopes": ["openid", "kvk"],
    # Open Formulieren's examples: `bsn` for the represented person, `kvk` for the company; the acting subject,
    # branch and service claims as django-digid-eherkenning's schema names them.
    "options": {
        "identity_settings": {
            "identifier_type_claim_path": ["namequalifier"],
            "legal_subject_claim_path": ["kvk"],
            "acting_subject_claim_path": ["urn:etoegang:core:ActingSubjectID"],
            "branch_number_claim_path": ["urn:etoegang:1.9:ServiceRestriction:Vestigingsnr"],
            "representee_claim_path": ["bsn"],
            "mandate_service_id_claim_path": ["urn:etoegang:core:ServiceID"],
            "mandate_service_uuid_claim_path": ["urn:etoegang:core:ServiceUUID"],
        },
        "loa_settings": {"claim_path": ["authsp_level"], "default": "urn:etoegang:core:assurance-class:loa2", "value_mapping": []},
    },
}


def test_eherkenning_bewindvoering_through_the_pages(sim: RunningSimulator, relying_party) -> None:  # type: ignore[no-untyped-def]
    # Pieter Smit of Zeker Bewind B.V. (KvK 90001234) applies for bijzondere bijstand for Kees Visser, whose
    # bewind the office holds.
    result = relying_party(**OPEN_FORMULIEREN_BEWINDVOERING, login={"means": "90001234:999990159", "choice": "client-999990172"})
    steps = [p.removeprefix(sim.base_url).rsplit("/", 1)[0] for p in result["visited"][1:]]
    assert steps == ["/oidc/eherkenning/login", "/oidc/eherkenning/machtiging"]
    claims = result["session"]["eherkenning-bewindvoering-oidc"]
    assert claims["legal_subject_claim"] == "90001234" and claims["representee_claim"] == "999990172"
    assert claims["mandate_service_id_claim"] == "bijzondere-bijstand" and claims["mandate_service_uuid_claim"] == BIJSTAND_UUID
    assert len(claims["acting_subject_claim"]) == 40  # a pseudonym, never the employee's BSN
    assert claims["loa_claim"] == EH_LOA3
    audit = requests.get(f"{sim.base_url}/control/audit", params={"sp": "open-formulieren-eherkenning-bewindvoering"}, timeout=5).json()
    assert audit[0]["legal_bsn"] == "999990172" and audit[0]["organisatie"] == "90001234" and audit[0]["grond"] == "beschermingsbewind"


def test_eherkenning_bewindvoering_by_directive(sim: RunningSimulator, relying_party) -> None:  # type: ignore[no-untyped-def]
    directive(sim, sp="open-formulieren-eherkenning-bewindvoering", bsn="999990159", represent="999990172")
    claims = relying_party(**OPEN_FORMULIEREN_BEWINDVOERING)["session"]["eherkenning-bewindvoering-oidc"]
    assert claims["legal_subject_claim"] == "90001234" and claims["representee_claim"] == "999990172"

"""eHerkenning and eHerkenning bewindvoering over OIDC: the eHerkenning pages (shared with the SAML door), the
machtigingen and bewind of the default world, the claim profiles' eHerkenning names, directives and levels."""

from __future__ import annotations

import requests

from .rp import JWT_CLIENT, TEST_CLIENT, Answer, RelyingParty, directive
from .test_pages import answer_of

WOZ_UUID = "0b4d1d2e-6f1a-4c55-9d3e-2a7f1c0b5e02"
EH3 = "urn:etoegang:core:assurance-class:loa3"


def test_bewindvoering_through_the_eherkenning_pages(base: str) -> None:
    rp = RelyingParty(base)
    page = rp.authorize(kc_idp_hint="eherkenning_bewindvoering").headers["Location"]
    assert page.startswith(f"{base}/oidc/eherkenning/login/")
    assert 'data-testid="means"' in requests.get(page, timeout=5).text
    choice_page = requests.post(page, data={"means": "90001234:999990159", "action": "login"}, allow_redirects=False, timeout=5).headers["Location"]
    html = requests.get(choice_page, timeout=5).text
    assert 'data-testid="choice-client-999990172"' in html and 'data-testid="choice-org-90001234"' not in html  # clients only
    value = html.split('data-testid="choice-client-999990172"')[0].rsplit('value="', 1)[1].split('"')[0]
    params = answer_of(requests.post(choice_page, data={"choice": value, "action": "choose"}, allow_redirects=False, timeout=5))
    claims = rp.id_token_claims(rp.exchange(Answer(302, params)))
    assert claims["kvk"] == "90001234" and claims["bsn"] == "999990172"
    assert claims["namequalifier"] == "urn:etoegang:1.9:EntityConcernedID:KvKnr"
    assert claims["acr"] == EH3 and claims["urn:etoegang:core:ServiceUUID"] == "0b4d1d2e-6f1a-4c55-9d3e-2a7f1c0b5e01"
    assert "999990159" not in str(claims)  # the employee only as a pseudonym
    audit = requests.get(f"{base}/control/audit", params={"sp": TEST_CLIENT[0]}, timeout=5).json()
    assert audit[0]["organisatie"] == "90001234" and audit[0]["legal_bsn"] == "999990172" and audit[0]["grond"] == "beschermingsbewind"


def test_eherkenning_for_the_own_organisation_by_directive(base: str) -> None:
    rp = RelyingParty(base)
    directive(base, sp=TEST_CLIENT[0], bsn="999990159")
    claims = rp.id_token_claims(rp.exchange(rp.login(kc_idp_hint="eherkenning", scope=f"openid urn:uuid:{WOZ_UUID}")))
    assert claims["kvk"] == "90001234" and "bsn" not in claims
    assert len(claims["urn:etoegang:core:ActingSubjectID"]) == 40


def test_nlgov_bewindvoering_is_a_chain_of_represents(base: str) -> None:
    rp = RelyingParty(base, JWT_CLIENT, None, auth_method="private_key_jwt")
    directive(base, sp=JWT_CLIENT, bsn="999990159", represent="999990172")
    claims = rp.id_token_claims(rp.exchange(rp.login(kc_idp_hint="eherkenning_bewindvoering")))
    assert claims["sub_id_type"] == "urn:nl-eid-gdi:1.0:id:pseudonym"
    company = claims["represents"]
    assert company["sub"] == "90001234" and company["sub_id_type"] == "urn:etoegang:1.9:EntityConcernedID:KvKnr"
    assert company["represents"] == {"sub": "999990172", "sub_id_type": "urn:nl-eid-gdi:1.0:id:BSN", "iss": f"{base}/oidc"}


def test_eherkenning_level_and_machtiging_errors(base: str) -> None:
    rp = RelyingParty(base)
    page = rp.authorize(kc_idp_hint="eherkenning_bewindvoering").headers["Location"]  # bijzondere bijstand: EH3
    low = requests.post(page, data={"means": "90001234:999990159", "level": "EH2", "action": "login"}, allow_redirects=False, timeout=5)
    assert answer_of(low)["error"] == "unmet_authentication_requirements"
    directive(base, sp=TEST_CLIENT[0], bsn="999990019")  # no eHerkenning means at all
    answer = rp.login(kc_idp_hint="eherkenning_bewindvoering")
    assert answer.error == "access_denied" and "machtiging" in answer.params["error_description"]

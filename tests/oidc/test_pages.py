"""The OIDC door through the SAML doors' login and machtigen pages: the citizen logs in, chooses whom to act for,
cancels, or picks a test outcome; the answer arrives at the client's redirect URI."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import requests

from .rp import REDIRECT, TEST_CLIENT, Answer, RelyingParty


def to_login_page(rp: RelyingParty, **params: str) -> str:
    response = rp.authorize(**params)
    assert response.status_code == 303, response.text
    return response.headers["Location"]


def answer_of(response: requests.Response) -> dict[str, str]:
    assert response.status_code == 302, response.text
    location = response.headers["Location"]
    assert location.startswith(REDIRECT + "?"), location
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def test_login_and_machtigen_pages_give_the_chosen_representation(base: str) -> None:
    rp = RelyingParty(base)
    page = to_login_page(rp, kc_idp_hint="digid_machtigen")
    assert page.startswith(f"{base}/oidc/login/")
    html = requests.get(page, timeout=5).text
    assert 'data-testid="persona"' in html and "OIDC test client (simulator)" in html
    machtigen = requests.post(page, data={"persona": "999990251", "action": "login"}, allow_redirects=False, timeout=5)
    assert machtigen.status_code == 303 and "/oidc/machtigen/" in machtigen.headers["Location"]
    choice_page = requests.get(machtigen.headers["Location"], timeout=5).text
    assert 'data-testid="represent-999990263-vrijwillig"' in choice_page
    key = choice_page.split('data-testid="represent-999990263-vrijwillig"')[0].rsplit('value="', 1)[1].split('"')[0]
    params = answer_of(requests.post(machtigen.headers["Location"], data={"represent": key, "action": "choose"}, allow_redirects=False, timeout=5))
    assert params["state"] == rp.state
    claims = rp.id_token_claims(rp.exchange(Answer(302, params)))
    assert claims["aanvrager"] == {"bsn": "999990263"} and claims["gemachtigde"] == {"bsn": "999990251"}
    assert requests.get(page, timeout=5).status_code == 404  # the login is finished


def test_cancel_on_the_login_page_is_access_denied(base: str) -> None:
    rp = RelyingParty(base)
    page = to_login_page(rp)
    params = answer_of(requests.post(page, data={"action": "cancel"}, allow_redirects=False, timeout=5))
    assert params["error"] == "access_denied" and params["state"] == rp.state


def test_a_test_outcome_chosen_on_the_page(base: str) -> None:
    rp = RelyingParty(base)
    page = to_login_page(rp)
    params = answer_of(requests.post(page, data={"persona": "999990019", "action": "login", "outcome": "authn_failed"}, allow_redirects=False, timeout=5))
    assert params["error"] == "access_denied"


def test_a_level_below_the_service_is_unmet_authentication_requirements(base: str) -> None:
    rp = RelyingParty(base)
    page = to_login_page(rp)  # bijzondere bijstand: substantieel
    params = answer_of(requests.post(page, data={"persona": "999990019", "level": "midden", "action": "login"}, allow_redirects=False, timeout=5))
    assert params["error"] == "unmet_authentication_requirements"


def test_nobody_to_represent_on_the_machtigen_page(base: str) -> None:
    rp = RelyingParty(base)
    page = to_login_page(rp, kc_idp_hint="digid_machtigen")
    machtigen = requests.post(page, data={"persona": "999990019", "action": "login"}, allow_redirects=False, timeout=5).headers["Location"]
    assert 'data-testid="no-representation"' in requests.get(machtigen, timeout=5).text
    params = answer_of(requests.post(machtigen, data={"action": "none"}, allow_redirects=False, timeout=5))
    assert params["error"] == "access_denied" and "No representation" in params["error_description"]
    audit = requests.get(f"{base}/control/audit", params={"sp": TEST_CLIENT[0]}, timeout=5).json()
    assert audit[0]["outcome"] == "geen_vertegenwoordiging"


def test_the_pages_with_a_persistent_state_backend(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # SQLite keeps sealed copies, not the objects: what the pages change must be kept again (LoginDoor.keep).
    from simulator.testing import running_simulator

    from .conftest import TODAY

    with running_simulator({"SIMULATOR_STATE": f"sqlite:///{tmp_path / 'state.db'}"}, clock=TODAY) as sim:
        rp = RelyingParty(sim.base_url)
        page = to_login_page(rp, kc_idp_hint="digid_machtigen")
        machtigen = requests.post(page, data={"persona": "999990251", "action": "login"}, allow_redirects=False, timeout=5).headers["Location"]
        html = requests.get(machtigen, timeout=5).text
        key = html.split('data-testid="represent-999990263-vrijwillig"')[0].rsplit('value="', 1)[1].split('"')[0]
        params = answer_of(requests.post(machtigen, data={"represent": key, "action": "choose"}, allow_redirects=False, timeout=5))
        claims = rp.id_token_claims(rp.exchange(Answer(302, params)))
        assert claims["aanvrager"] == {"bsn": "999990263"}

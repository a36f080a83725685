"""Answers the OpenAPI documents decide, found by fuzzing: OPTIONS lists only the methods that work, and the gezag
module takes the empty request its schema allows."""

from __future__ import annotations

from .conftest import GEZAG, PERSONEN, BrpClient


def test_options_lists_only_post(brp: BrpClient) -> None:
    """Before: Allow listed GET, PUT, PATCH and DELETE, which all answer 405."""
    response = brp.client.options(PERSONEN)
    assert response.status_code == 204 and response.headers["Allow"] == "POST, OPTIONS"
    assert brp.client.get(PERSONEN).headers["Allow"] == "POST"


def test_the_gezag_module_takes_an_empty_request(brp: BrpClient) -> None:
    """GezagRequest does not require burgerservicenummer: {} asks about nobody (was 400 'required')."""
    answer = brp.post(GEZAG, {}, {"Accept-Gezag-Version": "2"})
    assert (answer.status, answer.body) == (200, {"personen": []})
    null = brp.post(GEZAG, {"burgerservicenummer": None}, {"Accept-Gezag-Version": "2"})
    assert null.status == 400 and null.body["invalidParams"][0]["name"] == "burgerservicenummer"
    assert brp.post(GEZAG, [], {"Accept-Gezag-Version": "2"}).status == 400

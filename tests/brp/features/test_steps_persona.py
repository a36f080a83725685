"""The persona steps write the GBA rows the official step definitions write (their docs features show them)."""

from __future__ import annotations

import datetime as dt

from .steps import Context, run_step

TODAY = dt.date(2026, 12, 1)


def _run(*texts: str) -> Context:
    c = Context(TODAY, frozenset())
    for text in texts:
        run_step(c, text, None)
    return c


def test_the_death_of_a_partner_ends_the_marriage_on_the_other_pl() -> None:
    c = _run(
        "de persoon 'P1' met burgerservicenummer '000000012'",
        "de persoon 'P2' met burgerservicenummer '000000024'",
        "'P1' en 'P2' zijn met elkaar gehuwd",
        "'P1' is overleden",
    )
    p1, p2 = c.named["P1"], c.named["P2"]
    assert p1["overlijden"][0] == {"08.10": "20241130"}
    assert p1["inschrijving"][0] == {"67.10": "20241130", "67.20": "O"}
    current, sluiting = p2["huwelijk"][0]
    assert current == {"01.20": "000000012", "02.40": "P1", "07.10": "20241130", "07.20": "0518", "07.30": "6030", "07.40": "O"}
    assert sluiting["06.10"] == "20061130"
    assert len(p1["huwelijk"][0]) == 1  # the deceased's own PL keeps the marriage as it was


def test_a_person_without_bsn_is_a_relative_only() -> None:
    c = _run(
        "de persoon 'Moeder' zonder burgerservicenummer",
        "de persoon 'Kind' met burgerservicenummer '000000036'",
        "heeft 'Moeder' als ouder",
    )
    assert [pl["persoon"][0]["01.20"] for pl in c.scenario_document()["persoonslijsten"]] == ["000000036"]
    assert c.named["Kind"]["ouder_1"][0]["02.40"] == "Moeder"


def test_date_phrases() -> None:
    from .steps_persona import gba_date

    c = Context(TODAY, frozenset())
    assert [gba_date(p, c) for p in ("op 26-05-1983", "3 november 2024", "in februari 2021", "een onbekende datum",
                                     "7 jaar geleden", "gisteren 2 jaar geleden", "minderjarige", "meerderjarige")] == [
        "19830526", "20241103", "20210200", "00000000", "20191201", "20241130", "20091130", "19811130"]

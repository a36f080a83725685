"""GBA dates that may be partly unknown: when an end date has passed, and the age they give."""

from __future__ import annotations

import datetime as dt

import pytest

from simulator.brp.dates import age_from_gba, ended_by

DAY = dt.date(2026, 6, 15)


@pytest.mark.parametrize(("value", "ended"), [
    (None, False), ("", False), ("00000000", False),
    ("20260614", True), ("20260615", True), ("20260616", False),  # the end day itself counts as ended
    ("20260500", True), ("20260600", False), ("20260700", False),  # day unknown: ended after that month
    ("20250000", True), ("20260000", False), ("20270000", False),  # only the year: ended after that year
])
def test_ended_by(value: str | None, ended: bool) -> None:
    assert ended_by(value, DAY) is ended


@pytest.mark.parametrize(("value", "age"), [
    ("19960615", 30), ("19960616", 29), ("19960500", 30), ("19960700", 29),
    ("19960600", None), ("19960000", None), ("00000000", None), (None, None),
])
def test_age_from_gba(value: str | None, age: int | None) -> None:
    assert age_from_gba(value, DAY) == age


def test_age_of_someone_born_on_29_february() -> None:
    assert [age_from_gba("20000229", dt.date(2021, m, d)) for m, d in ((2, 28), (3, 1))] == [20, 21]

"""Relative dates and the clock: a world's ages and validity periods depend on its reference date only."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulator.scenario import age_on, parse_date
from simulator.scenario.generator import relative_date

from .helpers import A, B, load, only, person, position, problems, write

DAY = dt.date(2026, 3, 31)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", DAY),
        ("2019-05-01", dt.date(2019, 5, 1)),
        ("-8y", dt.date(2018, 3, 31)),
        ("+2w", dt.date(2026, 4, 14)),
        ("-1m", dt.date(2026, 2, 28)),  # calendar months: 31 March minus a month is the last day of February
        ("-40y-3m+2d", dt.date(1986, 1, 2)),
        ("+1y+1m", dt.date(2027, 4, 30)),
        ("-10d", dt.date(2026, 3, 21)),
    ],
)
def test_parse_date(text: str, expected: dt.date) -> None:
    assert parse_date(text, DAY) == expected


@pytest.mark.parametrize("text", ["yesterday", "-8", "8y", "-8x", "2026-13-01", ""])
def test_parse_date_rejects_with_a_helpful_message(text: str) -> None:
    with pytest.raises(ValueError, match="is not a date: use YYYY-MM-DD, 'today', or a relative date"):
        parse_date(text, DAY)


def test_age_on_leap_day_birthday() -> None:
    born = dt.date(2008, 2, 29)
    assert age_on(born, dt.date(2026, 2, 28)) == 17
    assert age_on(born, dt.date(2026, 3, 1)) == 18


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)), st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2060, 12, 31)))
def test_relative_date_round_trips(day: dt.date, anchor: dt.date) -> None:
    assert parse_date(relative_date(day, anchor), anchor) == day


def test_relative_dates_resolve_against_the_clock(tmp_path: Path) -> None:
    path = write(tmp_path, "persons:\n" + person(A, "-8y-2m"))
    assert load(path, clock=dt.date(2026, 6, 15)).persons[A].geboortedatum == dt.date(2018, 4, 15)
    assert load(path, clock=dt.date(2030, 1, 31)).persons[A].geboortedatum == dt.date(2021, 11, 30)


def test_scenario_vandaag_is_the_reference_date_and_the_clock_overrides_it(tmp_path: Path) -> None:
    path = write(tmp_path, "scenario: {vandaag: '2020-02-29'}\npersons:\n" + person(A, "-18y"))
    world = load(path, clock=None)
    assert world.reference_date == dt.date(2020, 2, 29)
    assert world.persons[A].geboortedatum == dt.date(2002, 2, 28)
    assert load(path, clock=dt.date(2026, 6, 15)).reference_date == dt.date(2026, 6, 15)


def test_vandaag_may_be_relative_itself_and_a_bad_one_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path, "scenario: {vandaag: 'someday'}\npersons:\n" + person(A, "1980-01-01"))
    problem = only(problems(path, clock=None), "scenario.vandaag")
    assert (problem.line, problem.column) == position(path, "vandaag: 'someday'")
    assert "'someday' is not a date" in problem.message


def test_a_bad_relative_date_is_reported_at_its_field(tmp_path: Path) -> None:
    path = write(tmp_path, "persons:\n" + person(A, "1980-01-01") + person(B, "-8j"))
    problem = only(problems(path), "persons[1].geboortedatum")
    assert (problem.line, problem.column) == position(path, '"-8j"')


def test_minority_follows_the_clock(tmp_path: Path) -> None:
    """Someone born 17 years and 364 days before the clock is a minor; on their 18th birthday they are not."""
    path = write(tmp_path, "persons:\n" + person(A, "1980-01-01") + person(B, "2008-06-16", ouders=f'["{A}"]'))
    assert load(path, clock=dt.date(2026, 6, 15)).gezag_over(B, dt.date(2026, 6, 15)) is not None
    world = load(path, clock=dt.date(2026, 6, 16))
    assert world.gezag_over(B, dt.date(2026, 6, 16)) is None


def test_a_relative_vandaag_counts_from_the_wall_clock(tmp_path: Path) -> None:
    path = write(tmp_path, "scenario: {vandaag: '-1y'}\npersons:\n" + person(A, "-30y"))
    world = load(path, clock=None)
    assert world.settings.vandaag == world.reference_date == parse_date("-1y", dt.date.today())

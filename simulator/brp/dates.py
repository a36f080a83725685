"""BRP's polymorphic dates (`AbstractDatum`) with the Dutch long format clients show to people.

The BRP holds dates that may be partly unknown; the API gives each one as an object whose `type` says which
parts are known, and always a `langFormaat` ("1 mei 2018", "mei 2018", "2018", "onbekend")."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..scenario.clock import age_on

MAANDEN = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)


def datum(day: dt.date) -> dict[str, Any]:
    """A fully known date."""
    return {"type": "Datum", "datum": day.isoformat(), "langFormaat": f"{day.day} {MAANDEN[day.month - 1]} {day.year}"}


def jaar_maand_datum(year: int, month: int) -> dict[str, Any]:
    """A date whose day is unknown (GBA 20180500)."""
    return {"type": "JaarMaandDatum", "jaar": year, "maand": month, "langFormaat": f"{MAANDEN[month - 1]} {year}"}


def jaar_datum(year: int) -> dict[str, Any]:
    """A date of which only the year is known (GBA 20180000)."""
    return {"type": "JaarDatum", "jaar": year, "langFormaat": str(year)}


def datum_onbekend() -> dict[str, Any]:
    """A wholly unknown date (GBA 00000000)."""
    return {"type": "DatumOnbekend", "onbekend": True, "langFormaat": "onbekend"}


def from_gba(value: str) -> dict[str, Any]:
    """The API form of a GBA date ``yyyymmdd`` in which unknown parts are zeros."""
    year, month, day = int(value[:4]), int(value[4:6]), int(value[6:8])
    if year == 0:
        return datum_onbekend()
    if month == 0:
        return jaar_datum(year)
    if day == 0:
        return jaar_maand_datum(year, month)
    return datum(dt.date(year, month, day))


def gba(day: dt.date) -> str:
    """The GBA form ``yyyymmdd`` the gezag module uses."""
    return day.strftime("%Y%m%d")


def ended_by(value: str | None, day: dt.date) -> bool:
    """Whether a GBA end date has passed on `day` (the end day itself counts as ended); a partly unknown one by
    its known part: a year only ends after that year, a year and month after that month; wholly unknown
    (00000000) or none: not ended (features europees-kiesrecht, uitsluiting-kiesrecht, verblijfstitel)."""
    if not value or value[:4] == "0000":
        return False
    year, month, date = int(value[:4]), int(value[4:6]), int(value[6:8])
    if month == 0:
        return year < day.year
    if date == 0:
        return (year, month) < (day.year, day.month)
    return dt.date(year, month, date) <= day


def age_from_gba(value: str | None, day: dt.date) -> int | None:
    """leeftijd on `day` of someone born on GBA date `value`: None when the year or month is unknown, or only the
    day is unknown and `day` falls in the birth month (the birthday may or may not have passed yet)."""
    if not value or value[:4] == "0000" or value[4:6] == "00":
        return None
    year, month, date = int(value[:4]), int(value[4:6]), int(value[6:8])
    if date == 0:
        if month == day.month:
            return None
        return day.year - year - (1 if month > day.month else 0)
    return age_on(dt.date(year, month, date), day)

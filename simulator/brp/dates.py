"""BRP's polymorphic dates (`AbstractDatum`) with the Dutch long format clients show to people.

The BRP holds dates that may be partly unknown; the API gives each one as an object whose `type` says which
parts are known, and always a `langFormaat` ("1 mei 2018", "mei 2018", "2018", "onbekend")."""

from __future__ import annotations

import datetime as dt
from typing import Any

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

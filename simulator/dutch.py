"""Dates and times as the pages show them, in Dutch: "15 juni 2026", "10:42:07 CEST".

Every page the simulator renders for people uses these (as the Jinja filters `datum` and `tijd`), so no page
shows an ISO date or a time without its zone."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from jinja2 import Environment

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")

try:
    # Trainers and testers sit in the Netherlands; the logs keep UTC.
    LOCAL_ZONE: dt.tzinfo = ZoneInfo("Europe/Amsterdam")
except ZoneInfoNotFoundError:  # an image without tzdata: still a time with its zone
    LOCAL_ZONE = dt.timezone.utc


def date_text(day: dt.date | None, lang: str = "nl") -> str:
    """"15 juni 2026" ("15 June 2026" for lang="en"); "…" for an open end."""
    if day is None:
        return "…"
    months = MONTHS_EN if lang == "en" else MONTHS
    return f"{day.day} {months[day.month - 1]} {day.year}"


def time_text(moment: dt.datetime, seconds: bool = True) -> str:
    """"10:42:07 CEST": the local time of the Netherlands with its zone (a naive time is read as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    local = moment.astimezone(LOCAL_ZONE)
    return local.strftime("%H:%M:%S %Z" if seconds else "%H:%M %Z")


def moment_text(moment: dt.datetime | str, lang: str = "nl") -> str:
    """"15 juni 2026, 10:42:07 CEST" (an ISO 8601 text, as the logs give it, is read first)."""
    if isinstance(moment, str):
        moment = dt.datetime.fromisoformat(moment.replace("Z", "+00:00"))
    local = (moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)).astimezone(LOCAL_ZONE)
    return f"{date_text(local.date(), lang)}, {time_text(local)}"


def register(env: Environment) -> None:
    """Make the filters `datum`, `tijd` and `moment` available to every template of the app."""
    env.filters.update(datum=date_text, tijd=time_text, moment=moment_text)

"""Who can log in with DigiD: the rule the login pages and a door's directives share."""

from __future__ import annotations

import datetime as dt

from ..scenario.model import Persoon


def can_log_in(person: Persoon | None, today: dt.date) -> str | None:
    """Why this person cannot log in with DigiD (Dutch, shown on the page), or None."""
    if person is None:
        return "Dit BSN komt niet voor in het scenario."
    if person.overlijdensdatum is not None and person.overlijdensdatum <= today:
        return "Deze persoon is overleden en kan niet inloggen."
    if person.digid_level is None:
        return "Deze persoon heeft geen DigiD en kan niet inloggen."
    return None

"""Names and sexes as the BRP API writes them, shared by BRP API Personen and the gezag module."""

from __future__ import annotations

from typing import Any

from ..scenario.model import Persoon

GESLACHT = {"M": "man", "V": "vrouw", "O": "onbekend"}
# BRP table 38 (adellijke titel/predicaat).
ADELLIJK = {
    "B": ("baron", "titel"), "BS": ("barones", "titel"), "G": ("graaf", "titel"), "GI": ("gravin", "titel"),
    "H": ("hertog", "titel"), "HI": ("hertogin", "titel"), "M": ("markies", "titel"), "MI": ("markiezin", "titel"),
    "P": ("prins", "titel"), "PS": ("prinses", "titel"), "R": ("ridder", "titel"), "RI": ("ridder", "titel"),
    "JH": ("jonkheer", "predicaat"), "JV": ("jonkvrouw", "predicaat"),
}


def compact(values: dict[str, Any]) -> dict[str, Any]:
    """Leave out null, false and empty-string values, as the API does. Empty groups and lists stay: the field
    selection answers a requested empty group with `{}` and an empty list with `[]`."""
    return {k: v for k, v in values.items() if v is not None and v is not False and v != ""}


def geslacht(p: Persoon) -> dict[str, str]:
    return {"code": p.geslacht, "omschrijving": GESLACHT[p.geslacht]}


def initialen(voornamen: str | None) -> str | None:
    """BRP's `voorletters` (naam/voorletters.feature): the first letter of each voornaam followed by a point; a
    voornaam of one letter is that letter without a point, with a space before the next initial ("J P", "S.Q")."""
    parts = [f"{v[0]}." if len(v) > 1 else f"{v} " for v in (voornamen or "").split()]
    return "".join(parts).strip() or None


def voorletters(p: Persoon) -> str | None:
    return initialen(p.naam.voornamen)


def _adellijk(p: Persoon) -> dict[str, str] | None:
    code = p.naam.adellijke_titel
    if code is None:
        return None
    omschrijving, soort = ADELLIJK[code]
    return {"code": code, "omschrijving": omschrijving, "soort": soort}


def naam_delen(p: Persoon) -> dict[str, Any]:
    """The name parts (the gezag module's `Naam`)."""
    return compact({
        "voornamen": p.naam.voornamen,
        "adellijkeTitelPredicaat": _adellijk(p),
        "voorvoegsel": p.naam.voorvoegsel,
        "geslachtsnaam": p.naam.geslachtsnaam,
    })


# The form of a title or predicate by sex (table 38 "in de vorm die hoort bij het geslacht"); sex O uses the
# code's own description.
_FORMS = {
    "B": ("baron", "barones"), "BS": ("baron", "barones"), "G": ("graaf", "gravin"), "GI": ("graaf", "gravin"),
    "H": ("hertog", "hertogin"), "HI": ("hertog", "hertogin"), "M": ("markies", "markiezin"), "MI": ("markies", "markiezin"),
    "P": ("prins", "prinses"), "PS": ("prins", "prinses"), "R": ("ridder", "ridder"), "RI": ("ridder", "ridder"),
    "JH": ("jonkheer", "jonkvrouw"), "JV": ("jonkheer", "jonkvrouw"),
}


def titel_vorm(code: str, sex: str) -> str:
    """A title or predicate in the form of the person's sex; for sex O the code's own description."""
    male, female = _FORMS[code]
    return {"M": male, "V": female}.get(sex, ADELLIJK[code][0])


def volledige_naam(p: Persoon) -> str:
    """BRP's `volledigeNaam`: [predicaat] voornamen [titel] voorvoegsel geslachtsnaam (volledigeNaam.feature)."""
    code = p.naam.adellijke_titel
    form = titel_vorm(code, p.geslacht) if code is not None else None
    predicaat = form if code in ("JH", "JV") else None
    titel = form if code is not None and predicaat is None else None
    # "." is GBA's standard value for an unknown surname; runs of spaces are written as one (volledigeNaam.feature).
    parts = [predicaat, p.naam.voornamen, titel, p.naam.voorvoegsel, p.naam.geslachtsnaam if p.naam.geslachtsnaam != "." else None]
    return " ".join(" ".join(part for part in parts if part).split())


def naam_gerelateerde(p: Persoon) -> dict[str, Any]:
    return compact({**naam_delen(p), "voorletters": voorletters(p)})

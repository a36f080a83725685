"""Persons written as GBA persoonslijsten: categories and elements as the BRP itself records them.

A `persoonslijsten` item is one persoonslijst (PL) by GBA category, each category's rows as mappings from the
element number (``"02.40"``: geslachtsnaam) to its value as GBA writes it (dates ``yyyymmdd``, codes of the
landelijke tabellen). The current row comes first, historical rows after it. Every element is checked
against the LO GBA element list of its category, so a misspelt element number is an error at its own line,
never silently nothing.

A PL is mapped into the one scenario model (`Persoon`): what the model holds is taken from the PL; what the
API derives (leeftijd, adressering, aanschrijfwijze, indicatieCurateleRegister, gezag) is left to the
derivations, never stored. The PL stays beside its person (`World.persoonslijsten`), and the BRP answers the
elements the model does not hold (partly unknown dates, relatives without a PL of their own, the A-nummer, …)
from it."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, model_validator

from .model import Adres, Buitenland, Naam, Partnerschap, Persoon, Strict

# LO GBA 3.x: the elements of each category (group.element) that the simulator accepts. Groups 81-88 (document,
# onderzoek, onjuist, geldigheid, opneming, RNI) go with every category that records them.
_HISTORY = ("81.10", "81.20", "82.10", "82.20", "82.30", "83.10", "83.20", "83.30", "84.10", "85.10", "86.10", "88.10", "88.20")
_NAAM = ("02.10", "02.20", "02.30", "02.40")
_GEBOORTE = ("03.10", "03.20", "03.30")
ELEMENTS: dict[str, tuple[str, ...]] = {
    "persoon": ("01.10", "01.20", *_NAAM, *_GEBOORTE, "04.10", "20.10", "20.20", "61.10", *_HISTORY),
    "ouder": ("01.10", "01.20", *_NAAM, *_GEBOORTE, "04.10", "62.10", *_HISTORY),
    "nationaliteit": ("05.10", "63.10", "64.10", "65.10", "73.10", *_HISTORY),
    "huwelijk": ("01.10", "01.20", *_NAAM, *_GEBOORTE, "04.10", "06.10", "06.20", "06.30", "07.10", "07.20", "07.30", "07.40", "15.10", *_HISTORY),
    "overlijden": ("08.10", "08.20", "08.30", *_HISTORY),
    "kiesrecht": ("31.10", "31.20", "31.30", "38.10", "38.20", "82.10", "82.20", "82.30"),
    "inschrijving": ("66.20", "67.10", "67.20", "68.10", "69.10", "70.10", "71.10", "71.20", "80.10", "80.20", "87.10", "83.10", "83.20", "83.30", "88.10", "88.20"),
    "verblijfplaats": (
        "09.10", "09.20", "10.10", "10.20", "10.30", "11.10", "11.15", "11.20", "11.30", "11.40", "11.50", "11.60",
        "11.70", "11.80", "11.90", "12.10", "13.10", "13.20", "13.30", "13.40", "13.50", "14.10", "14.20", "72.10",
        *_HISTORY,
    ),
    # 89.10 registratie betrekking: L for a child registered as stillborn (the GBA-V test set has them).
    "kind": ("01.10", "01.20", *_NAAM, *_GEBOORTE, "04.10", "89.10", *_HISTORY),
    "verblijfstitel": ("39.10", "39.20", "39.30", *_HISTORY),
    "gezagsverhouding": ("32.10", "33.10", *_HISTORY),
    "reisdocument": ("35.10", "35.20", "35.30", "35.40", "35.50", "35.60", "35.70", "36.10", "37.10", *_HISTORY),
}
CATEGORY_NUMBERS = {
    "persoon": "01", "ouder_1": "02", "ouder_2": "03", "nationaliteit": "04", "huwelijk": "05", "overlijden": "06",
    "inschrijving": "07", "verblijfplaats": "08", "kind": "09", "verblijfstitel": "10", "gezagsverhouding": "11",
    "reisdocument": "12", "kiesrecht": "13",
}
# Elements whose value is a GBA date (yyyymmdd, unknown parts 00).
DATE_ELEMENTS = frozenset({
    "03.10", "06.10", "07.10", "08.10", "09.20", "10.30", "13.20", "14.20", "20.20", "35.30", "35.50", "35.60",
    "39.20", "39.30", "62.10", "66.20", "67.10", "68.10", "71.10", "82.20", "83.20", "83.30", "85.10", "86.10",
})

# Landelijke tabel 34 (landen): the entries the official features use; other codes are kept as the code.
LANDEN = {
    "6030": "Nederland", "6014": "Verenigde Staten van Amerika", "5010": "België", "6029": "Duitsland", "6037": "Spanje",
    "6023": "Afghanistan", "0000": "Onbekend",
}
GESLACHT = frozenset({"M", "V", "O"})
_DATE = re.compile(r"^[0-9]{8}$")
_SOORT = {"H": "huwelijk", "P": "partnerschap"}
_REDEN_ONTBINDING = {"S": "echtscheiding", "O": "overlijden", "N": "nietigverklaring", "E": "ontbinding"}


def _rows(value: object) -> object:
    """A category is one row (a mapping) or its rows, the current one first."""
    return [value] if isinstance(value, dict) else value


def _row_type(category: str) -> Any:
    element = Literal[ELEMENTS[category]]  # type: ignore[valid-type]
    return dict[element, Annotated[str, Field(max_length=200)]]  # type: ignore[valid-type]


def _category(category: str) -> Any:
    return Annotated[list[_row_type(category)], BeforeValidator(_rows), Field(min_length=1)]  # type: ignore[misc]


def gba_date(value: str) -> tuple[int, int, int]:
    """Year, month and day of a GBA date; unknown parts are 0. Raises ValueError for a malformed one."""
    if not _DATE.match(value):
        raise ValueError(f"{value!r} is not a GBA date (yyyymmdd, unknown parts 00)")
    year, month, day = int(value[:4]), int(value[4:6]), int(value[6:8])
    if month > 12 or (month == 0 and day != 0) or (year == 0 and (month or day)):
        raise ValueError(f"{value!r} is not a GBA date (yyyymmdd, unknown parts 00)")
    if day:
        dt.date(year, month, day)  # raises ValueError for 20230230
    return year, month, day


def earliest_date(value: str) -> dt.date:
    """The first day a partly unknown GBA date can stand for (19800000: 1 January 1980; 00000000: 1 January 1 AD).

    The model's derivations (age, minority, whether someone has died) need a calendar date; the API answers the
    date itself from the PL, as the type (JaarDatum, JaarMaandDatum, DatumOnbekend) it is."""
    year, month, day = gba_date(value)
    return dt.date(year or 1, month or 1, day or 1)


Persoonscategorie = _category("persoon")
Ouder = _category("ouder")


class Persoonslijst(Strict):
    """One GBA persoonslijst; see scenarios/README.md, "Persons as GBA persoonslijsten"."""

    persoon: Persoonscategorie  # type: ignore[valid-type]
    ouder_1: Ouder | None = None  # type: ignore[valid-type]
    ouder_2: Ouder | None = None  # type: ignore[valid-type]
    nationaliteit: list[_category("nationaliteit")] = Field(default_factory=list)  # type: ignore[valid-type]
    huwelijk: list[_category("huwelijk")] = Field(default_factory=list)  # type: ignore[valid-type]
    overlijden: _category("overlijden") | None = None  # type: ignore[valid-type]
    inschrijving: _category("inschrijving") | None = None  # type: ignore[valid-type]
    verblijfplaats: _category("verblijfplaats") | None = None  # type: ignore[valid-type]
    kind: list[_category("kind")] = Field(default_factory=list)  # type: ignore[valid-type]
    verblijfstitel: _category("verblijfstitel") | None = None  # type: ignore[valid-type]
    gezagsverhouding: _category("gezagsverhouding") | None = None  # type: ignore[valid-type]
    reisdocument: list[_category("reisdocument")] = Field(default_factory=list)  # type: ignore[valid-type]
    kiesrecht: _category("kiesrecht") | None = None  # type: ignore[valid-type]
    # Scenario-only facts (not GBA): as for `persons`.
    digid: Literal["basis", "midden", "substantieel", "hoog", "geen"] = "midden"
    toelichting: str | None = None

    @model_validator(mode="after")
    def _dates(self) -> "Persoonslijst":
        for name, rows in self._categories():
            for i, row in enumerate(rows):
                for element, value in row.items():
                    if element in DATE_ELEMENTS:
                        try:
                            gba_date(value)
                        except ValueError as exc:
                            raise ValueError(f"{name}[{i}].{element}: {exc}") from None
        return self

    def _categories(self) -> list[tuple[str, list[dict[str, str]]]]:
        result: list[tuple[str, list[dict[str, str]]]] = []
        for name in CATEGORY_NUMBERS:
            value = getattr(self, name)
            if value is None:
                continue
            if name in ("nationaliteit", "huwelijk", "kind", "reisdocument"):
                result.extend((f"{name}[{j}]", stapel) for j, stapel in enumerate(value))
            else:
                result.append((name, value))
        return result

    @staticmethod
    def current(rows: list[dict[str, str]] | None) -> dict[str, str]:
        """The current row of a category (empty when the category is absent)."""
        return rows[0] if rows else {}

    @property
    def bsn(self) -> str | None:
        return self.persoon[0].get("01.20")


def _land(code: str | None) -> str | None:
    return None if not code else LANDEN.get(code, code)


def _naam(row: dict[str, str]) -> Naam:
    return Naam(
        voornamen=row.get("02.10") or None,
        adellijke_titel=row.get("02.20") or None,  # type: ignore[arg-type]
        voorvoegsel=row.get("02.30") or None,
        geslachtsnaam=row.get("02.40") or ".",  # GBA's standard value for an unknown surname
    )


def _partnerschap(stapel: list[dict[str, str]], context: dict[str, Any], where: str) -> Partnerschap | None:
    """The current row of a marriage/partnership stapel as the model's partnership (None: no partner BSN)."""
    row = stapel[0]
    # A dissolved marriage is a current row with 07.10; the start is then on the row before it (GBA writes
    # the ontbinding as a new row that repeats the partner, not the sluiting).
    start = row.get("06.10") or next((r.get("06.10") for r in stapel[1:] if r.get("06.10")), None)
    if not row.get("01.20") or not start:
        return None
    return Partnerschap.model_validate({
        "partner": row["01.20"],
        "soort": _SOORT.get(row.get("15.10", "H"), "huwelijk"),
        "sinds": earliest_date(start),
        "tot": earliest_date(row["07.10"]) if row.get("07.10") else None,
        "reden_ontbinding": _REDEN_ONTBINDING.get(row.get("07.40", "")),
    }, context=context)


def to_persoon(pl: Persoonslijst, context: dict[str, Any]) -> Persoon:
    """The model's person for a PL. Raises ValueError naming the element for what the model cannot hold."""
    p = pl.current(pl.persoon)
    if not p.get("01.20"):
        raise ValueError("persoon.01.20 (burgerservicenummer) is required")
    # A PL without 03.10 or 04.10 (test databases have them) is a person whose birth date or sex is unknown:
    # the model holds the earliest possible date (date.min: unknown) and sex O; the API shows neither.
    if p.get("04.10", "O") not in GESLACHT:
        raise ValueError(f"persoon.04.10: {p['04.10']!r} is not a geslachtsaanduiding (M, V or O)")
    inschrijving = pl.current(pl.inschrijving)
    verblijf = pl.current(pl.verblijfplaats)
    overlijden = pl.current(pl.overlijden)
    adres: Adres | None = None
    buitenland: Buitenland | None = None
    if any(verblijf.get(e) for e in ("11.10", "11.20", "11.60", "11.80", "11.90", "12.10")):
        adres = Adres.model_validate({
            "straat": verblijf.get("11.15") or verblijf.get("11.10") or verblijf.get("12.10") or ".",
            "huisnummer": verblijf.get("11.20") if verblijf.get("11.20") not in (None, "0") else None,  # 0: GBA's "unknown"
            "huisletter": verblijf.get("11.30") or None,
            "huisnummertoevoeging": verblijf.get("11.40") or None,
            "postcode": verblijf.get("11.60", "").replace(" ", "").upper() or None,
            "woonplaats": verblijf.get("11.70") or ".",
            "gemeente": verblijf.get("09.10") or "0000",  # no 09.10: a code no gemeente filter matches
            "adresseerbaar_object_id": verblijf.get("11.80") or None,
            "nummeraanduiding_id": verblijf.get("11.90") or None,
            "sinds": earliest_date(verblijf["10.30"]).isoformat() if verblijf.get("10.30") else None,
        }, context=context)
    elif verblijf.get("13.10"):
        regels = [verblijf.get(e) for e in ("13.30", "13.40", "13.50")]
        buitenland = Buitenland.model_validate({
            "land": _land(verblijf["13.10"]),
            "adres": ", ".join(r for r in regels if r) or None,
            "sinds": earliest_date(verblijf["13.20"]).isoformat() if verblijf.get("13.20") else None,
        }, context=context)
    ouders = [row["01.20"] for row in (pl.current(pl.ouder_1), pl.current(pl.ouder_2)) if row.get("01.20")]
    partners = [q for j, stapel in enumerate(pl.huwelijk) if (q := _partnerschap(stapel, context, f"huwelijk[{j}]")) is not None]
    return Persoon.model_validate({
        "bsn": p["01.20"],
        "naam": _naam(p),
        "geslacht": p.get("04.10", "O"),
        "geboortedatum": earliest_date(p.get("03.10", "00000000")),
        "geboorteplaats": p.get("03.20") or None,
        "geboorteland": _land(p.get("03.30")) or "Nederland",
        "overlijdensdatum": earliest_date(overlijden["08.10"]) if overlijden.get("08.10") else None,
        "adres": adres,
        "buitenland": buitenland,
        "ouders": ouders,
        "partners": partners,
        "digid": pl.digid,
        "geheimhouding": inschrijving.get("70.10") or 0,
        "toelichting": pl.toelichting,
    }, context=context)



def gba_path(model_path: list[str | int]) -> list[str | int]:
    """Where in a PL the fact at `model_path` of its person was written (`ouders[1]` is category 03 `ouder_2`)."""
    if model_path[:1] == ["ouders"] and len(model_path) > 1:
        return [f"ouder_{int(model_path[1]) + 1}"]
    if model_path[:1] == ["partners"] and len(model_path) > 1:
        return ["huwelijk", model_path[1]]
    return []

"""The name parts of BRP's `adressering`: `aanhef`, `aanschrijfwijze` and `gebruikInLopendeTekst`, derived from
the person's name, sex and aanduiding naamgebruik (61.10) and the name of the partner that naamgebruik uses.

The rules are those of the official acceptance features (features/bevragen/persoon/adressering/**, including
aanhef/, aanschrijfwijze/, gebruikinlopendetekst/ with adellijk, hoffelijkheidstitel, geslachtsnaam_leeg_onbekend
and meerdere-partners) and the BRP API's own behaviour they describe:

- the partner is the oldest current marriage or partnership (by date of sluiting, an unknown date first); without
  a current one, the most recently dissolved one (`actuele_partner`);
- naamgebruik E/P/V/N gives the own surname, the partner's, partner-own or own-partner; where the partner has no
  (known) surname the own surname is used;
- a person without a known surname has no plain name parts unless naamgebruik P gives the partner's;
- an adellijke titel or predicaat is used in its form for the person's sex (a woman is no ridder, sex O has no
  form); it is not used with naamgebruik P, nor for a woman with a predicaat who has a current partner or uses the
  name of an ex-partner;
- a woman using her husband's name whose title is baron, graaf, hertog, markies or prins gets the courtesy title
  (hoffelijkheidstitel) that goes with it, unless she has a predicaat of her own.

Everything here is derived on request from the stored facts; nothing is stored."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .names import ADELLIJK, initialen
from .names import titel_vorm as names_titel_vorm

PREDICATEN = frozenset({"JH", "JV"})
# Titles of a husband that give his wife a hoffelijkheidstitel (the female form of the same title).
HOFFELIJKHEIDSTITELS = frozenset({"B", "G", "H", "M", "P"})
# A gebruikInLopendeTekst for a courtesy title starts with the title itself, otherwise with "mevrouw".
_VROUWELIJKE_TITELS = ("barones", "gravin", "hertogin", "markiezin", "prinses")


@dataclass(frozen=True)
class NaamDelen:
    voornamen: str | None = None
    titel: str | None = None  # BRP table 38 code
    voorvoegsel: str | None = None
    geslachtsnaam: str | None = None  # None when unknown (GBA standard value ".")

    @property
    def achternaam(self) -> str:
        """Voorvoegsel and geslachtsnaam; empty when the surname is unknown."""
        if not (self.geslachtsnaam or "").strip() or self.geslachtsnaam == ".":
            return ""
        return tidy(f"{self.voorvoegsel or ''} {self.geslachtsnaam}") or ""


@dataclass(frozen=True)
class Partner:
    naam: NaamDelen
    ontbonden: bool


@dataclass(frozen=True)
class Aangeschrevene:
    """What the name parts are made of."""

    naam: NaamDelen
    geslacht: str | None  # M, V, O; None when not registered
    naamgebruik: str | None  # 61.10: E, P, V, N
    partner: Partner | None  # see `actuele_partner`

    @property
    def voorletters(self) -> str:
        return initialen(self.naam.voornamen) or ""

    @property
    def eigen(self) -> str:
        return self.naam.achternaam

    @property
    def partnernaam(self) -> str:
        return self.partner.naam.achternaam if self.partner else ""


def tidy(text: str) -> str | None:
    """Runs of spaces as one, none after a hyphen, none at the ends; None for nothing."""
    text = re.sub(r"-\s+", "-", re.sub(r"\s+", " ", text)).strip()
    return text or None


def _capital(text: str | None) -> str:
    """With a first capital: a name that follows "mevrouw"/"de heer" or starts the text ("mevrouw In het Veld")."""
    return (text or "")[:1].upper() + (text or "")[1:]


def titel_vorm(code: str | None, sex: str | None) -> str | None:
    """The title or predicate in the form for `sex`; here none for sex O or unknown, nor for a woman with a ridder
    title (ridder has no female form; volledigeNaam, `names.titel_vorm`, does write those)."""
    if code not in ADELLIJK or sex not in ("M", "V") or (code in ("R", "RI") and sex == "V"):
        return None
    return names_titel_vorm(code, sex)  # type: ignore[arg-type]


def _aanhef_titel(code: str, sex: str | None) -> str | None:
    """The aanhef of a title or predicate (aanhef/adellijke_titel_predicaat.feature): "Hoogheid" for prins(es)
    whatever the sex; otherwise none for sex O."""
    if code in ("P", "PS"):
        return "Hoogheid"
    if sex not in ("M", "V") or code not in ADELLIJK:
        return None
    return f"{'Hooggeboren' if code in ('G', 'GI') else 'Hoogwelgeboren'} {'heer' if sex == 'M' else 'vrouwe'}"


def _aanspreekvorm(code: str, sex: str | None) -> str | None:
    """The aanspreekvorm above the aanschrijfwijze: as the aanhef with "De", but none for a woman ridder."""
    if code in ("R", "RI") and sex == "V":
        return None
    aanhef = _aanhef_titel(code, sex)
    return f"De {aanhef[:1].lower()}{aanhef[1:]}" if aanhef else None


def _gebruikt_partnernaam(a: Aangeschrevene) -> bool:
    # As the BRP API reads it: anything but E (also a missing 61.10) counts as using the partner's name.
    return a.naamgebruik != "E"


def _hoffelijk(a: Aangeschrevene) -> bool:
    return (
        a.geslacht == "V" and _gebruikt_partnernaam(a) and a.naam.titel not in PREDICATEN
        and a.partner is not None and a.partner.naam.titel in HOFFELIJKHEIDSTITELS
    )


def _met_titel(a: Aangeschrevene) -> bool:
    """Whether the person's own title or predicate is used."""
    titel = a.naam.titel
    if titel is None:
        return False
    if a.partner is not None and a.naamgebruik == "P":
        return False
    if titel in PREDICATEN and a.geslacht == "V" and a.partner is not None:
        return a.partner.ontbonden and not _gebruikt_partnernaam(a)
    return True


def _combinatie(a: Aangeschrevene, eigen: str, partner: str) -> str:
    """The surnames by naamgebruik; the own one alone where the partner has no known surname."""
    if not a.partnernaam:
        return eigen
    return {"P": partner, "V": f"{partner}-{eigen}", "N": f"{eigen}-{partner}"}.get(a.naamgebruik or "", eigen)


def _zonder_titel(a: Aangeschrevene, heer: str, mevrouw: str, onbekend: str) -> str | None:
    """The aanhef or gebruikInLopendeTekst without a title: `heer`/`mevrouw` and the surname(s) with a capital;
    for sex O `onbekend`, the voorletters and the surname(s); nothing for a person without a known surname
    (unless P gives the partner's) or without a registered sex."""
    if not a.eigen and a.naamgebruik != "P":
        return None
    naam = _combinatie(a, a.eigen, a.partnernaam)
    if a.geslacht == "M":
        return tidy(f"{heer} {_capital(naam)}")
    if a.geslacht == "V":
        return tidy(f"{mevrouw} {_capital(naam)}")
    if a.geslacht == "O":
        return tidy(f"{onbekend} {a.voorletters} {naam}" if a.voorletters else f"{onbekend} {_capital(naam)}")
    return None


def aanhef(a: Aangeschrevene) -> str | None:
    if _hoffelijk(a):
        return _aanhef_titel(a.partner.naam.titel, "V")  # type: ignore[union-attr,arg-type]
    if _met_titel(a):
        titled = _aanhef_titel(a.naam.titel, a.geslacht)  # type: ignore[arg-type]
        if titled:
            return titled
    return _zonder_titel(a, "Geachte heer", "Geachte mevrouw", "Geachte")


def gebruik_in_lopende_tekst(a: Aangeschrevene) -> str | None:
    if _hoffelijk(a):
        eigen = tidy(f"{titel_vorm(a.naam.titel, 'V') or ''} {a.eigen}") or ""
        partner = tidy(f"{titel_vorm(a.partner.naam.titel, 'V')} {a.partnernaam}") or ""  # type: ignore[union-attr]
        naam = _combinatie(a, eigen, partner)
        return tidy(naam if naam.startswith(_VROUWELIJKE_TITELS) else f"mevrouw {_capital(naam)}")
    vorm = titel_vorm(a.naam.titel, a.geslacht) if _met_titel(a) else None
    if vorm is None:
        return _zonder_titel(a, "de heer", "mevrouw", "")
    naam = _combinatie(a, f"{vorm} {a.eigen}", a.partnernaam)
    if naam.startswith(vorm):
        return tidy(naam)
    return tidy(f"{'de heer' if a.geslacht == 'M' else 'mevrouw'} {_capital(naam)}")


def aanschrijfwijze(a: Aangeschrevene) -> dict[str, str] | None:
    vl = a.voorletters
    if _hoffelijk(a):
        ptitel = a.partner.naam.titel  # type: ignore[union-attr]
        eigen = f"{titel_vorm(a.naam.titel, 'V') or ''} {a.eigen}"
        naam = _combinatie(a, eigen, f"{titel_vorm(ptitel, 'V')} {a.partnernaam}")
        return _aanschrijfwijze(tidy(f"{vl} {naam}"), _aanspreekvorm(ptitel, "V") if a.partnernaam else None)  # type: ignore[arg-type]
    if _met_titel(a):
        titel = a.naam.titel
        vorm = titel_vorm(titel, a.geslacht) or ""
        if titel in PREDICATEN:
            # The predicaat goes before the voorletters, or before the own name when that comes second.
            eigen = f"{vorm} {vl} {a.eigen}"
            naam = {"V": f"{vl} {a.partnernaam}-{vorm} {a.eigen}", "N": f"{eigen}-{a.partnernaam}"}.get(a.naamgebruik or "", eigen)
            return _aanschrijfwijze(_capital(tidy(naam if a.partnernaam else eigen)), _aanspreekvorm(titel, a.geslacht))  # type: ignore[arg-type]
        # A title goes after the voorletters, before the own name; not capitalised ("M. baron ...").
        naam = _combinatie(a, f"{vorm} {a.eigen}", a.partnernaam)
        return _aanschrijfwijze(tidy(f"{vl} {naam}"), _aanspreekvorm(titel, a.geslacht))  # type: ignore[arg-type]
    if not a.eigen and a.naamgebruik != "P":
        return None
    return _aanschrijfwijze(_capital(tidy(f"{vl} {_combinatie(a, a.eigen, a.partnernaam)}")), None)


def _aanschrijfwijze(naam: str | None, aanspreekvorm: str | None) -> dict[str, str] | None:
    """The aanschrijfwijze object with what it has; None when it has nothing."""
    result = {k: v for k, v in (("naam", naam), ("aanspreekvorm", aanspreekvorm)) if v}
    return result or None


def naam_delen(a: Aangeschrevene) -> dict[str, Any]:
    """aanhef, aanschrijfwijze and gebruikInLopendeTekst, those that have a value."""
    result = {"aanhef": aanhef(a), "aanschrijfwijze": aanschrijfwijze(a), "gebruikInLopendeTekst": gebruik_in_lopende_tekst(a)}
    return {k: v for k, v in result.items() if v}

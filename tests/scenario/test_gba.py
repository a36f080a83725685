"""Persons written as GBA persoonslijsten: validated with located errors, mapped into the one model, in the
same world as `persons`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .helpers import A, B, load, only, person, position, problems, write

HEADER = "scenario:\n  allow_invalid_bsn: true\n"


def pl(bsn: str, *rows: str) -> str:
    extra = "".join(f"    {r}\n" for r in rows)
    return f'  - persoon: {{"01.20": "{bsn}", "02.40": Jansen, "03.10": "19800101", "04.10": V}}\n{extra}'


def test_a_persoonslijst_becomes_a_person_of_the_model(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "persoonslijsten:\n" + pl(
        "000000012",
        'verblijfplaats: {"09.10": "0518", "11.10": Spui, "11.20": "70", "11.60": 2511BT, "11.70": Den Haag, "10.30": "20100100"}',
        'inschrijving: {"70.10": "3"}',
    ))
    world = load(path)
    p = world.persons["000000012"]
    assert (p.naam.geslachtsnaam, p.geslacht, p.geboortedatum, p.geheimhouding) == ("Jansen", "V", dt.date(1980, 1, 1), 3)
    assert p.adres is not None and (p.adres.straat, p.adres.huisnummer, p.adres.gemeente) == ("Spui", 70, "0518")
    assert p.adres.sinds == dt.date(2010, 1, 1)  # 20100100: the earliest day it stands for, for the derivations
    assert world.persoonslijsten["000000012"].persoon[0]["02.40"] == "Jansen"


def test_persoonslijsten_and_persons_are_one_world(tmp_path: Path) -> None:
    # A PL's ouder with a BSN of a `persons` entry is that person: the family links of the model work across both.
    path = write(tmp_path, "persons:\n" + person(A, "1980-01-01") + "persoonslijsten:\n" + pl(B, f'ouder_1: {{"01.20": "{A}", "02.40": Moeder}}').replace('"19800101"', '"20100101"'))
    world = load(path)
    assert world.persons[B].ouders == [A]
    assert world.children_of(A) == [B]


def test_a_relative_without_a_person_stays_on_the_pl(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "persoonslijsten:\n" + pl("000000012", 'ouder_1: {"01.20": "000000024", "02.40": Elders}'))
    world = load(path)
    assert world.persons["000000012"].ouders == []
    assert world.persoonslijsten["000000012"].ouder_1[0]["01.20"] == "000000024"  # type: ignore[index]


def test_an_unknown_element_is_reported_at_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + 'persoonslijsten:\n  - persoon:\n      "01.20": "000000012"\n      "02.99": x\n')
    problem = only(problems(path), "persoonslijsten[0].persoon.02.99")
    assert (problem.line, problem.column) == position(path, '"02.99": x')
    assert "'02.40'" in problem.message  # says which elements the category has


def test_a_malformed_gba_date_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "persoonslijsten:\n" + pl("000000012").replace('"19800101"', '"19801301"'))
    found = problems(path)
    assert any(p.path == "persoonslijsten[0]" and "persoon[0].03.10" in p.message and "not a GBA date" in p.message for p in found), [str(p) for p in found]


def test_a_category_has_only_its_own_elements(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "persoonslijsten:\n" + pl("000000012", 'overlijden: {"11.20": "70"}'))
    assert only(problems(path), "persoonslijsten[0].overlijden.11.20").line is not None


def test_contradictions_are_reported_at_the_pl(tmp_path: Path) -> None:
    # The parent recorded on the PL is younger than the child: reported where it was written, at ouder_1.
    text = HEADER + "persoonslijsten:\n" + pl("000000012", 'ouder_1: {"01.20": "000000024"}') + pl("000000024").replace('"19800101"', '"19900101"')
    path = write(tmp_path, text)
    problem = only(problems(path), "persoonslijsten[0].ouder_1")
    assert "not older than the child" in problem.message and problem.line == position(path, "ouder_1")[0]


def test_an_unknown_birth_date_is_no_contradiction(tmp_path: Path) -> None:
    text = HEADER + 'persoonslijsten:\n  - persoon: {"01.20": "000000012"}\n    ouder_1: {"01.20": "000000024"}\n  - persoon: {"01.20": "000000024"}\n'
    world = load(write(tmp_path, text))
    assert world.persons["000000012"].geboortedatum == dt.date.min and world.persons["000000012"].ouders == ["000000024"]

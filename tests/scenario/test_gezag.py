"""Gezag over persons of `persons` (the scenario model), derived by the official BRP API Gezag rules of
gezagsbepaling.py from the model's facts, on small worlds (today is 2026-06-15); `regel` is the answer model's route."""

from __future__ import annotations

from pathlib import Path

from simulator.scenario import World

from .helpers import A, B, C, D, E, TODAY, load, person, write

MOTHER, FATHER, CHILD, OTHER, CURATOR = A, B, C, D, E
CHILD_BORN = "2016-03-01"


def world(tmp_path: Path, *, mother: dict[str, str] | None = None, father: dict[str, str] | None = None,
          child: dict[str, str] | None = None, extra: str = "") -> World:
    child_fields = {"ouders": f'["{MOTHER}", "{FATHER}"]', **(child or {})}
    text = (
        "persons:\n"
        + person(MOTHER, "1985-01-01", **(mother or {}))
        + person(FATHER, "1983-01-01", **(father or {})).replace("geslacht: V", "geslacht: M")  # the mother gave birth
        + person(CHILD, CHILD_BORN, **child_fields)
        + person(OTHER, "1970-01-01")
        + person(CURATOR, "1960-01-01")
        + extra
    )
    return load(write(tmp_path, text))


def married(since: str, until: str | None = None, reden: str = "echtscheiding") -> dict[str, str]:
    end = f', tot: "{until}", reden_ontbinding: {reden}' if until else ""
    return {"partners": f'[{{partner: "{FATHER}", sinds: "{since}"{end}}}]'}


def curatele(subject: str) -> str:
    return (
        "wettelijke_vertegenwoordiging:\n"
        f'  - {{zaaknummer: Z-1, soort: curatele, vertegenwoordigde: "{subject}", ingangsdatum: "2020-01-01", vertegenwoordigers: [{{persoon: "{CURATOR}"}}]}}\n'
    )


def gezag(w: World) -> tuple[str, tuple[str, ...], str]:
    g = w.gezag_over(CHILD, TODAY)
    assert g is not None
    return g.type, g.holders(), g.regel


def test_rule_1_an_explicit_entry_wins(tmp_path: Path) -> None:
    w = world(tmp_path, mother=married("2010-01-01"), extra=f'gezag:\n  - {{minderjarige: "{CHILD}", type: Voogdij, derden: ["{OTHER}"]}}\n')
    assert gezag(w) == ("Voogdij", (OTHER,), "scenario")
    assert [r.subject for r in w.index.represented_by(OTHER, TODAY)] == [CHILD]
    assert w.index.represented_by(MOTHER, TODAY) == []


def test_rule_2_a_minor_abroad(tmp_path: Path) -> None:
    w = world(tmp_path, mother=married("2010-01-01"), child={"buitenland": "{land: Spanje}"})
    g = w.gezag_over(CHILD, TODAY)
    assert g is not None and (g.type, g.regel) == ("GezagNietTeBepalen", "1") and "niet in Nederland woont" in (g.toelichting or "")
    assert w.index.representatives_of(CHILD, TODAY) == []


def test_rule_3_no_legal_parent_known(tmp_path: Path) -> None:
    w = world(tmp_path, child={"ouders": "[]"})
    g = w.gezag_over(CHILD, TODAY)
    assert g is not None and (g.type, g.regel, g.toelichting) == ("TijdelijkGeenGezag", "37", "Tijdelijk geen gezag omdat beide ouders onbekend zijn.")


def test_rule_5_married_at_birth_gives_joint_gezag(tmp_path: Path) -> None:
    assert gezag(world(tmp_path, mother=married("2010-01-01"))) == ("GezamenlijkOuderlijkGezag", (MOTHER, FATHER), "49")


def test_rule_5_marriage_after_the_birth_also_gives_joint_gezag(tmp_path: Path) -> None:
    assert gezag(world(tmp_path, mother=married("2019-05-01")))[0] == "GezamenlijkOuderlijkGezag"


def test_rule_5_divorce_does_not_end_joint_gezag(tmp_path: Path) -> None:
    assert gezag(world(tmp_path, mother=married("2010-01-01", "2020-01-01")))[0] == "GezamenlijkOuderlijkGezag"


def test_rule_5_a_marriage_ended_before_the_birth_does_not_count(tmp_path: Path) -> None:
    # Never married since the birth, born before 2023 without erkenning by the father: the birth mother (2a.3).
    assert gezag(world(tmp_path, mother=married("2005-01-01", "2010-01-01"))) == ("EenhoofdigOuderlijkGezag", (MOTHER,), "54v1")


def test_rule_5_and_4_a_deceased_parent_leaves_the_other_alone(tmp_path: Path) -> None:
    w = world(tmp_path, mother=married("2010-01-01", "2022-01-01", "overlijden"), father={"overlijdensdatum": '"2022-01-01"'})
    assert gezag(w) == ("EenhoofdigOuderlijkGezag", (MOTHER,), "45")


def test_rule_5_and_4_a_parent_under_curatele_cannot_hold_gezag(tmp_path: Path) -> None:
    w = world(tmp_path, mother=married("2010-01-01"), extra=curatele(FATHER))
    assert gezag(w) == ("EenhoofdigOuderlijkGezag", (MOTHER,), "49")


def test_rule_5_neither_parent_able_gives_tijdelijk_geen_gezag(tmp_path: Path) -> None:
    w = world(tmp_path, mother={**married("2010-01-01", "2022-01-01", "overlijden"), "overlijdensdatum": '"2022-01-01"'},
              father={"overlijdensdatum": '"2022-01-01"'})
    assert gezag(w) == ("TijdelijkGeenGezag", (), "45oo")


def test_rule_6_unmarried_parents_the_mother_alone(tmp_path: Path) -> None:
    w = world(tmp_path)
    assert gezag(w) == ("EenhoofdigOuderlijkGezag", (MOTHER,), "54v1")
    assert w.index.represented_by(FATHER, TODAY) == []


def test_rule_6_mother_unable_gives_tijdelijk_geen_gezag(tmp_path: Path) -> None:
    assert gezag(world(tmp_path, extra=curatele(MOTHER))) == ("TijdelijkGeenGezag", (), "54v1c")


def test_rule_7_one_legal_parent(tmp_path: Path) -> None:
    assert gezag(world(tmp_path, child={"ouders": f'["{FATHER}"]'})) == ("EenhoofdigOuderlijkGezag", (FATHER,), "40o1")


def test_rule_7_and_4_a_minor_parent_cannot_hold_gezag(tmp_path: Path) -> None:
    text = "persons:\n" + person(MOTHER, "2010-01-01") + person(CHILD, "2026-01-01", ouders=f'["{MOTHER}"]')
    w = load(write(tmp_path, text))
    g = w.gezag_over(CHILD, TODAY)
    assert g is not None and (g.type, g.regel) == ("TijdelijkGeenGezag", "39m")


def test_no_gezag_over_adults_deceased_or_unborn(tmp_path: Path) -> None:
    w = world(tmp_path, mother=married("2010-01-01"))
    assert w.gezag_over(MOTHER, TODAY) is None
    assert w.gezag_over(CHILD, TODAY.replace(year=2015)) is None  # before the birth
    assert w.gezag_over(CHILD, TODAY.replace(year=2034, month=3, day=1)) is None  # the 18th birthday
    dead = world(tmp_path, mother=married("2010-01-01"), child={"overlijdensdatum": '"2024-01-01"'})
    assert dead.gezag_over(CHILD, TODAY) is None


def test_gezag_relation_ends_the_day_before_the_18th_birthday(tmp_path: Path) -> None:
    w = world(tmp_path, mother=married("2010-01-01"))
    (rep,) = [r for r in w.index.represented_by(MOTHER, TODAY)]
    assert (rep.ingangsdatum.isoformat(), rep.einddatum.isoformat()) == (CHILD_BORN, "2034-02-28")  # type: ignore[union-attr]

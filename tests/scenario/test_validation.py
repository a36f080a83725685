"""Every validation rule reports file, line, column and field path, and says what was expected."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.scenario import ScenarioError, Source, load_world

from .helpers import A, B, C, D, E, SERVICES, TODAY, load, only, person, position, problems, write

ADULTS = person(A, "1980-01-01") + person(B, "1982-01-01")


def assert_at(problem, path: Path, snippet: str, message: str, occurrence: int = 1) -> None:  # type: ignore[no-untyped-def]
    assert problem.file == str(path)
    assert (problem.line, problem.column) == position(path, snippet, occurrence), str(problem)
    assert message in problem.message, str(problem)
    assert str(problem).startswith(f"{path}:{problem.line}:{problem.column}: {problem.path}: ")


def test_a_valid_world_loads(tmp_path: Path) -> None:
    world = load(write(tmp_path, "persons:\n" + ADULTS + SERVICES))
    assert set(world.persons) == {A, B}
    assert world.service("bijstand") is world.service("00000000-0000-4000-8000-000000000001")


def test_elfproef_failure_names_field_and_flag(tmp_path: Path) -> None:
    path = write(tmp_path, "persons:\n" + person(A, "1980-01-01") + person("123456780", "1981-01-01"))
    problem = only(problems(path), "persons[1].bsn")
    assert_at(problem, path, '"123456780"', "'123456780' fails the elfproef")
    assert "allow_invalid_bsn" in problem.message


def test_allow_invalid_bsn_admits_elfproef_failures_but_not_malformed_numbers(tmp_path: Path) -> None:
    flagged = "scenario: {allow_invalid_bsn: true}\npersons:\n" + person("000000012", "1981-01-01")
    assert "000000012" in load(write(tmp_path, flagged)).persons
    path = write(tmp_path, "scenario: {allow_invalid_bsn: true}\npersons:\n" + person("12345", "1981-01-01"), "bad.yaml")
    assert_at(only(problems(path), "persons[0].bsn"), path, '"12345"', "is not 9 digits")


def test_unknown_field(tmp_path: Path) -> None:
    path = write(tmp_path, "persons:\n" + person(A, "1980-01-01", geboortedatun='"1980"'))
    assert_at(only(problems(path), "persons[0].geboortedatun"), path, 'geboortedatun: "1980"', "unknown field")


def test_missing_field_and_wrong_value_in_block_style(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        f"""
        persons:
          - bsn: "{A}"
            naam:
              voornamen: Jan
            geslacht: X
            geboortedatum: 1980-01-01
        """,
    )
    found = problems(path)
    assert_at(only(found, "persons[0].naam.geslachtsnaam"), path, "voornamen", "required field is missing")
    assert_at(only(found, "persons[0].geslacht"), path, "X", "Input should be")


def test_invalid_yaml_syntax(tmp_path: Path) -> None:
    path = write(tmp_path, f'persons:\n  - {{bsn: "{A}", naam: [unclosed\n')
    (problem,) = problems(path)
    assert problem.file == str(path) and problem.line is not None and problem.column is not None
    assert problem.message.startswith("invalid YAML")


def test_duplicate_mapping_key(tmp_path: Path) -> None:
    path = write(tmp_path, f'persons:\n  - bsn: "{A}"\n    geslacht: V\n    geslacht: M\n')
    (problem,) = problems(path)
    assert problem.path == "persons[0].geslacht"
    assert (problem.line, problem.column) == position(path, "geslacht", 2)
    assert "duplicate key 'geslacht'" in problem.message


def test_duplicate_bsn_points_at_the_second_and_names_the_first(tmp_path: Path) -> None:
    path = write(tmp_path, "persons:\n" + person(A, "1980-01-01") + person(A, "1981-01-01"))
    problem = only(problems(path), "persons[1].bsn")
    assert_at(problem, path, f'"{A}"', f"already used by persons[0] in {path}", occurrence=2)


@pytest.mark.parametrize(
    ("collection", "item", "field_path", "snippet", "message"),
    [
        ("persons", person(C, "2010-01-01", ouders=f'["{D}"]'), "persons[2].ouders[0]", f'"{D}"', f"no person with bsn '{D}'"),
        ("persons", person(C, "1990-01-01", partners=f'[{{partner: "{D}", sinds: "2015-01-01"}}]'), "persons[2].partners[0].partner", f'"{D}"', "no person"),
        ("organisations", f'  - {{kvk: "12345678", naam: Kantoor, medewerkers: ["{D}"]}}\n', "organisations[0].medewerkers[0]", f'"{D}"', "no person"),
        ("gezag", f'  - {{minderjarige: "{D}", type: EenhoofdigOuderlijkGezag, ouder: "{A}"}}\n', "gezag[0].minderjarige", f'"{D}"', "no person"),
        ("wettelijke_vertegenwoordiging", f'  - {{zaaknummer: Z-1, soort: curatele, vertegenwoordigde: "{D}", ingangsdatum: "2020-01-01", vertegenwoordigers: [{{persoon: "{A}"}}]}}\n', "wettelijke_vertegenwoordiging[0].vertegenwoordigde", f'"{D}"', "no person"),
        ("wettelijke_vertegenwoordiging", f'  - {{zaaknummer: Z-1, soort: curatele, vertegenwoordigde: "{A}", ingangsdatum: "2020-01-01", vertegenwoordigers: [{{persoon: "{D}"}}]}}\n', "wettelijke_vertegenwoordiging[0].vertegenwoordigers[0].persoon", f'"{D}"', "no person"),
        ("wettelijke_vertegenwoordiging", f'  - {{zaaknummer: Z-1, soort: beschermingsbewind, vertegenwoordigde: "{A}", ingangsdatum: "2020-01-01", vertegenwoordigers: [{{organisatie: "87654321"}}]}}\n', "wettelijke_vertegenwoordiging[0].vertegenwoordigers[0].organisatie", '"87654321"', "no organisation with kvk '87654321'"),
        ("machtigingen", f'  - {{machtiginggever: "{D}", gemachtigde: {{bsn: "{A}"}}, diensten: [bijstand]}}\n', "machtigingen[0].machtiginggever", f'"{D}"', "no person"),
        ("machtigingen", f'  - {{machtiginggever: "{A}", gemachtigde: {{bsn: "{D}"}}, diensten: [bijstand]}}\n', "machtigingen[0].gemachtigde.bsn", f'"{D}"', "no person"),
        ("machtigingen", f'  - {{machtiginggever: "{A}", gemachtigde: {{kvk: "87654321"}}, diensten: [bijstand]}}\n', "machtigingen[0].gemachtigde.kvk", '"87654321"', "no organisation"),
        ("machtigingen", f'  - {{machtiginggever: "{A}", gemachtigde: {{bsn: "{B}"}}, diensten: [bijstand, no-such-service]}}\n', "machtigingen[0].diensten[1]", "no-such-service", "unknown service 'no-such-service'"),
        ("api_clients", '  - {client_id: c1, naam: Client, organisatie: "87654321"}\n', "api_clients[0].organisatie", '"87654321"', "no organisation"),
        ("organisations", f'  - {{kvk: "12345678", naam: Eenmanszaak, eenmanszaak_van: "{D}"}}\n', "organisations[0].eenmanszaak_van", f'"{D}"', "no person"),
        ("gezag", f'  - {{minderjarige: "{A}", type: Voogdij, derden: ["{D}"]}}\n', "gezag[0].derden[0]", f'"{D}"', "no person"),
        ("gezag", f'  - {{minderjarige: "{A}", type: GezamenlijkGezag, ouder: "{B}", derde: "{D}"}}\n', "gezag[0].derde", f'"{D}"', "no person"),
    ],
)
def test_dangling_references(tmp_path: Path, collection: str, item: str, field_path: str, snippet: str, message: str) -> None:
    if collection == "persons":
        text = "persons:\n" + ADULTS + item + SERVICES
    else:
        text = "persons:\n" + ADULTS + SERVICES + f"{collection}:\n" + item
    path = write(tmp_path, text)
    assert_at(only(problems(path), field_path), path, snippet, message, occurrence=text.count(snippet))


def test_organisation_medewerker_in_measure_must_work_there(tmp_path: Path) -> None:
    text = (
        "persons:\n" + ADULTS + person(C, "1970-01-01")
        + f'organisations:\n  - {{kvk: "12345678", naam: Kantoor, medewerkers: ["{B}"]}}\n'
        + f'wettelijke_vertegenwoordiging:\n  - {{zaaknummer: Z-1, soort: beschermingsbewind, vertegenwoordigde: "{A}", ingangsdatum: "2020-01-01", vertegenwoordigers: [{{organisatie: "12345678", medewerkers: ["{C}"]}}]}}\n'
    )
    path = write(tmp_path, text)
    problem = only(problems(path), "wettelijke_vertegenwoordiging[0].vertegenwoordigers[0].medewerkers[0]")
    assert_at(problem, path, f'"{C}"', f"{C} is not a medewerker of organisation 12345678", occurrence=2)


MINOR = person(C, "2016-03-01", ouders=f'["{A}", "{B}"]')


@pytest.mark.parametrize(
    ("text", "field_path", "snippet", "message"),
    [
        (
            "persons:\n" + ADULTS + MINOR + f"gezag:\n  - {{minderjarige: \"{C}\", type: EenhoofdigOuderlijkGezag, ouder: \"{A}\"}}\n  - {{minderjarige: \"{C}\", type: EenhoofdigOuderlijkGezag, ouder: \"{B}\"}}\n",
            "gezag[1].minderjarige", f'minderjarige: "{C}"', "already has a gezag entry; a minor has exactly one",
        ),
        (
            "persons:\n" + ADULTS + f"gezag:\n  - {{minderjarige: \"{A}\", type: Voogdij, derden: [\"{B}\"]}}\n",
            "gezag[0].minderjarige", f'minderjarige: "{A}"', "gezag over an adult",
        ),
        (
            "persons:\n" + ADULTS + MINOR + person(D, "1970-01-01") + f"gezag:\n  - {{minderjarige: \"{C}\", type: EenhoofdigOuderlijkGezag, ouder: \"{D}\"}}\n",
            "gezag.0.ouder", "", "",
        ),
        (
            "persons:\n" + ADULTS + MINOR + f"gezag:\n  - {{minderjarige: \"{C}\", type: Voogdij, derden: [\"{C}\"]}}\n",
            "gezag[0].derden[0]", f'"{C}"]}}', "a minor cannot hold gezag over themselves",
        ),
        (
            "persons:\n" + ADULTS + MINOR + f"gezag:\n  - {{minderjarige: \"{C}\", type: EenhoofdigOuderlijkGezag, ouders: [\"{A}\"]}}\n",
            "gezag[0]", "{minderjarige", "type EenhoofdigOuderlijkGezag needs ouder",
        ),
        (
            "persons:\n" + person(A, "1980-01-01", ouders=f'["{A}"]'),
            "persons[0].ouders[0]", f'"{A}"]', "a person cannot be their own parent",
        ),
        (
            "persons:\n" + person(A, "1980-01-01") + person(B, "1970-01-01", ouders=f'["{A}"]'),
            "persons[1].ouders[0]", f'"{A}"]', f"parent {A} is not older than the child",
        ),
        (
            "persons:\n" + person(A, "1980-01-01", overlijdensdatum='"1970-01-01"'),
            "persons[0]", "{bsn", "overlijdensdatum (1970-01-01) precedes geboortedatum",
        ),
        (
            "persons:\n" + person(A, "1980-01-01", partners=f'[{{partner: "{B}", sinds: "2010-01-01", tot: "2005-01-01"}}]') + person(B, "1980-01-01"),
            "persons[0].partners[0]", "{partner", "tot (2005-01-01) precedes sinds (2010-01-01)",
        ),
        (
            "persons:\n" + ADULTS + SERVICES + f"machtigingen:\n  - {{machtiginggever: \"{A}\", gemachtigde: {{bsn: \"{A}\"}}, diensten: [bijstand]}}\n",
            "machtigingen[0]", "{machtiginggever", "a machtiging to oneself",
        ),
        (
            "persons:\n" + ADULTS + SERVICES + f"machtigingen:\n  - {{machtiginggever: \"{A}\", gemachtigde: {{bsn: \"{B}\"}}, diensten: [paspoort-kind]}}\n",
            "machtigingen[0].diensten[0]", "paspoort-kind]", "does not accept vrijwillige machtigingen",
        ),
        (
            "persons:\n" + ADULTS + f"wettelijke_vertegenwoordiging:\n  - {{zaaknummer: Z-1, soort: curatele, vertegenwoordigde: \"{A}\", ingangsdatum: \"2020-01-01\", einddatum: \"2019-01-01\", vertegenwoordigers: [{{persoon: \"{B}\"}}]}}\n",
            "wettelijke_vertegenwoordiging[0]", "{zaaknummer", "einddatum (2019-01-01) precedes ingangsdatum (2020-01-01)",
        ),
        (
            "persons:\n" + ADULTS + f"wettelijke_vertegenwoordiging:\n  - {{zaaknummer: Z-1, soort: mentorschap, vertegenwoordigde: \"{A}\", ingangsdatum: \"2020-01-01\", vertegenwoordigers: [{{persoon: \"{B}\", ingangsdatum: \"2021-01-01\", einddatum: \"2020-06-01\"}}]}}\n",
            "wettelijke_vertegenwoordiging[0].vertegenwoordigers[0]", "{persoon", "einddatum (2020-06-01) precedes ingangsdatum (2021-01-01)",
        ),
        (
            "persons:\n" + ADULTS + f"wettelijke_vertegenwoordiging:\n  - {{zaaknummer: Z-1, soort: curatele, vertegenwoordigde: \"{A}\", ingangsdatum: \"2020-01-01\", vertegenwoordigers: [{{persoon: \"{A}\"}}]}}\n",
            "wettelijke_vertegenwoordiging[0].vertegenwoordigers[0].persoon", f'persoon: "{A}"', "a person cannot represent themselves",
        ),
        (
            "persons:\n" + ADULTS + f"wettelijke_vertegenwoordiging:\n  - {{zaaknummer: Z-1, soort: beschermingsbewind, vertegenwoordigde: \"{A}\", ingangsdatum: \"1990-01-01\", vertegenwoordigers: [{{persoon: \"{B}\"}}]}}\n",
            "wettelijke_vertegenwoordiging[0].ingangsdatum", '"1990-01-01"', "for a minor: it can take effect at the 18th birthday (1998-01-01) at the earliest",
        ),
        (
            "persons:\n" + person(A, "1980-01-01") + person(B, "2012-01-01") + f"wettelijke_vertegenwoordiging:\n  - {{zaaknummer: Z-1, soort: mentorschap, vertegenwoordigde: \"{A}\", ingangsdatum: \"2020-01-01\", vertegenwoordigers: [{{persoon: \"{B}\"}}]}}\n",
            "wettelijke_vertegenwoordiging[0].vertegenwoordigers[0].persoon", f'persoon: "{B}"', "a representative must be an adult",
        ),
        (
            "persons:\n" + ADULTS + f"wettelijke_vertegenwoordiging:\n  - {{zaaknummer: Z-1, soort: curatele, vertegenwoordigde: \"{A}\", ingangsdatum: \"2020-01-01\", vertegenwoordigers: [{{persoon: \"{B}\"}}]}}\n  - {{zaaknummer: Z-1, soort: mentorschap, vertegenwoordigde: \"{B}\", ingangsdatum: \"2020-01-01\", vertegenwoordigers: [{{persoon: \"{A}\"}}]}}\n",
            "wettelijke_vertegenwoordiging[1].zaaknummer", "Z-1", "'Z-1' is already used by wettelijke_vertegenwoordiging[0]",
        ),
        (
            "persons:\n" + ADULTS + MINOR + person(D, "1970-01-01") + f"gezag:\n  - {{minderjarige: \"{C}\", type: Voogdij, derden: [\"{D}\"]}}\n"
            + f"wettelijke_vertegenwoordiging:\n  - {{zaaknummer: Z-7, soort: curatele, vertegenwoordigde: \"{D}\", ingangsdatum: \"2020-01-01\", vertegenwoordigers: [{{persoon: \"{A}\"}}]}}\n",
            "gezag[0].derden[0]", f'"{D}"]}}', f"{D} is under curatele (Z-7) on {TODAY} and cannot hold gezag (art. 1:246 BW)",
        ),
    ],
    ids=[
        "two-gezag-entries", "gezag-over-adult", "gezag-by-non-parent", "minor-own-voogd", "gezag-shape", "own-parent",
        "parent-younger-than-child", "death-before-birth", "partnership-end-before-start", "machtiging-to-oneself",
        "machtiging-for-service-without-vrijwillig", "curatele-end-before-start", "representative-end-before-start",
        "representing-oneself", "measure-for-a-minor", "minor-representative", "duplicate-zaaknummer",
        "gezag-holder-under-curatele",
    ],
)
def test_contradictions(tmp_path: Path, text: str, field_path: str, snippet: str, message: str) -> None:
    path = write(tmp_path, text)
    found = problems(path)
    if field_path == "gezag.0.ouder":  # the ouder of an EenhoofdigOuderlijkGezag must be a legal parent
        problem = only(found, "gezag[0].ouder")
        assert_at(problem, path, f'ouder: "{D}"', f"{D} is not a legal parent of {C}")
        return
    occurrence = 2 if field_path.endswith("zaaknummer") or field_path == "gezag[1].minderjarige" else 1
    assert_at(only(found, field_path), path, snippet, message, occurrence)


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    path = write(tmp_path, "persons:\n" + person("123456780", "1980-01-01") + person(A, "1980-01-01", geslacht2="V"))
    assert {p.path for p in problems(path)} == {"persons[0].bsn", "persons[1].geslacht2"}


def test_multi_file_merge_points_into_the_right_file(tmp_path: Path) -> None:
    first = write(tmp_path, "scenario: {naam: een}\npersons:\n" + ADULTS + SERVICES, "10-people.yaml")
    second = write(
        tmp_path,
        "persons:\n" + person(C, "1990-01-01")
        + f"machtigingen:\n  - {{machtiginggever: \"{A}\", gemachtigde: {{bsn: \"{C}\"}}, diensten: [bijstand]}}\n"
        + f"  - {{machtiginggever: \"{A}\", gemachtigde: {{bsn: \"{E}\"}}, diensten: [bijstand]}}\n",
        "20-more.yaml",
    )
    problem = only(problems(first, second), "machtigingen[1].gemachtigde.bsn")
    assert_at(problem, second, f'"{E}"', f"no person with bsn '{E}'")
    # The same person in both files: the second mention is reported, naming the first file.
    third = write(tmp_path, "persons:\n" + person(B, "1990-01-01"), "30-dup.yaml")
    problem = only(problems(first, third), "persons[0].bsn")
    assert_at(problem, third, f'"{B}"', f"already used by persons[1] in {first}")


def test_merged_files_form_one_world(tmp_path: Path) -> None:
    first = write(tmp_path, "scenario: {naam: een, vandaag: '2020-01-01'}\npersons:\n" + ADULTS + SERVICES, "a.yaml")
    second = write(tmp_path, "scenario: {naam: twee}\npersons:\n" + person(C, "-30y") + f"machtigingen:\n  - {{machtiginggever: \"{A}\", gemachtigde: {{bsn: \"{C}\"}}, diensten: [bijstand]}}\n", "b.yaml")
    world = load(first, second, clock=None)
    assert world.settings.naam == "twee" and world.reference_date.isoformat() == "2020-01-01"
    assert world.persons[C].geboortedatum.isoformat() == "1990-01-01"
    assert [r.subject for r in world.index.may_represent(C, world.services["bijstand"], world.reference_date)] == [A]


def test_a_file_that_is_not_a_mapping(tmp_path: Path) -> None:
    path = write(tmp_path, "- just\n- a list\n")
    (problem,) = problems(path)
    assert (problem.line, problem.column) == (1, 1) and "a scenario file is a mapping" in problem.message


def test_missing_file_is_a_scenario_error(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError) as caught:
        load_world([Source.from_path(tmp_path / "nope.yaml")], TODAY)
    assert caught.value.problems[0].message == "file not found"


def test_the_default_scenario_is_valid(default_world) -> None:  # type: ignore[no-untyped-def]
    assert len(default_world.persons) >= 28 and default_world.reference_date == TODAY


DEEP = {
    "flow.yaml": "persons:\n  - " + "[" * 2000 + "]" * 2000 + "\n",
    "block.yaml": "persons:\n" + "".join("  " * i + "- \n" for i in range(1, 200)),
    "deep.json": '{"persons": ' + "[" * 2000 + "]" * 2000 + "}",
}


@pytest.mark.parametrize("name", sorted(DEEP))
def test_nesting_deeper_than_the_limit_is_a_located_problem(name: str) -> None:
    """Before: a 2,000-level [[…]] (YAML or JSON) ended in a RecursionError."""
    from simulator.scenario.loader import MAX_NESTING

    with pytest.raises(ScenarioError) as caught:
        load_world([Source(name=name, text=DEEP[name], base_dir=Path("."))])
    (problem,) = caught.value.problems
    assert (problem.file, problem.line) == (name, 2 if name != "deep.json" else 1) or (name, problem.line) == ("block.yaml", MAX_NESTING + 1)
    assert f"nested deeper than {MAX_NESTING} levels" in problem.message

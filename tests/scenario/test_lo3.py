"""`simulator import-lo3`: an lo3 SQL dump (the shape of the GBA-V test set) as a persoonslijsten scenario folder.

The fixtures are our own invented persons with BRP test numbers, written in the shape of the official
`lo3_pl_data.sql` (one INSERT per row; positional values in the official column order, or named columns)."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest

from simulator.app import create_app
from simulator.cli import main
from simulator.config import Config
from simulator.scenario import lo3
from simulator.store import sources_from_paths

from .helpers import TODAY, load

P = "000000012"  # the persoon
OUDER_1, OUDER_2, PARTNER, KIND = "000000024", "000000036", "000000048", "000000061"


def sql(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


# One PL (pl_id 1) over every table the import maps, plus PLs of its mother and partner (pl_id 2, 3).
FAMILY = sql(f"""
    SET statement_timeout = 0;
    INSERT INTO public.lo3_adres (adres_id, gemeente_code, straat_naam, huis_nr, huis_letter, postcode, woon_plaats_naam, open_ruimte_naam, verblijf_plaats_ident_code, nummer_aand_ident_code, creatie_dt) VALUES (501, 518, 'Lindelaan', 12, 'a', '2511AB', 'Den Haag', 'Lindelaan', '0518010000000012', '0518200000000012', '2020-01-01 00:00:00');
    INSERT INTO public.lo3_pl (pl_id, geheim_ind, gba_eerste_inschrijving_datum, bijhouding_opschort_datum, bijhouding_opschort_reden, kiesrecht_uitgesl_aand, kiesrecht_uitgesl_eind_datum, rni_deelnemer, verdrag_oms, mutatie_dt) VALUES (1, 0, 19800101, NULL, NULL, 'A', 20300101, 101, 'Verdrag', '2020-01-01 00:00:00') ON CONFLICT DO NOTHING;
    INSERT INTO public.lo3_pl_persoon (pl_id, persoon_type, stapel_nr, volg_nr, a_nr, burger_service_nr, voor_naam, geslachts_naam_voorvoegsel, geslachts_naam, geboorte_datum, geboorte_plaats, geboorte_land_code, geslachts_aand, naam_gebruik_aand, onderzoek_gegevens_aand, onderzoek_start_datum, geldigheid_start_datum) VALUES (1, 'P', 0, 0, 1234567890, 12, 'Jan Pieter', 'van', 'Dijk', 19800300, '0518', 6030, 'M', 'E', 10240, 20240101, 19800301) ON CONFLICT DO NOTHING;
    INSERT INTO public.lo3_pl_persoon (pl_id, persoon_type, stapel_nr, volg_nr, burger_service_nr, voor_naam, geslachts_naam, geboorte_datum, geslachts_aand, onjuist_ind, geldigheid_start_datum) VALUES (1, 'P', 0, 1, 12, 'Jan', 'Dijkstra', 19800300, 'M', 'O', 19800301) ON CONFLICT DO NOTHING;
    INSERT INTO public.lo3_pl_persoon (pl_id, persoon_type, stapel_nr, volg_nr, burger_service_nr, voor_naam, geslachts_naam, geboorte_datum, familie_betrek_start_datum) VALUES (1, '1', 0, 0, 24, 'Anna', 'Dijk', 19500505, 19800300) ON CONFLICT DO NOTHING;
    INSERT INTO public.lo3_pl_persoon (pl_id, persoon_type, stapel_nr, volg_nr, burger_service_nr, voor_naam, geslachts_naam, geboorte_datum) VALUES (1, '2', 0, 0, 36, 'Bram', 'Dijk', 19480000) ON CONFLICT DO NOTHING;
    INSERT INTO public.lo3_pl_persoon (pl_id, persoon_type, stapel_nr, volg_nr, burger_service_nr, geslachts_naam, geboorte_datum, relatie_start_datum, relatie_start_plaats, relatie_start_land_code, verbintenis_soort) VALUES (1, 'R', 0, 0, 48, 'Groen', 19820202, 20050512, '0518', 6030, 'H') ON CONFLICT DO NOTHING;
    INSERT INTO public.lo3_pl_persoon (pl_id, persoon_type, stapel_nr, volg_nr, burger_service_nr, voor_naam, geslachts_naam, geboorte_datum) VALUES (1, 'K', 0, 0, 61, 'Mies', 'Dijk', 20100101) ON CONFLICT DO NOTHING;
    INSERT INTO public.lo3_pl_persoon (pl_id, persoon_type, stapel_nr, volg_nr, voor_naam, geslachts_naam, geboorte_datum, registratie_betrekking) VALUES (1, 'K', 1, 0, NULL, 'Dijk', 20120303, 'L') ON CONFLICT DO NOTHING;
    INSERT INTO public.lo3_pl_nationaliteit (pl_id, stapel_nr, volg_nr, nationaliteit_code, nl_nat_verkrijg_reden, geldigheid_start_datum) VALUES (1, 0, 0, 1, 1, 19800301) ON CONFLICT DO NOTHING;
    INSERT INTO public.lo3_pl_verblijfplaats (pl_id, volg_nr, inschrijving_gemeente_code, adres_id, inschrijving_datum, adres_functie, adreshouding_start_datum, aangifte_adreshouding_oms, geldigheid_start_datum) VALUES (1, 0, 518, 501, 20100101, 'W', 20100101, 'I', 20100101) ON CONFLICT DO NOTHING;
    INSERT INTO public.lo3_pl_verblijfplaats (pl_id, volg_nr, inschrijving_gemeente_code, vertrek_land_code, vertrek_datum, vertrek_land_adres_1, geldigheid_start_datum) VALUES (1, 1, 1999, 5010, 20050101, 'Rue Royale 1', 20050101) ON CONFLICT DO NOTHING;
    INSERT INTO public.lo3_pl_reis_doc (pl_id, stapel_nr, nl_reis_doc_soort, nl_reis_doc_nr, nl_reis_doc_uitgifte_datum, nl_reis_doc_autoriteit_code, nl_reis_doc_geldig_eind_datum) VALUES (1, 0, 'PN', 'NX1234567', 20200101, 'B0518', 20300101) ON CONFLICT DO NOTHING;
    INSERT INTO public.lo3_pl_verblijfstitel VALUES (1, 0, 37, NULL, 20080229, NULL, NULL, NULL, NULL, 20080229, 20080303) ON CONFLICT DO NOTHING;
    INSERT INTO public.lo3_pl_gezagsverhouding VALUES (1, 0, NULL, 1, 518, 20200101, 'Vonnis', NULL, NULL, NULL, NULL, 20200101, 20200102) ON CONFLICT DO NOTHING;
    INSERT INTO public.lo3_pl (pl_id, geheim_ind, mutatie_dt) VALUES (2, 0, '2020-01-01 00:00:00'), (3, 0, '2020-01-01 00:00:00');
    INSERT INTO public.lo3_pl_persoon (pl_id, persoon_type, stapel_nr, volg_nr, burger_service_nr, voor_naam, geslachts_naam, geboorte_datum, geslachts_aand) VALUES (2, 'P', 0, 0, 24, 'Anna', 'Dijk', 19500505, 'V');
    INSERT INTO public.lo3_pl_persoon (pl_id, persoon_type, stapel_nr, volg_nr, burger_service_nr, voor_naam, geslachts_naam, geboorte_datum, geslachts_aand) VALUES (3, 'P', 0, 0, 48, 'Els', 'Groen', 19820202, 'V');
    INSERT INTO public.lo3_pl_persoon (pl_id, persoon_type, stapel_nr, volg_nr, burger_service_nr, geslachts_naam, geboorte_datum, relatie_start_datum, verbintenis_soort) VALUES (3, 'R', 0, 0, 12, 'Dijk', 19800300, 20050512, 'H');
""")


def run(text: str, **kwargs: Any) -> lo3.ImportResult:
    return lo3.import_lo3(text, "lo3_pl_data.sql", **kwargs)


def pl_of(result: lo3.ImportResult, pl_id: str) -> dict[str, Any]:
    return result.persoonslijsten[result.pl_ids.index(pl_id)]


def messages(result: lo3.ImportResult) -> list[str]:
    return [f.format("lo3_pl_data.sql") for f in result.findings]


def test_every_table_maps_to_its_category_and_elements() -> None:
    result = run(FAMILY)
    assert result.pl_ids == ["1", "2", "3"]
    pl = pl_of(result, "1")
    # Integers are written as GBA writes the element: BSN 9 digits, A-nummer 10, gemeente and land 4, onderzoek 6.
    assert pl["persoon"][0] == {
        "01.10": "1234567890", "01.20": P, "02.10": "Jan Pieter", "02.30": "van", "02.40": "Dijk", "03.10": "19800300",
        "03.20": "0518", "03.30": "6030", "04.10": "M", "61.10": "E", "83.10": "010240", "83.20": "20240101", "85.10": "19800301",
    }
    assert pl["ouder_1"] == [{"01.20": OUDER_1, "02.10": "Anna", "02.40": "Dijk", "03.10": "19500505", "62.10": "19800300"}]
    assert pl["ouder_2"][0]["03.10"] == "19480000"
    assert pl["huwelijk"] == [[{"01.20": PARTNER, "02.40": "Groen", "03.10": "19820202", "06.10": "20050512", "06.20": "0518", "06.30": "6030", "15.10": "H"}]]
    assert [stapel[0].get("01.20") for stapel in pl["kind"]] == [KIND, None]
    assert pl["kind"][1][0]["89.10"] == "L"  # registratie betrekking: stillborn
    assert pl["nationaliteit"] == [[{"05.10": "0001", "63.10": "001", "85.10": "19800301"}]]
    assert pl["reisdocument"] == [[{"35.10": "PN", "35.20": "NX1234567", "35.30": "20200101", "35.40": "B0518", "35.50": "20300101"}]]
    assert pl["verblijfstitel"] == [{"39.10": "37", "39.30": "20080229", "85.10": "20080229", "86.10": "20080303"}]
    assert pl["gezagsverhouding"] == [{"33.10": "1", "82.10": "0518", "82.20": "20200101", "82.30": "Vonnis", "85.10": "20200101", "86.10": "20200102"}]
    # lo3_pl holds two categories: 07 inschrijving and 13 kiesrecht.
    assert pl["inschrijving"] == [{"68.10": "19800101", "70.10": "0", "88.10": "0101", "88.20": "Verdrag"}]
    assert pl["kiesrecht"] == [{"38.10": "A", "38.20": "20300101"}]
    # The address is joined from lo3_adres by adres_id into the verblijfplaats row.
    assert pl["verblijfplaats"][0] == {
        "09.10": "0518", "09.20": "20100101", "10.10": "W", "10.30": "20100101", "72.10": "I", "85.10": "20100101",
        "11.10": "Lindelaan", "11.15": "Lindelaan", "11.20": "12", "11.30": "a", "11.60": "2511AB", "11.70": "Den Haag",
        "11.80": "0518010000000012", "11.90": "0518200000000012",
    }
    assert pl["toelichting"] == "lo3 pl_id 1"
    # The database's own bookkeeping is not imported, and counted (never silently dropped).
    assert result.ignored[("lo3_pl", "mutatie_dt")] == 3 and result.ignored[("lo3_adres", "creatie_dt")] == 1
    assert result.findings == [] and result.skipped_statements == 1  # the SET


def test_historical_rows_follow_the_current_row() -> None:
    pl = pl_of(run(FAMILY), "1")
    # volg_nr 0 is the current row; the historical rows follow it, as the persoonslijsten format has them.
    assert [row["02.40"] for row in pl["persoon"]] == ["Dijk", "Dijkstra"]
    assert pl["persoon"][1]["84.10"] == "O"
    assert [row["09.10"] for row in pl["verblijfplaats"]] == ["0518", "1999"]
    assert pl["verblijfplaats"][1]["13.10"] == "5010" and pl["verblijfplaats"][1]["13.30"] == "Rue Royale 1"


def test_rows_stored_out_of_order_are_ordered_by_volg_nr() -> None:
    text = sql("""
        INSERT INTO public.lo3_pl_persoon (pl_id, persoon_type, stapel_nr, volg_nr, burger_service_nr, geslachts_naam) VALUES (7, 'P', 0, 2, 12, 'Oudst');
        INSERT INTO public.lo3_pl_persoon (pl_id, persoon_type, stapel_nr, volg_nr, burger_service_nr, geslachts_naam) VALUES (7, 'P', 0, 0, 12, 'Nu');
        INSERT INTO public.lo3_pl_persoon (pl_id, persoon_type, stapel_nr, volg_nr, burger_service_nr, geslachts_naam) VALUES (7, 'P', 0, 1, 12, 'Eerder');
    """)
    result = run(text)
    assert [row["02.40"] for row in result.persoonslijsten[0]["persoon"]] == ["Nu", "Eerder", "Oudst"]
    assert any("no lo3_pl row" in m for m in messages(result))  # imported, and said


def test_the_imported_folder_is_served_and_answers_over_brp(tmp_path: Path) -> None:
    data = tmp_path / "lo3_pl_data.sql"
    data.write_text(FAMILY, encoding="utf-8")
    outcome = lo3.run_import(data, tmp_path / "world", clock=TODAY)
    assert (outcome.persons, outcome.refused, outcome.as_recorded) == (3, [], [])
    world = load(outcome.scenario)
    assert world.persons[P].ouders == [OUDER_1]  # the mother has a PL of her own; the father does not
    assert [q.partner for q in world.persons[P].partners] == [PARTNER]
    app = create_app(Config.from_env({}, clock=TODAY, base_url="http://localhost", scenario_paths=(tmp_path / "world",)))
    response = app.test_client().post("/haalcentraal/api/brp/personen", json={
        "type": "RaadpleegMetBurgerservicenummer", "burgerservicenummer": [P], "fields": ["naam", "geboorte.datum", "verblijfplaats", "ouders"],
    })
    persoon = response.get_json()["personen"][0]
    assert persoon["naam"]["volledigeNaam"] == "Jan Pieter van Dijk"
    assert persoon["geboorte"]["datum"] == {"type": "JaarMaandDatum", "jaar": 1980, "maand": 3, "langFormaat": "maart 1980"}
    assert persoon["verblijfplaats"]["verblijfadres"]["officieleStraatnaam"] == "Lindelaan"
    assert [o.get("burgerservicenummer") for o in persoon["ouders"]] == [OUDER_1, OUDER_2]


# -- columns by name -------------------------------------------------------------------------------------------

REORDERED_SCHEMA = sql("""
    -- a supplier's own database: the same tables, columns in another order, and a constraint
    CREATE TABLE public.lo3_pl_verblijfstitel (
        verblijfstitel_start_datum integer,
        verblijfstitel_aand smallint,
        volg_nr smallint NOT NULL,
        pl_id bigint NOT NULL,
        opneming_datum integer,
        CONSTRAINT lo3_pl_verblijfstitel_pk PRIMARY KEY (pl_id, volg_nr)
    );
    ALTER TABLE public.lo3_pl_verblijfstitel OWNER TO haalcentraal;
    CREATE TABLE public.lo3_pl_persoon (
        burger_service_nr bigint, persoon_type character(1) NOT NULL, pl_id bigint NOT NULL, stapel_nr smallint NOT NULL,
        volg_nr smallint NOT NULL, geslachts_naam character varying(200), geboorte_datum integer
    );
""")


def test_a_schema_file_with_reordered_columns_is_honoured() -> None:
    schema = lo3.read_schema(REORDERED_SCHEMA, "schema.sql")
    assert schema["lo3_pl_verblijfstitel"] == ("verblijfstitel_start_datum", "verblijfstitel_aand", "volg_nr", "pl_id", "opneming_datum")
    text = sql("""
        INSERT INTO public.lo3_pl_persoon VALUES (12, 'P', 9, 0, 0, 'Achterom', 19900101);
        INSERT INTO public.lo3_pl_verblijfstitel VALUES (20080229, 37, 0, 9, 20080303);
    """)
    pl = run(text, schema=schema).persoonslijsten[0]
    assert pl["persoon"] == [{"01.20": P, "02.40": "Achterom", "03.10": "19900101"}]
    assert pl["verblijfstitel"] == [{"39.30": "20080229", "39.10": "37", "86.10": "20080303"}]
    # Without the schema, the official column order applies: the same statements do not fit it, and say so.
    found = messages(run(text))
    assert any(":1:" in m and "7 values for the 42 columns of lo3_pl_persoon" in m for m in found), found


def test_tables_the_schema_does_not_name_keep_the_official_order() -> None:
    schema = lo3.read_schema(REORDERED_SCHEMA, "schema.sql")
    result = run("INSERT INTO public.lo3_pl_gezagsverhouding VALUES (9, 0, '1D', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 20200101, 20200101);\n"
                 "INSERT INTO public.lo3_pl_persoon VALUES (12, 'P', 9, 0, 0, 'Achterom', 19900101);", schema=schema)
    assert result.persoonslijsten[0]["gezagsverhouding"] == [{"32.10": "1D", "85.10": "20200101", "86.10": "20200101"}]


# -- findings ----------------------------------------------------------------------------------------------------

def test_a_contradicting_duplicate_row_is_reported_and_the_first_kept() -> None:
    text = sql("""
        INSERT INTO public.lo3_pl_persoon (pl_id, persoon_type, stapel_nr, volg_nr, burger_service_nr, geslachts_naam, geboorte_datum) VALUES (1, 'P', 0, 0, 12, 'Dijk', 19800101) ON CONFLICT DO NOTHING;
        INSERT INTO public.lo3_pl_persoon (pl_id, persoon_type, stapel_nr, volg_nr, burger_service_nr, geslachts_naam, geboorte_datum) VALUES (1, 'P', 0, 0, 12, 'Dyk', 19800101) ON CONFLICT DO NOTHING;
        INSERT INTO public.lo3_pl_persoon (pl_id, persoon_type, stapel_nr, volg_nr, burger_service_nr, geslachts_naam, geboorte_datum) VALUES (1, 'P', 0, 0, 12, 'Dijk', 19800101) ON CONFLICT DO NOTHING;
    """)
    result = run(text)
    assert result.persoonslijsten[0]["persoon"][0]["02.40"] == "Dijk"
    found = messages(result)
    assert "lo3_pl_data.sql:2: lo3_pl_persoon (pl_id 1): contradicts line 1 (same stapel 0, volg_nr 0; elements 02.40 differ): the first row is kept, as PostgreSQL's ON CONFLICT DO NOTHING does" in found
    assert "lo3_pl_data.sql:3: lo3_pl_persoon (pl_id 1): the same row as line 1 again: imported once" in found


def test_contradictions_and_unmappable_values_name_line_table_and_column() -> None:
    text = sql("""
        INSERT INTO public.lo3_adres (adres_id, gemeente_code, straat_naam, huis_nr) VALUES (501, 363, 'Dam', 1);
        INSERT INTO public.lo3_pl_persoon (pl_id, persoon_type, stapel_nr, volg_nr, burger_service_nr, geslachts_naam, geboorte_datum, naam_gebruik_aand) VALUES (1, 'P', 0, 0, 12, 'Dijk', 19801301, 'E');
        INSERT INTO public.lo3_pl_persoon (pl_id, persoon_type, stapel_nr, volg_nr, burger_service_nr, geslachts_naam, naam_gebruik_aand) VALUES (1, '1', 0, 0, 24, 'Dijk', 'E');
        INSERT INTO public.lo3_pl_verblijfplaats (pl_id, volg_nr, inschrijving_gemeente_code, adres_id) VALUES (1, 0, 518, 501);
        INSERT INTO public.lo3_pl_verblijfplaats (pl_id, volg_nr, inschrijving_gemeente_code, adres_id) VALUES (1, 1, 518, 999);
        INSERT INTO public.lo3_pl_persoon (pl_id, persoon_type, stapel_nr, volg_nr, burger_service_nr, geslachts_naam) VALUES (2, 'X', 0, 0, 36, 'Raar');
        INSERT INTO public.lo3_pl_afnemer_ind (pl_id, stapel_nr, volg_nr, afnemer_code) VALUES (1, 0, 0, 1), (1, 1, 0, 2);
    """)
    result = run(text)
    found = messages(result)
    assert "lo3_pl_data.sql:2: lo3_pl_persoon.geboorte_datum (pl_id 1): value 19801301 not imported as element 03.10: '19801301' is not a GBA date (yyyymmdd, unknown parts 00)" in found
    assert any(m.startswith("lo3_pl_data.sql:3: lo3_pl_persoon.naam_gebruik_aand (pl_id 1): value 'E' not imported: element 61.10 is not one") for m in found), found
    assert "lo3_pl_data.sql:4: lo3_pl_verblijfplaats (pl_id 1): element 09.10 is '0518' here but '0363' on its lo3_adres row (line 1): the verblijfplaats row's value is kept" in found
    assert any(m.startswith("lo3_pl_data.sql:5: lo3_pl_verblijfplaats.adres_id (pl_id 1): adres_id 999 has no lo3_adres row") for m in found), found
    assert any(m.startswith("lo3_pl_data.sql:6: lo3_pl_persoon.persoon_type (pl_id 2): persoon_type 'X' is none of") for m in found), found
    assert "lo3_pl_data.sql:7: lo3_pl_afnemer_ind: 2 row(s) not imported: the table is not part of a persoonslijst" in found
    pl = result.persoonslijsten[0]
    assert "03.10" not in pl["persoon"][0] and pl["verblijfplaats"][0]["11.10"] == "Dam" and pl["verblijfplaats"][0]["09.10"] == "0518"
    assert result.pl_ids == ["1"]


def test_persoonslijsten_that_cannot_be_one_are_reported_not_dropped_silently() -> None:
    text = sql("""
        INSERT INTO public.lo3_pl (pl_id, geheim_ind) VALUES (1, 0), (2, 0), (3, 0);
        INSERT INTO public.lo3_pl_persoon (pl_id, persoon_type, stapel_nr, volg_nr, burger_service_nr, geslachts_naam) VALUES (1, 'P', 0, 0, 12, 'Een');
        INSERT INTO public.lo3_pl_persoon (pl_id, persoon_type, stapel_nr, volg_nr, burger_service_nr, geslachts_naam) VALUES (2, 'P', 0, 0, 12, 'Twee');
        INSERT INTO public.lo3_pl_persoon (pl_id, persoon_type, stapel_nr, volg_nr, burger_service_nr, geslachts_naam) VALUES (3, 'P', 0, 0, NULL, 'Zonder');
        INSERT INTO public.lo3_pl_nationaliteit (pl_id, stapel_nr, volg_nr, nationaliteit_code) VALUES (4, 0, 0, 1);
        INSERT INTO public.lo3_pl_nationaliteit (pl_id, stapel_nr, volg_nr, nationaliteit_code) VALUES (1, 0, 1, 1);
    """)
    result = run(text)
    found = messages(result)
    assert result.pl_ids == ["1"]
    assert any(m.startswith("lo3_pl_data.sql:1: lo3_pl_persoon.burger_service_nr (pl_id 2): BSN 000000012 is also on pl_id 1, which is imported") for m in found), found
    assert any(m.startswith("lo3_pl_data.sql:4: lo3_pl_persoon.burger_service_nr (pl_id 3): the persoon has no burgerservicenummer") for m in found), found
    assert "lo3_pl_data.sql:5 (pl_id 4): 1 row(s) (nationaliteit) of a pl_id that has neither a lo3_pl row nor a persoon row: not imported" in found
    assert any(m.startswith("lo3_pl_data.sql:6 (pl_id 1): category nationaliteit stapel 0 has no current row") for m in found), found


def test_a_malformed_statement_is_reported_with_its_line_and_the_rest_imported() -> None:
    text = sql("""
        INSERT INTO public.lo3_pl_persoon (pl_id, persoon_type, stapel_nr, volg_nr, burger_service_nr, geslachts_naam) VALUES (1, 'P', 0, 0, 12, now());
        INSERT INTO public.lo3_pl_persoon (pl_id, persoon_type, stapel_nr, volg_nr, burger_service_nr) VALUES (2, 'P', 0, 0);
        INSERT INTO public.lo3_pl_persoon (pl_id, persoon_type, stapel_nr, volg_nr, burger_service_nr) VALUES (3, 'P', 0, 0, 24) RETURNING pl_id;
        INSERT public.lo3_pl_persoon VALUES (4);
        INSERT INTO public.lo3_pl_persoon (pl_id, persoon_type, stapel_nr, volg_nr, burger_service_nr, geslachts_naam) VALUES (5, 'P', 0, 0, 36,
            'Over; twee regels, met ''quote''');
    """)
    result = run(text)
    found = messages(result)
    column = text.splitlines()[0].index("now()") + 1
    assert found[0] == f"lo3_pl_data.sql:1: malformed INSERT (not imported): 'now' is not a literal (NULL, a number or a quoted string) at 'now', column {column}"
    assert found[1].startswith("lo3_pl_data.sql:2: malformed INSERT (not imported): 4 values for the 5 columns of lo3_pl_persoon")
    assert found[2].startswith("lo3_pl_data.sql:3: malformed INSERT (not imported): unexpected 'RETURNING PL_ID' after the values")
    assert found[3].startswith("lo3_pl_data.sql:4: malformed INSERT (not imported): expected INTO after INSERT")
    assert found[4:] == ["lo3_pl_data.sql:5: lo3_pl (pl_id 5): no lo3_pl row: the persoonslijst is imported without inschrijving (07) and kiesrecht (13)"]
    assert result.persoonslijsten[0]["persoon"][0]["02.40"] == "Over; twee regels, met 'quote'"


def test_an_unreadable_stream_stops_the_import_at_its_line() -> None:
    text = "INSERT INTO public.lo3_pl (pl_id) VALUES (1);\nINSERT INTO public.lo3_pl (pl_id, verificatie_oms) VALUES (2,\n 'open);\n"
    with pytest.raises(lo3.Lo3Error, match=r"lo3_pl_data.sql:2: cannot read the SQL after this line"):
        run(text)


def test_copy_data_and_oversized_input_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(lo3.Lo3Error, match="pg_dump --inserts"):
        run("COPY public.lo3_pl (pl_id) FROM stdin;\n1\n\\.\n")
    big = tmp_path / "big.sql"
    big.write_text("-- " + "x" * 100, encoding="utf-8")
    monkeypatch.setattr(lo3, "MAX_INPUT_BYTES", 50)
    with pytest.raises(lo3.Lo3Error, match="more than the 50"):
        lo3.read_text(big)


# -- contradictions between persoonslijsten: the loader's checks -----------------------------------------------

YOUNG_PARENT = sql("""
    INSERT INTO public.lo3_pl_persoon (pl_id, persoon_type, stapel_nr, volg_nr, burger_service_nr, geslachts_naam, geboorte_datum) VALUES (1, 'P', 0, 0, 12, 'Kind', 19700101);
    INSERT INTO public.lo3_pl_persoon (pl_id, persoon_type, stapel_nr, volg_nr, burger_service_nr, geslachts_naam, geboorte_datum) VALUES (1, '1', 0, 0, 24, 'Ouder', 19900101);
    INSERT INTO public.lo3_pl_persoon (pl_id, persoon_type, stapel_nr, volg_nr, burger_service_nr, geslachts_naam, geboorte_datum) VALUES (2, 'P', 0, 0, 24, 'Ouder', 19900101);
    INSERT INTO public.lo3_pl_persoon (pl_id, persoon_type, stapel_nr, volg_nr, burger_service_nr, geslachts_naam, geboorte_datum, relatie_start_datum) VALUES (2, 'R', 0, 0, 24, 'Ouder', 19900101, 20100101);
""")


def test_contradictions_between_persoonslijsten_are_reported_and_served_as_recorded(tmp_path: Path) -> None:
    data = tmp_path / "lo3_pl_data.sql"
    data.write_text(YOUNG_PARENT, encoding="utf-8")
    outcome = lo3.run_import(data, tmp_path / "world", clock=TODAY)
    assert outcome.refused == [] and outcome.persons == 2
    assert any("persoonslijsten[0].ouder_1: parent 000000024 is not older than the child (lo3 pl_id 1)" in p for p in outcome.as_recorded), outcome.as_recorded
    assert any("persoonslijsten[1].huwelijk[0]: a person cannot be their own partner (lo3 pl_id 2)" in p for p in outcome.as_recorded), outcome.as_recorded
    world = load(outcome.scenario)
    # The model leaves the contradicting relatives out (no gezag is derived from them); the PL keeps them.
    assert world.persons[P].ouders == [] and world.persons[OUDER_1].partners == []
    assert world.persoonslijsten[P].ouder_1[0]["01.20"] == OUDER_1  # type: ignore[index]
    report = (tmp_path / "world" / lo3.REPORT_FILE).read_text(encoding="utf-8")
    assert "contradiction between persoonslijsten, served as recorded (scenario.relatives_as_recorded):" in report
    assert report.rstrip().endswith("the loader accepts the world: 2 persons")


def test_without_relatives_as_recorded_the_loader_refuses_those_contradictions(tmp_path: Path) -> None:
    result = run(YOUNG_PARENT)
    scenario = lo3.write_scenario(result, tmp_path, Path("lo3_pl_data.sql"), "0" * 64, as_recorded=False)
    from simulator.scenario import ScenarioError

    with pytest.raises(ScenarioError, match="not older than the child"):
        load(scenario)


def test_partnerships_dated_differently_on_the_two_sides_are_let_go_on_both(tmp_path: Path) -> None:
    text = sql("""
        INSERT INTO public.lo3_pl_persoon (pl_id, persoon_type, stapel_nr, volg_nr, burger_service_nr, geslachts_naam, geboorte_datum) VALUES (1, 'P', 0, 0, 12, 'Een', 19700101), (2, 'P', 0, 0, 24, 'Twee', 19700101);
        INSERT INTO public.lo3_pl_persoon (pl_id, persoon_type, stapel_nr, volg_nr, burger_service_nr, geslachts_naam, relatie_start_datum) VALUES (1, 'R', 0, 0, 24, 'Twee', 20050101), (2, 'R', 0, 0, 12, 'Een', 20150101);
    """)
    data = tmp_path / "lo3_pl_data.sql"
    data.write_text(text, encoding="utf-8")
    outcome = lo3.run_import(data, tmp_path / "world", clock=TODAY)
    assert outcome.refused == [] and len(outcome.as_recorded) == 2
    world = load(outcome.scenario)
    assert world.persons[P].partners == [] and world.persons[OUDER_1].partners == []


# -- the command -------------------------------------------------------------------------------------------------

def test_the_command_writes_a_folder_that_serve_loads(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data, schema = tmp_path / "lo3_pl_data.sql", tmp_path / "schema.sql"
    data.write_text(FAMILY + "INSERT INTO public.lo3_pl_verblijfstitel VALUES (20080229, 37, 0, 3, 20080303);\n", encoding="utf-8")
    schema.write_text(REORDERED_SCHEMA, encoding="utf-8")
    out = tmp_path / "gba-v"
    assert main(["import-lo3", str(data), "--schema", str(schema), "--out", str(out), "--clock", TODAY.isoformat()]) == 0
    printed = capsys.readouterr().out
    assert "into 3 persoonslijsten" in printed and "the loader accepts it: 3 persons" in printed
    # pl_id 1's verblijfstitel is positional in the official order, which this schema does not have: reported.
    assert "malformed INSERT" in printed
    world = load(*sources_paths(out))
    assert world.persoonslijsten["000000048"].verblijfstitel == [{"39.30": "20080229", "39.10": "37", "86.10": "20080303"}]
    header = (out / lo3.SCENARIO_FILE).read_text(encoding="utf-8").splitlines()[2]
    assert json.loads(header.removeprefix("scenario: ")) == {"naam": "lo3 import of lo3_pl_data.sql", "allow_invalid_bsn": True}
    assert (out / lo3.REPORT_FILE).read_text(encoding="utf-8").startswith(f"import of {data}: ")


def test_the_command_says_why_it_cannot_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import-lo3", str(tmp_path / "missing.sql"), "--out", str(tmp_path / "out")]) == 1
    assert "missing.sql: file not found" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def sources_paths(folder: Path) -> list[Path]:
    return [Path(s.name) for s in sources_from_paths([folder])]


def test_dates_unknown_in_part_are_kept_as_gba_writes_them() -> None:
    pl = run("INSERT INTO public.lo3_pl_persoon (pl_id, persoon_type, stapel_nr, volg_nr, burger_service_nr, geboorte_datum) VALUES (1, 'P', 0, 0, 12, 0);").persoonslijsten[0]
    assert pl["persoon"][0]["03.10"] == "00000000"  # the database's 0: wholly unknown


def test_the_input_is_read_in_parts_without_splitting_a_string(monkeypatch: pytest.MonkeyPatch) -> None:
    # Parts end after a ';' at a line end; one inside a quoted string must not end a part (nor a statement).
    text = FAMILY.replace("'Lindelaan', 12", "'Linde;\nlaan', 12", 1)
    whole = run(text)
    monkeypatch.setattr(lo3, "_PART", 10)
    parted = run(text)
    assert parted.persoonslijsten == whole.persoonslijsten and parted.findings == whole.findings == []
    assert pl_of(parted, "1")["verblijfplaats"][0]["11.10"] == "Linde;\nlaan"
    broken = run(text + "INSERT INTO public.lo3_pl (pl_id) VALUES (now());\n")
    assert [f.line for f in broken.findings] == [len(text.splitlines()) + 1]  # lines count across parts

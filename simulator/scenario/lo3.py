"""A supplier's own lo3 database dump (the RvIG "proefomgeving GBA-V" test set) as a `persoonslijsten` scenario.

The official test environments load the GBA-V test set as PostgreSQL INSERT statements into the tables of the
lo3 schema (`lo3_pl`, `lo3_pl_persoon`, `lo3_pl_nationaliteit`, ...). The simulator cannot ship that data, so
`simulator import-lo3` reads the supplier's own copy: the statements are split by a real SQL tokenizer
(sqlglot's PostgreSQL dialect), each VALUES tuple is mapped by column *name* (from the CREATE TABLEs of a schema
file, else the official column order below) to GBA categories and elements, and the result is written as a
scenario folder that `SIMULATOR_SCENARIO=<folder>` serves.

Nothing is silently fixed or dropped: every row or value that cannot be mapped and every contradiction in the
data is a `Finding` naming the line, table and column and why; the world written is then validated by the
normal loader, so what the import accepts is exactly what the simulator serves.
"""

from __future__ import annotations

import collections
import datetime as dt
import hashlib
import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Sequence

from pydantic import ValidationError
from sqlglot.dialects.postgres import Postgres
from sqlglot.errors import TokenError
from sqlglot.tokens import Token, TokenType

from .gba import CATEGORY_NUMBERS, DATE_ELEMENTS, ELEMENTS, Persoonslijst, gba_date
from .loader import Problem, ScenarioError, Source

# The official data file is 3 MB (about 11,000 statements); a bound keeps a wrong file (a full production-size
# dump, a binary) from exhausting memory or time.
MAX_INPUT_BYTES = 64 * 1024 * 1024
SCENARIO_FILE = "persoonslijsten.yaml"
REPORT_FILE = "import-report.txt"

# The column order of the official lo3 schema (BRP-API/Haal-Centraal-BRP-bevragen `.docker/scripts/schema.sql`,
# the version synced from brp-shared in April 2025), used when no --schema is given. Only the order of the
# columns matters here: a dump whose INSERTs name their columns, or a schema file, overrides it.
_HISTORY_COLUMNS = (
    "doc_gemeente_code", "doc_datum", "doc_beschrijving", "onderzoek_gegevens_aand", "onderzoek_start_datum",
    "onderzoek_eind_datum", "onjuist_ind", "geldigheid_start_datum", "opneming_datum",
)
DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "lo3_pl": (
        "pl_id", "pl_blokkering_start_datum", "bijhouding_opschort_datum", "bijhouding_opschort_reden",
        "gba_eerste_inschrijving_datum", "pk_gemeente_code", "geheim_ind", "volledig_geconverteerd_pk",
        "europees_kiesrecht_aand", "europees_kiesrecht_datum", "europees_uitsluit_eind_datum", "kiesrecht_uitgesl_aand",
        "kiesrecht_uitgesl_eind_datum", "kiesrecht_doc_gemeente_code", "kiesrecht_doc_datum",
        "kiesrecht_doc_beschrijving", "mutatie_activiteit_id", "creatie_dt", "mutatie_dt", "versie_nr", "stempel_dt",
        "verificatie_datum", "verificatie_oms", "rni_deelnemer", "verdrag_oms", "adres_eu_lidstaat_van_herkomst",
        "plaats_eu_lidstaat_van_herkomst", "land_eu_lidstaat_van_herkomst",
    ),
    "lo3_pl_persoon": (
        "pl_id", "persoon_type", "stapel_nr", "volg_nr", "a_nr", "burger_service_nr", "voor_naam", "diak_voor_naam",
        "titel_predicaat", "geslachts_naam_voorvoegsel", "geslachts_naam", "diak_geslachts_naam", "geboorte_datum",
        "geboorte_plaats", "geboorte_land_code", "geslachts_aand", "naam_gebruik_aand", "akte_register_gemeente_code",
        "akte_nr", *_HISTORY_COLUMNS, "relatie_start_datum", "relatie_start_plaats", "relatie_start_land_code",
        "relatie_eind_datum", "relatie_eind_plaats", "relatie_eind_land_code", "relatie_eind_reden",
        "verbintenis_soort", "familie_betrek_start_datum", "vorig_a_nr", "volgend_a_nr", "rni_deelnemer",
        "verdrag_oms", "registratie_betrekking",
    ),
    "lo3_pl_nationaliteit": (
        "pl_id", "stapel_nr", "volg_nr", "nationaliteit_code", "nl_nat_verkrijg_reden", "nl_nat_verlies_reden",
        "bijzonder_nl_aand", *_HISTORY_COLUMNS, "rni_deelnemer", "verdrag_oms", "eu_persoon_nr",
    ),
    "lo3_pl_overlijden": (
        "pl_id", "volg_nr", "overlijden_datum", "overlijden_plaats", "overlijden_land_code",
        "akte_register_gemeente_code", "akte_nr", *_HISTORY_COLUMNS, "rni_deelnemer", "verdrag_oms",
    ),
    "lo3_pl_verblijfplaats": (
        "pl_id", "volg_nr", "inschrijving_gemeente_code", "adres_id", "inschrijving_datum", "adres_functie",
        "gemeente_deel", "adreshouding_start_datum", "vertrek_land_code", "vertrek_datum", "vertrek_land_adres_1",
        "vertrek_land_adres_2", "vertrek_land_adres_3", "vestiging_land_code", "vestiging_datum",
        "aangifte_adreshouding_oms", "doc_ind", *_HISTORY_COLUMNS[3:], "rni_deelnemer", "verdrag_oms",
    ),
    "lo3_pl_gezagsverhouding": (
        "pl_id", "volg_nr", "minderjarig_gezag_ind", "curatele_register_ind", *_HISTORY_COLUMNS,
    ),
    "lo3_pl_reis_doc": (
        "pl_id", "stapel_nr", "nl_reis_doc_soort", "nl_reis_doc_nr", "nl_reis_doc_uitgifte_datum",
        "nl_reis_doc_autoriteit_code", "nl_reis_doc_geldig_eind_datum", "nl_reis_doc_weg_datum", "nl_reis_doc_weg_ind",
        "nl_reis_doc_houder_lengte", "nl_reis_doc_signalering", "buitenland_reis_doc_aand", *_HISTORY_COLUMNS[:6],
        "geldigheid_start_datum", "opneming_datum",
    ),
    "lo3_pl_verblijfstitel": (
        "pl_id", "volg_nr", "verblijfstitel_aand", "verblijfstitel_eind_datum", "verblijfstitel_start_datum",
        *_HISTORY_COLUMNS[3:],
    ),
    "lo3_adres": (
        "adres_id", "gemeente_code", "gemeente_deel", "straat_naam", "diak_straat_naam", "huis_nr", "huis_letter",
        "huis_nr_toevoeging", "huis_nr_aand", "postcode", "locatie_beschrijving", "diak_locatie_beschrijving",
        "creatie_dt", "open_ruimte_naam", "diak_open_ruimte_naam", "woon_plaats_naam", "diak_woon_plaats_naam",
        "verblijf_plaats_ident_code", "nummer_aand_ident_code",
    ),
}

# Column -> GBA element, per table (the columns of groups 81-88 are the same in every table that has them).
_GROUPS_81_88 = {
    "akte_register_gemeente_code": "81.10", "akte_nr": "81.20", "doc_gemeente_code": "82.10", "doc_datum": "82.20",
    "doc_beschrijving": "82.30", "onderzoek_gegevens_aand": "83.10", "onderzoek_start_datum": "83.20",
    "onderzoek_eind_datum": "83.30", "onjuist_ind": "84.10", "geldigheid_start_datum": "85.10",
    "opneming_datum": "86.10", "rni_deelnemer": "88.10", "verdrag_oms": "88.20",
}
ELEMENT_OF: dict[str, dict[str, str]] = {
    "lo3_pl_persoon": {
        "a_nr": "01.10", "burger_service_nr": "01.20", "voor_naam": "02.10", "titel_predicaat": "02.20",
        "geslachts_naam_voorvoegsel": "02.30", "geslachts_naam": "02.40", "geboorte_datum": "03.10",
        "geboorte_plaats": "03.20", "geboorte_land_code": "03.30", "geslachts_aand": "04.10",
        "relatie_start_datum": "06.10", "relatie_start_plaats": "06.20", "relatie_start_land_code": "06.30",
        "relatie_eind_datum": "07.10", "relatie_eind_plaats": "07.20", "relatie_eind_land_code": "07.30",
        "relatie_eind_reden": "07.40", "verbintenis_soort": "15.10", "vorig_a_nr": "20.10", "volgend_a_nr": "20.20",
        "naam_gebruik_aand": "61.10", "familie_betrek_start_datum": "62.10", "registratie_betrekking": "89.10",
        **_GROUPS_81_88,
    },
    "lo3_pl_nationaliteit": {
        "nationaliteit_code": "05.10", "nl_nat_verkrijg_reden": "63.10", "nl_nat_verlies_reden": "64.10",
        "bijzonder_nl_aand": "65.10", "eu_persoon_nr": "73.10", **_GROUPS_81_88,
    },
    "lo3_pl_overlijden": {
        "overlijden_datum": "08.10", "overlijden_plaats": "08.20", "overlijden_land_code": "08.30", **_GROUPS_81_88,
    },
    "lo3_pl_verblijfplaats": {
        "inschrijving_gemeente_code": "09.10", "inschrijving_datum": "09.20", "adres_functie": "10.10",
        "gemeente_deel": "10.20", "adreshouding_start_datum": "10.30", "vertrek_land_code": "13.10",
        "vertrek_datum": "13.20", "vertrek_land_adres_1": "13.30", "vertrek_land_adres_2": "13.40",
        "vertrek_land_adres_3": "13.50", "vestiging_land_code": "14.10", "vestiging_datum": "14.20",
        "aangifte_adreshouding_oms": "72.10", "doc_ind": "75.10", **_GROUPS_81_88,
    },
    "lo3_pl_gezagsverhouding": {"minderjarig_gezag_ind": "32.10", "curatele_register_ind": "33.10", **_GROUPS_81_88},
    "lo3_pl_reis_doc": {
        "nl_reis_doc_soort": "35.10", "nl_reis_doc_nr": "35.20", "nl_reis_doc_uitgifte_datum": "35.30",
        "nl_reis_doc_autoriteit_code": "35.40", "nl_reis_doc_geldig_eind_datum": "35.50",
        "nl_reis_doc_weg_datum": "35.60", "nl_reis_doc_weg_ind": "35.70", "nl_reis_doc_houder_lengte": "35.80",
        "nl_reis_doc_signalering": "36.10", "buitenland_reis_doc_aand": "37.10", **_GROUPS_81_88,
    },
    "lo3_pl_verblijfstitel": {
        "verblijfstitel_aand": "39.10", "verblijfstitel_eind_datum": "39.20", "verblijfstitel_start_datum": "39.30",
        **_GROUPS_81_88,
    },
    "lo3_adres": {
        "gemeente_code": "09.10", "gemeente_deel": "10.20", "straat_naam": "11.10", "open_ruimte_naam": "11.15",
        "huis_nr": "11.20", "huis_letter": "11.30", "huis_nr_toevoeging": "11.40", "huis_nr_aand": "11.50",
        "postcode": "11.60", "woon_plaats_naam": "11.70", "verblijf_plaats_ident_code": "11.80",
        "nummer_aand_ident_code": "11.90", "locatie_beschrijving": "12.10",
    },
}
# lo3_pl holds two categories: 07 inschrijving and 13 kiesrecht.
PL_ELEMENT_OF: dict[str, tuple[str, str]] = {
    "pl_blokkering_start_datum": ("inschrijving", "66.20"), "bijhouding_opschort_datum": ("inschrijving", "67.10"),
    "bijhouding_opschort_reden": ("inschrijving", "67.20"), "gba_eerste_inschrijving_datum": ("inschrijving", "68.10"),
    "pk_gemeente_code": ("inschrijving", "69.10"), "geheim_ind": ("inschrijving", "70.10"),
    "verificatie_datum": ("inschrijving", "71.10"), "verificatie_oms": ("inschrijving", "71.20"),
    "versie_nr": ("inschrijving", "80.10"), "stempel_dt": ("inschrijving", "80.20"),
    "volledig_geconverteerd_pk": ("inschrijving", "87.10"), "rni_deelnemer": ("inschrijving", "88.10"),
    "verdrag_oms": ("inschrijving", "88.20"),
    "europees_kiesrecht_aand": ("kiesrecht", "31.10"), "europees_kiesrecht_datum": ("kiesrecht", "31.20"),
    "europees_uitsluit_eind_datum": ("kiesrecht", "31.30"), "kiesrecht_uitgesl_aand": ("kiesrecht", "38.10"),
    "kiesrecht_uitgesl_eind_datum": ("kiesrecht", "38.20"), "kiesrecht_doc_gemeente_code": ("kiesrecht", "82.10"),
    "kiesrecht_doc_datum": ("kiesrecht", "82.20"), "kiesrecht_doc_beschrijving": ("kiesrecht", "82.30"),
}
# Columns that are the database's own, not GBA data: not imported, counted in the report.
IGNORED_COLUMNS = {
    "creatie_dt": "bookkeeping of the lo3 database, not a GBA element",
    "mutatie_dt": "bookkeeping of the lo3 database, not a GBA element",
    "mutatie_activiteit_id": "bookkeeping of the lo3 database, not a GBA element",
    "diak_voor_naam": "the test database's search variant with diacritics; GBA-V delivers 02.10 itself",
    "diak_geslachts_naam": "the test database's search variant with diacritics; GBA-V delivers 02.40 itself",
    "diak_straat_naam": "the test database's search variant with diacritics; GBA-V delivers 11.10 itself",
    "diak_open_ruimte_naam": "the test database's search variant with diacritics; GBA-V delivers 11.15 itself",
    "diak_woon_plaats_naam": "the test database's search variant with diacritics; GBA-V delivers 11.70 itself",
    "diak_locatie_beschrijving": "the test database's search variant with diacritics; GBA-V delivers 12.10 itself",
}
# Key columns: they place a row (which PL, which category, which stapel, which row), they are not elements.
_KEYS = frozenset({"pl_id", "persoon_type", "stapel_nr", "volg_nr", "adres_id"})
# persoon_type of lo3_pl_persoon -> category.
PERSOON_TYPE = {"P": "persoon", "1": "ouder_1", "2": "ouder_2", "R": "huwelijk", "K": "kind"}
# Categories whose table has one row per stapel and row (volg_nr) vs. one row per stapel only.
_TABLE_CATEGORY = {
    "lo3_pl_nationaliteit": "nationaliteit", "lo3_pl_overlijden": "overlijden",
    "lo3_pl_verblijfplaats": "verblijfplaats", "lo3_pl_gezagsverhouding": "gezagsverhouding",
    "lo3_pl_reis_doc": "reisdocument", "lo3_pl_verblijfstitel": "verblijfstitel",
}
_REPEATING = frozenset({"nationaliteit", "huwelijk", "kind", "reisdocument"})
# The database keeps numeric GBA elements as integers; GBA writes them with a fixed number of digits (gemeente
# 0518, land 6030, onderzoek 010000, BSN 000000012). Elements not listed are written without leading zeros.
_DIGITS: dict[str, int] = {
    **{e: 10 for e in ("01.10", "20.10", "20.20")}, "01.20": 9,
    **{e: 4 for e in ("03.30", "05.10", "06.30", "07.30", "08.30", "09.10", "13.10", "14.10", "69.10", "81.10",
                      "82.10", "88.10", "80.10")},
    **{e: 3 for e in ("63.10", "64.10")}, "39.10": 2, "83.10": 6, "80.20": 17,
    **{e: 8 for e in DATE_ELEMENTS},
}


@dataclass(frozen=True)
class Finding:
    """One row or value the import could not map, or a contradiction in the data: where and why."""

    message: str
    line: int | None = None
    table: str | None = None
    column: str | None = None
    pl_id: str | None = None

    def where(self, file: str) -> str:
        place = f"{file}:{self.line}" if self.line is not None else file
        if self.table:
            place += f": {self.table}" + (f".{self.column}" if self.column else "")
        if self.pl_id is not None:
            place += f" (pl_id {self.pl_id})"
        return place

    def format(self, file: str) -> str:
        return f"{self.where(file)}: {self.message}"


class Lo3Error(Exception):
    """An input that cannot be imported at all (too large, unreadable, a statement stream that cannot be split)."""


Value = str | int | bool | None


@dataclass
class Row:
    table: str
    line: int
    values: dict[str, Value]


# -- reading SQL ---------------------------------------------------------------------------------------------


def _tokens(text: str, what: str, first_line: int = 1) -> list[Token]:
    tokenizer = Postgres.tokenizer_class(dialect=Postgres())
    try:
        tokens = tokenizer.tokenize(text)
    except TokenError as exc:
        done = tokenizer.tokens
        line = done[-1].line + first_line - 1 if done else first_line
        raise Lo3Error(f"{what}:{line}: cannot read the SQL after this line ({exc})") from None
    if first_line != 1:
        for token in tokens:
            token.line += first_line - 1
    return tokens


# Tokens take some 80 times the text: the input is tokenized in parts of about this size, so that only one
# part's tokens are held at a time (the 3 MB test set: 80 MB instead of 260 MB).
_PART = 256 * 1024


def _token_parts(text: str, what: str) -> Iterator[list[Token]]:
    """The tokens of `text` in parts that end after a `;` at a line end outside any string.

    A part starts where a statement starts; if its end falls inside a quoted string, the tokenizer finds the
    string unterminated and the part is extended to the next `;` at a line end, until it reads or the text ends
    (then the error is the file's: the tokenizer stops at the first text it cannot read, and after it no
    statement boundary can be trusted, so nothing of the file is imported)."""
    start, line = 0, 1
    while start < len(text):
        end = start + _PART
        while True:
            boundary = text.find(";\n", end)
            end = len(text) if boundary < 0 else boundary + 2
            try:
                tokens = _tokens(text[start:end], what, line)
                break
            except Lo3Error:
                if end >= len(text):
                    raise
        yield tokens
        line += text.count("\n", start, end)
        start = end


def _statements(tokens: list[Token]) -> Iterator[list[Token]]:
    start = 0
    for i, token in enumerate(tokens):
        if token.token_type == TokenType.SEMICOLON:
            if i > start:
                yield tokens[start:i]
            start = i + 1
    if start < len(tokens):
        yield tokens[start:]


def _name(token: Token) -> str | None:
    """An identifier (a keyword such as `type` is a column name in a column list too)."""
    text = token.text
    if token.token_type in (TokenType.VAR, TokenType.IDENTIFIER) or text.replace("_", "").isalnum():
        return text if token.token_type == TokenType.IDENTIFIER else text.lower()
    return None


class _Malformed(Exception):
    def __init__(self, token: Token | None, message: str):
        self.token = token
        super().__init__(message)


def _literal(tokens: list[Token], i: int) -> tuple[Value, int]:
    """The SQL literal at tokens[i] and the index after it; pg_dump writes NULL, numbers and quoted strings."""
    token = tokens[i]
    kind = token.token_type
    if kind == TokenType.NULL:
        return None, i + 1
    if kind in (TokenType.STRING, TokenType.BYTE_STRING, TokenType.NATIONAL_STRING):
        return token.text, i + 1  # E'...' is a BYTE_STRING in sqlglot's PostgreSQL dialect, already unescaped
    if kind in (TokenType.TRUE, TokenType.FALSE):
        return kind == TokenType.TRUE, i + 1
    sign = ""
    if kind in (TokenType.DASH, TokenType.PLUS) and i + 1 < len(tokens) and tokens[i + 1].token_type == TokenType.NUMBER:
        sign, i = ("-" if kind == TokenType.DASH else ""), i + 1
        token, kind = tokens[i], tokens[i].token_type
    if kind == TokenType.NUMBER:
        text = sign + token.text
        try:
            return int(text), i + 1
        except ValueError:
            return text, i + 1  # a decimal: no GBA element is one, the mapping reports it where it matters
    raise _Malformed(token, f"{token.text!r} is not a literal (NULL, a number or a quoted string)")


def _expect(tokens: list[Token], i: int, *kinds: TokenType, what: str) -> int:
    if i >= len(tokens) or tokens[i].token_type not in kinds:
        raise _Malformed(tokens[i] if i < len(tokens) else tokens[-1], f"expected {what}")
    return i + 1


def _names(tokens: list[Token], i: int, separator: TokenType, what: str) -> tuple[list[str], int]:
    """Names separated by `separator` (`public.lo3_pl`; `pl_id, volg_nr`) from tokens[i], and the index after."""
    result: list[str] = []
    while True:
        name = _name(tokens[i]) if i < len(tokens) else None
        if name is None:
            raise _Malformed(tokens[min(i, len(tokens) - 1)], f"expected {what}")
        result.append(name)
        i += 1
        if i < len(tokens) and tokens[i].token_type == separator:
            i += 1
            continue
        return result, i


def _insert(tokens: list[Token], columns: dict[str, tuple[str, ...]]) -> tuple[str, list[tuple[int, dict[str, Value]]]]:
    """Table and rows of one `INSERT INTO [schema.]table [(columns)] VALUES (...)[, (...)] [ON CONFLICT DO NOTHING]`."""
    i = _expect(tokens, 1, TokenType.INTO, what="INTO after INSERT")
    parts, i = _names(tokens, i, TokenType.DOT, "a table name")
    table = parts[-1]  # the schema (public) does not matter
    names: tuple[str, ...] | None = None
    if i < len(tokens) and tokens[i].token_type == TokenType.L_PAREN:
        listed, i = _names(tokens, i + 1, TokenType.COMMA, "a column name")
        i = _expect(tokens, i, TokenType.R_PAREN, what="')' after the column names")
        names = tuple(listed)
    i = _expect(tokens, i, TokenType.VALUES, what="VALUES")
    rows: list[tuple[int, dict[str, Value]]] = []
    while True:
        opening = tokens[i] if i < len(tokens) else tokens[-1]
        i = _expect(tokens, i, TokenType.L_PAREN, what="'(' to open a row of values")
        values: list[Value] = []
        while True:
            if i >= len(tokens):
                raise _Malformed(tokens[-1], "the row of values is not closed")
            value, i = _literal(tokens, i)
            values.append(value)
            if i < len(tokens) and tokens[i].token_type == TokenType.COMMA:
                i += 1
                continue
            i = _expect(tokens, i, TokenType.R_PAREN, what="',' or ')' after a value")
            break
        order = names if names is not None else columns.get(table)
        if order is not None:
            if len(values) != len(order):
                raise _Malformed(opening, f"{len(values)} values for the {len(order)} columns of {table}")
            rows.append((opening.line, dict(zip(order, values))))
        else:
            rows.append((opening.line, {}))  # a table the import does not map: reported by the caller
        if i < len(tokens) and tokens[i].token_type == TokenType.COMMA:
            i += 1
            continue
        break
    rest = " ".join(t.text.upper() for t in tokens[i:])
    if rest not in ("", "ON CONFLICT DO NOTHING"):
        raise _Malformed(tokens[i], f"unexpected {rest[:60]!r} after the values (only ON CONFLICT DO NOTHING is read)")
    return table, rows


def read_schema(text: str, what: str = "schema") -> dict[str, tuple[str, ...]]:
    """Column names, in order, of each CREATE TABLE in a schema file (constraints left out)."""
    result: dict[str, tuple[str, ...]] = {}
    constraint_words = {"constraint", "primary", "unique", "check", "foreign", "exclude", "like"}
    for statement in _statements(_tokens(text, what)):
        if statement[0].token_type != TokenType.CREATE:
            continue
        i = 1
        while i < len(statement) and statement[i].token_type != TokenType.TABLE:
            if statement[i].token_type == TokenType.L_PAREN:
                break
            i += 1
        if i >= len(statement) or statement[i].token_type != TokenType.TABLE:
            continue
        open_at = next((j for j in range(i, len(statement)) if statement[j].token_type == TokenType.L_PAREN), None)
        if open_at is None:
            continue
        table = statement[open_at - 1].text.lower()
        names: list[str] = []
        depth, first = 0, True
        for token in statement[open_at + 1:]:
            if token.token_type == TokenType.L_PAREN:
                depth += 1
            elif token.token_type == TokenType.R_PAREN:
                if depth == 0:
                    break
                depth -= 1
            elif token.token_type == TokenType.COMMA and depth == 0:
                first = True
                continue
            if first and depth == 0:
                first = False
                name = _name(token)
                if name is not None and name.lower() not in constraint_words:
                    names.append(name)
        result[table] = tuple(names)
    return result


def read_rows(text: str, columns: dict[str, tuple[str, ...]], what: str) -> tuple[list[Row], list[Finding], int]:
    """The rows of the INSERT statements, the findings on statements that could not be read, and the number of
    other statements (SET, SELECT set_config, ... of a pg_dump), which carry no data and are skipped."""
    rows: list[Row] = []
    findings: list[Finding] = []
    skipped = 0
    unmapped: collections.Counter[str] = collections.Counter()
    first_line: dict[str, int] = {}
    for statement in (s for part in _token_parts(text, what) for s in _statements(part)):
        head = statement[0]
        if head.token_type == TokenType.INSERT:
            try:
                table, values = _insert(statement, columns)
            except _Malformed as exc:
                at = exc.token or head
                # sqlglot's col is the token's last character
                findings.append(Finding(f"malformed INSERT (not imported): {exc} at {at.text!r}, column {at.col - len(at.text) + 1}", line=at.line))
                continue
            if table not in columns:
                unmapped[table] += len(values)
                first_line.setdefault(table, head.line)
                continue
            rows.extend(Row(table, line, row) for line, row in values)
        elif head.text.upper() == "COPY":
            # pg_dump's default format: the data follow as tab-separated lines, not as SQL.
            raise Lo3Error(f"{what}:{head.line}: COPY data are not read; dump the database with `pg_dump --inserts` (or --column-inserts)")
        else:
            skipped += 1
    for table, count in unmapped.items():
        findings.append(Finding(f"{count} row(s) not imported: the table is not part of a persoonslijst", line=first_line[table], table=table))
    return rows, findings, skipped


# -- mapping rows to persoonslijsten -----------------------------------------------------------------------------


def _gba_value(element: str, value: Value) -> str:
    """A database value as GBA writes the element; raises ValueError when it cannot be one."""
    if isinstance(value, bool):
        raise ValueError(f"{value} is not a GBA value")
    if isinstance(value, int):
        digits = _DIGITS.get(element, 0)
        if value < 0:
            raise ValueError(f"{value} is negative")
        text = str(value).zfill(digits)
        if digits and len(text) > digits:
            raise ValueError(f"{value} has more than the {digits} digits of element {element}")
    else:
        text = value  # type: ignore[assignment]
    if element in DATE_ELEMENTS:
        gba_date(text)
    if len(text) > 200:
        raise ValueError("longer than 200 characters")
    return text


@dataclass
class _Pl:
    pl_id: str
    line: int | None = None  # the lo3_pl row
    # category -> stapel number -> row number (volg_nr) -> (line, elements)
    rows: dict[str, dict[int, dict[int, tuple[int, dict[str, str]]]]] = field(default_factory=dict)


@dataclass
class ImportResult:
    source: str
    persoonslijsten: list[dict[str, Any]]
    pl_ids: list[str]
    findings: list[Finding]
    ignored: collections.Counter[tuple[str, str]]
    skipped_statements: int
    rows: int


def _as_int(value: Value) -> int | None:
    try:
        return int(value) if value is not None and not isinstance(value, bool) else None
    except ValueError:
        return None


class _Mapper:
    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self.ignored: collections.Counter[tuple[str, str]] = collections.Counter()
        self.pls: dict[str, _Pl] = {}
        self.adressen: dict[int, tuple[int, dict[str, str]]] = {}

    def report(self, message: str, row: Row, column: str | None = None, pl_id: str | None = None) -> None:
        self.findings.append(Finding(message, row.line, row.table, column, pl_id))

    def elements(self, row: Row, mapping: dict[str, str], category: str | None, pl_id: str | None) -> dict[str, str]:
        """The row's non-NULL columns as GBA elements of `category`; what has no element there is reported."""
        accepted = set(ELEMENTS[_element_set(category)]) if category else None
        result: dict[str, str] = {}
        for column, value in row.values.items():
            if value is None or column in _KEYS:
                continue
            if column in IGNORED_COLUMNS:
                self.ignored[(row.table, column)] += 1
                continue
            element = mapping.get(column)
            if element is None:
                self.report(f"value {value!r} not imported: the column has no GBA element the import knows", row, column, pl_id)
                continue
            if accepted is not None and element not in accepted:
                self.report(f"value {value!r} not imported: element {element} is not one the simulator's "
                            f"category {category} ({CATEGORY_NUMBERS[category]}) holds", row, column, pl_id)
                continue
            try:
                result[element] = _gba_value(element, value)
            except ValueError as exc:
                self.report(f"value {value!r} not imported as element {element}: {exc}", row, column, pl_id)
        return result

    def place(self, row: Row, pl_id: str, category: str, stapel: int, volg: int, elements: dict[str, str]) -> None:
        pl = self.pls.setdefault(pl_id, _Pl(pl_id))
        rows = pl.rows.setdefault(category, {}).setdefault(stapel, {})
        if volg in rows:
            first_line, first = rows[volg]
            # ON CONFLICT DO NOTHING: PostgreSQL keeps the first row; so does the import, and says so.
            if first == elements:
                self.report(f"the same row as line {first_line} again: imported once", row, pl_id=pl_id)
            else:
                differ = sorted(e for e in set(first) | set(elements) if first.get(e) != elements.get(e))
                self.report(f"contradicts line {first_line} (same stapel {stapel}, volg_nr {volg}; elements "
                            f"{', '.join(differ)} differ): the first row is kept, as PostgreSQL's ON CONFLICT DO NOTHING does", row, pl_id=pl_id)
            return
        rows[volg] = (row.line, elements)

    def add(self, row: Row) -> None:
        values = row.values
        if row.table == "lo3_adres":
            adres_id = _as_int(values.get("adres_id"))
            if adres_id is None:
                self.report("no adres_id: the address cannot be joined to a verblijfplaats", row, "adres_id")
                return
            elements = self.elements(row, ELEMENT_OF["lo3_adres"], None, None)
            if adres_id in self.adressen:
                self.report(f"adres_id {adres_id} again (first on line {self.adressen[adres_id][0]}): the first is kept", row, "adres_id")
                return
            self.adressen[adres_id] = (row.line, elements)
            return
        pl_id = values.get("pl_id")
        if pl_id is None or isinstance(pl_id, bool):
            self.report("no pl_id: the row belongs to no persoonslijst", row, "pl_id")
            return
        pl_key = str(pl_id)
        if row.table == "lo3_pl":
            pl = self.pls.setdefault(pl_key, _Pl(pl_key))
            if pl.line is not None:
                self.report(f"a second lo3_pl row for this pl_id (first on line {pl.line}): the first is kept", row, pl_id=pl_key)
                return
            pl.line = row.line
            by_category: dict[str, dict[str, str]] = {"inschrijving": {}, "kiesrecht": {}}
            for category in by_category:
                mapping = {c: e for c, (cat, e) in PL_ELEMENT_OF.items() if cat == category}
                part = Row(row.table, row.line, {c: v for c, v in values.items() if c in mapping})
                by_category[category] = self.elements(part, mapping, category, pl_key)
            rest = Row(row.table, row.line, {c: v for c, v in values.items() if c not in PL_ELEMENT_OF})
            self.elements(rest, {}, None, pl_key)  # reports the columns of lo3_pl that have no element
            for category, elements in by_category.items():
                if elements:
                    self.place(row, pl_key, category, 0, 0, elements)
            return
        if row.table == "lo3_pl_persoon":
            kind = values.get("persoon_type")
            category = PERSOON_TYPE.get(str(kind))
            if category is None:
                self.report(f"persoon_type {kind!r} is none of {', '.join(PERSOON_TYPE)}: row not imported", row, "persoon_type", pl_key)
                return
        else:
            category = _TABLE_CATEGORY[row.table]
        stapel = _as_int(values.get("stapel_nr", 0))
        volg = _as_int(values.get("volg_nr", 0))
        if stapel is None or volg is None or stapel < 0 or volg < 0:
            column = "stapel_nr" if stapel is None or stapel < 0 else "volg_nr"
            self.report(f"{values.get(column)!r} is not a stapel or row number: row not imported", row, column, pl_key)
            return
        elements = self.elements(row, ELEMENT_OF[row.table], category, pl_key)
        if row.table == "lo3_pl_verblijfplaats" and values.get("adres_id") is not None:
            self.join_address(row, elements, pl_key)
        self.place(row, pl_key, category, stapel, volg, elements)

    def join_address(self, row: Row, elements: dict[str, str], pl_id: str) -> None:
        adres_id = _as_int(row.values["adres_id"])
        found = self.adressen.get(adres_id) if adres_id is not None else None
        if found is None:
            self.report(f"adres_id {row.values['adres_id']!r} has no lo3_adres row in the input: the verblijfplaats "
                        "is imported without its address (11.xx, 12.10)", row, "adres_id", pl_id)
            return
        line, adres = found
        for element, value in adres.items():
            if element in elements and elements[element] != value:
                self.report(f"element {element} is {elements[element]!r} here but {value!r} on its lo3_adres row "
                            f"(line {line}): the verblijfplaats row's value is kept", row, pl_id=pl_id)
                continue
            elements.setdefault(element, value)

    def build(self) -> tuple[list[dict[str, Any]], list[str]]:
        """The persoonslijsten in pl_id order, and their pl_ids."""
        documents: list[dict[str, Any]] = []
        pl_ids: list[str] = []
        seen_bsn: dict[str, str] = {}
        for pl_id in sorted(self.pls, key=lambda k: (0, int(k), "") if k.isdigit() else (1, 0, k)):
            pl = self.pls[pl_id]
            document = self.document(pl)
            if document is None:
                continue
            bsn = document["persoon"][0]["01.20"]
            if bsn in seen_bsn:
                self.findings.append(Finding(f"BSN {bsn} is also on pl_id {seen_bsn[bsn]}, which is imported: this persoonslijst "
                                             "is not (the simulator finds a person by BSN)", pl.line, "lo3_pl_persoon", "burger_service_nr", pl_id))
                continue
            seen_bsn[bsn] = pl_id
            documents.append(document)
            pl_ids.append(pl_id)
        return documents, pl_ids

    def document(self, pl: _Pl) -> dict[str, Any] | None:
        """The PL as a `persoonslijsten` item, or None (reported) when it cannot be one."""
        placed = [(line, category) for category, stapels in pl.rows.items() for rows in stapels.values() for line, _ in rows.values()]
        first_line = min((line for line, _ in placed), default=pl.line)
        persoon_line = next(iter(pl.rows.get("persoon", {}).get(0, {}).values()), (first_line, {}))[0]
        if 0 not in pl.rows.get("persoon", {}).get(0, {}):
            tables = sorted({category for _, category in placed if category not in ("inschrijving", "kiesrecht")})
            if pl.line is None:
                self.findings.append(Finding(f"{len(placed)} row(s) ({', '.join(tables)}) of a pl_id that has neither a "
                                             "lo3_pl row nor a persoon row: not imported", first_line, None, pl_id=pl.pl_id))
            else:
                self.findings.append(Finding("no persoon row (persoon_type P, stapel 0, volg_nr 0): the persoonslijst is not "
                                             "imported", pl.line, "lo3_pl_persoon", pl_id=pl.pl_id))
            return None
        if pl.line is None:
            self.findings.append(Finding("no lo3_pl row: the persoonslijst is imported without inschrijving (07) and "
                                         "kiesrecht (13)", persoon_line, "lo3_pl", pl_id=pl.pl_id))
        document: dict[str, Any] = {}
        for category, stapels in pl.rows.items():
            built: list[list[dict[str, str]]] = []
            for stapel_nr in sorted(stapels):
                rows = stapels[stapel_nr]
                if 0 not in rows:
                    self.findings.append(Finding(f"category {category} stapel {stapel_nr} has no current row (volg_nr 0), "
                                                 "only historical ones: the stapel is not imported",
                                                 min(line for line, _ in rows.values()), None, pl_id=pl.pl_id))
                    continue
                # volg_nr 0 is the current row; the historical rows follow, most recent (lowest volg_nr) first.
                built.append([rows[volg][1] for volg in sorted(rows)])
            if not built:
                continue
            if category in _REPEATING:
                document[category] = built
            elif len(built) > 1:
                self.findings.append(Finding(f"category {category} has {len(built)} stapels; it has one: only stapel "
                                             f"{min(stapels)} is imported", None, None, pl_id=pl.pl_id))
                document[category] = built[0]
            else:
                document[category] = built[0]
        if not document["persoon"][0].get("01.20"):
            self.findings.append(Finding("the persoon has no burgerservicenummer (01.20): the persoonslijst is not imported "
                                         "(the simulator finds a person by BSN)", persoon_line, "lo3_pl_persoon",
                                         "burger_service_nr", pl.pl_id))
            return None
        document["toelichting"] = f"lo3 pl_id {pl.pl_id}"
        try:
            Persoonslijst.model_validate(document)
        except ValidationError as exc:
            for error in exc.errors():
                where = ".".join(str(p) for p in error["loc"])
                self.findings.append(Finding(f"not imported: {where}: {error['msg']}", pl.line, None, pl_id=pl.pl_id))
            return None
        return document


def _element_set(category: str) -> str:
    return "ouder" if category in ("ouder_1", "ouder_2") else category


def columns_for(schema: dict[str, tuple[str, ...]] | None) -> dict[str, tuple[str, ...]]:
    """The column order of each mapped table: the schema file's where it has the table, else the official one."""
    return {table: (schema or {}).get(table, default) for table, default in DEFAULT_COLUMNS.items()}


def import_lo3(text: str, what: str, schema: dict[str, tuple[str, ...]] | None = None) -> ImportResult:
    """Map the INSERT statements of an lo3 dump to `persoonslijsten` items (one per pl_id), with every finding."""
    rows, findings, skipped = read_rows(text, columns_for(schema), what)
    mapper = _Mapper()
    # Addresses first: a verblijfplaats row refers to its lo3_adres row by adres_id, wherever it stands.
    for row in rows:
        if row.table == "lo3_adres":
            mapper.add(row)
    for row in rows:
        if row.table != "lo3_adres":
            mapper.add(row)
    persoonslijsten, pl_ids = mapper.build()
    all_findings = findings + mapper.findings
    all_findings.sort(key=lambda f: (f.line or 0))
    return ImportResult(what, persoonslijsten, pl_ids, all_findings, mapper.ignored, skipped, len(rows))


def read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise Lo3Error(f"{path}: {size} bytes, more than the {MAX_INPUT_BYTES} an lo3 dump may have here")
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise Lo3Error(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise Lo3Error(f"{path}: cannot read: {exc}") from None


def write_scenario(result: ImportResult, out: Path, source: Path, digest: str, as_recorded: bool) -> Path:
    """The scenario folder: one file in the JSON-lines layout the loader reads fast (the report goes beside it)."""
    out.mkdir(parents=True, exist_ok=True)
    # BRP test numbers need not pass the elfproef: the registry's own data are not refused for it.
    settings: dict[str, Any] = {"naam": f"lo3 import of {source.name}", "allow_invalid_bsn": True}
    if as_recorded:
        settings["relatives_as_recorded"] = True
    lines = [
        f"# Written by `simulator import-lo3` from {source.name} (sha256 {digest}) on {dt.date.today().isoformat()}:",
        f"# {len(result.persoonslijsten)} persoonslijsten; what was not imported, and why, is in {REPORT_FILE}.",
        "scenario: " + json.dumps(settings),
        "persoonslijsten:",
    ]
    lines.extend("  - " + json.dumps(pl, ensure_ascii=False, separators=(", ", ": ")) for pl in result.persoonslijsten)
    target = out / SCENARIO_FILE
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


@dataclass
class Outcome:
    """What `simulator import-lo3` did: the mapping, the loader's verdict and how long each took."""

    result: ImportResult
    scenario: Path
    persons: int | None  # persons of the loaded world; None: the loader refuses it
    refused: list[str]  # the loader's problems with the world as written
    as_recorded: list[str]  # contradictions between PLs that the world holds as recorded (relatives_as_recorded)
    seconds_mapping: float
    seconds_total: float


def _with_pl_id(problem: Problem, pl_ids: Sequence[str]) -> str:
    match = re.search(r"persoonslijsten\[(\d+)\]", problem.path)
    pl = f" (lo3 pl_id {pl_ids[int(match.group(1))]})" if match and int(match.group(1)) < len(pl_ids) else ""
    return f"{problem}{pl}"


def _check(scenario: Path, clock: dt.date | None, pl_ids: Sequence[str]) -> tuple[int | None, list[str]]:
    from .world import load_world  # the world imports the whole model: only when an import has run

    try:
        return len(load_world([Source.from_path(scenario)], clock).persons), []
    except ScenarioError as exc:
        return None, [_with_pl_id(p, pl_ids) for p in exc.problems]


def run_import(data: Path, out: Path, schema: Path | None = None, clock: dt.date | None = None) -> Outcome:
    """Read, map, write and validate; raises Lo3Error for an input that cannot be read at all."""
    columns = read_schema(read_text(schema), str(schema)) if schema else None
    text = read_text(data)
    started = time.perf_counter()
    result = import_lo3(text, str(data), columns)
    digest = sha256(text)
    mapped = time.perf_counter() - started
    # The normal loader judges the world, so what the import accepts is exactly what `serve` loads. Its checks
    # across persons (a parent not older than the child, ...) are errors for a hand-written scenario; the BRP
    # serves such PLs, so they are reported here and the world holds those relatives as recorded.
    scenario = write_scenario(result, out, data, digest, as_recorded=False)
    persons, strict = _check(scenario, clock, result.pl_ids)
    refused: list[str] = []
    if strict:
        scenario = write_scenario(result, out, data, digest, as_recorded=True)
        persons, refused = _check(scenario, clock, result.pl_ids)
    remaining = set(refused)
    as_recorded = [p for p in strict if p not in remaining]
    outcome = Outcome(result, scenario, persons, refused, as_recorded, mapped, time.perf_counter() - started)
    (out / REPORT_FILE).write_text(report_text(outcome), encoding="utf-8")
    return outcome


def report_text(outcome: Outcome) -> str:
    """The import report: totals, the columns not imported by design, every finding with its place, then the
    loader's verdict."""
    result, source = outcome.result, outcome.result.source
    lines = [
        f"import of {source}: {result.rows} rows read, {len(result.persoonslijsten)} persoonslijsten written to "
        f"{outcome.scenario}, {len(result.findings)} finding(s), {result.skipped_statements} statement(s) without data skipped",
    ]
    for (table, column), count in sorted(result.ignored.items()):
        lines.append(f"not imported by design: {table}.{column} ({count} values): {IGNORED_COLUMNS[column]}")
    lines.extend(f.format(source) for f in result.findings)
    lines.extend(f"contradiction between persoonslijsten, served as recorded (scenario.relatives_as_recorded): {p}" for p in outcome.as_recorded)
    lines.extend(f"refused by the loader: {p}" for p in outcome.refused)
    lines.append(f"the loader accepts the world: {outcome.persons} persons" if outcome.persons is not None
                 else f"the loader refuses the world: {len(outcome.refused)} problem(s)")
    return "\n".join(lines) + "\n"


def summary(result: ImportResult, limit: int = 3) -> list[str]:
    """Findings grouped by table, column and kind of message (the first few places of each), for the console."""
    groups: dict[tuple[str | None, str | None, str], list[Finding]] = collections.defaultdict(list)
    for f in result.findings:
        groups[(f.table, f.column, _kind(f.message))].append(f)
    lines = []
    for (table, column, kind), items in sorted(groups.items(), key=lambda g: -len(g[1])):
        places = ", ".join(str(f.line) for f in items[:limit] if f.line is not None)
        where = f"{table}.{column}" if column else (table or "input")
        lines.append(f"  {len(items):5d} × {where}: {kind}" + (f" (lines {places}{', …' if len(items) > limit else ''})" if places else ""))
    return lines


_VARIABLE = re.compile(r"'[^']*'|\b(value |adres_id |pl_id |BSN |line |lines )(?:'[^']*'|\"[^\"]*\"|\S+)|\b\d+(?= row\(s\)| stapels)")


def _kind(message: str) -> str:
    """A finding's message without its particular values, to group like findings."""
    return _VARIABLE.sub(lambda m: m.group(1) + "…" if m.group(1) else "…", message)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()

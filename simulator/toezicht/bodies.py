"""Request bodies of the Toezicht API, parsed and validated at the edge into typed requests.

Every problem is collected (not just the first), each naming its field as a JSON pointer (RFC 6901:
`/vertegenwoordiger/kvkNummer`, `/soortMaatregel/0`, `""` for the body itself), so one 400 lists them all and a
client can find each field without guessing how we spell paths. Identifiers get the real rules: the elfproef for
BSN and RSIN, the KvK number's shape; a representative must be known to the register (an unknown KvK or BSN is a
400 naming the field, as the judiciary cannot check a representative it has never heard of)."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any, get_args

from ..scenario import World
from ..scenario.identifiers import bsn_problem, kvk_problem
from ..scenario.model import Dienst, Soort
from .problems import ApiProblem, InvalidParam, bad_request

MAX_BODY = 64 * 1024
SOORTEN: tuple[str, ...] = get_args(Soort)
_VESTIGING = re.compile(r"^[0-9]{12}$")
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


@dataclass(frozen=True)
class Representative:
    kvk: str | None
    bsn: str | None
    vestigingsnummer: str | None = None
    rsin: str | None = None
    acting_subject_id: str | None = None


@dataclass(frozen=True)
class CheckRequest:
    client_bsn: str
    representative: Representative
    peildatum: dt.date
    soorten: tuple[str, ...]  # empty: every kind
    dienst: Dienst | None


@dataclass(frozen=True)
class ClientsRequest:
    representative: Representative
    peildatum: dt.date
    soorten: tuple[str, ...]


@dataclass(frozen=True)
class RegisterRequest:
    geslachtsnaam: str
    voorvoegsel: str | None
    geboortedatum: dt.date
    peildatum: dt.date


def pointer(parent: str, key: str | int) -> str:
    """The JSON pointer of `key` below `parent` ("" is the body); `~` and `/` in a key are escaped (RFC 6901)."""
    return f"{parent}/{str(key).replace('~', '~0').replace('/', '~1')}"


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def parse_json(data: bytes) -> object:
    """The body as JSON, or a 400 naming the body (pointer "") (strict JSON: no NaN/Infinity, UTF-8 only)."""
    if len(data) > MAX_BODY:
        raise ApiProblem(413, "bodyTooLarge", f"The request body exceeds {MAX_BODY} bytes.")
    try:
        return json.loads(data.decode("utf-8"), parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise bad_request([InvalidParam("", "json", f"not valid JSON: {exc}")]) from None


class _Reader:
    """Collects the problems of one body while reading its fields."""

    def __init__(self) -> None:
        self.problems: list[InvalidParam] = []

    def add(self, name: str, code: str, reason: str) -> None:
        self.problems.append(InvalidParam(name, code, reason))

    def obj(self, value: object, name: str, allowed: tuple[str, ...]) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.add(name, "object", f"expected a JSON object, got {_kind(value)}")
            return None
        for key in value:
            if key not in allowed:
                self.add(pointer(name, key), "unknownParam", f"unknown field; expected one of {', '.join(allowed)}")
        return value

    def text(self, obj: dict[str, Any], key: str, name: str, required: bool = False, max_length: int = 256) -> str | None:
        if key not in obj:
            if required:
                self.add(name, "required", "is required")
            return None
        value = obj[key]
        if not isinstance(value, str):
            self.add(name, "string", f"expected a string, got {_kind(value)}")
            return None
        if not value.strip():
            self.add(name, "minLength", "must not be empty")
            return None
        if len(value) > max_length:
            self.add(name, "maxLength", f"longer than {max_length} characters")
            return None
        return value

    def checked(self, obj: dict[str, Any], key: str, name: str, problem_of: Any, required: bool = False) -> str | None:
        """A field checked by an identifier rule (`problem_of(value) -> str | None`)."""
        value = self.text(obj, key, name, required)
        if value is None:
            return None
        problem = problem_of(value)
        if problem:
            code = "elfproef" if problem.endswith("elfproef") else "pattern"
            self.add(name, code, problem)
            return None
        return value

    def date(self, obj: dict[str, Any], key: str, name: str, required: bool = False) -> dt.date | None:
        value = self.text(obj, key, name, required, max_length=10)
        if value is None:
            return None
        try:
            if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
                raise ValueError
            return dt.date.fromisoformat(value)
        except ValueError:
            self.add(name, "date", f"{value!r} is not a date (YYYY-MM-DD)")
            return None

    def soorten(self, obj: dict[str, Any], key: str) -> tuple[str, ...]:
        if key not in obj:
            return ()
        value = obj[key]
        name = pointer("", key)
        if not isinstance(value, list):
            self.add(name, "array", f"expected an array, got {_kind(value)}")
            return ()
        result: list[str] = []
        for i, item in enumerate(value):
            if item not in SOORTEN:
                self.add(pointer(name, i), "enum", f"{item!r} is not one of {', '.join(SOORTEN)}")
            elif item in result:
                self.add(pointer(name, i), "unique", f"{item!r} is listed twice")
            else:
                result.append(item)
        return tuple(result)

    def finish(self) -> None:
        if self.problems:
            raise bad_request(self.problems)


def _kind(value: object) -> str:
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null"}.get(type(value), "a number")


def _representative(r: _Reader, body: dict[str, Any], world: World, allowed: tuple[str, ...], need_kvk: bool) -> Representative | None:
    name = pointer("", "vertegenwoordiger")
    if "vertegenwoordiger" not in body:
        r.add(name, "required", "is required")
        return None
    obj = r.obj(body["vertegenwoordiger"], name, allowed)
    if obj is None:
        return None
    kvk = r.checked(obj, "kvkNummer", pointer(name, "kvkNummer"), kvk_problem, required=need_kvk)
    bsn = r.checked(obj, "bsn", pointer(name, "bsn"), bsn_problem) if "bsn" in allowed else None
    rsin = r.checked(obj, "rsin", pointer(name, "rsin"), bsn_problem) if "rsin" in allowed else None
    vestiging = r.text(obj, "vestigingsnummer", pointer(name, "vestigingsnummer"))
    if vestiging is not None and not _VESTIGING.match(vestiging):
        r.add(pointer(name, "vestigingsnummer"), "pattern", f"{vestiging!r} is not a 12-digit vestigingsnummer")
        vestiging = None
    acting = r.text(obj, "actingSubjectId", pointer(name, "actingSubjectId")) if "actingSubjectId" in allowed else None
    if not need_kvk and "kvkNummer" not in obj and "bsn" not in obj:
        r.add(name, "required", "give kvkNummer (a professional, via eHerkenning) or bsn (a natural person)")
    if kvk is not None:
        org = world.organisations.get(kvk)
        if org is None:
            r.add(pointer(name, "kvkNummer"), "unknown", f"no representative with KvK number {kvk} is registered")
        else:
            if vestiging is not None and org.vestigingsnummer not in (None, vestiging):
                r.add(pointer(name, "vestigingsnummer"), "mismatch", f"{vestiging} is not a vestiging of KvK number {kvk}")
            if rsin is not None and org.rsin not in (None, rsin):
                r.add(pointer(name, "rsin"), "mismatch", f"{rsin} is not the RSIN of KvK number {kvk}")
    if bsn is not None and bsn not in world.persons:
        r.add(pointer(name, "bsn"), "unknown", f"no representative with BSN {bsn} is known")
    return Representative(kvk, bsn, vestiging, rsin, acting)


def _body(data: bytes, r: _Reader, allowed: tuple[str, ...]) -> dict[str, Any]:
    body = r.obj(parse_json(data), "", allowed)
    if body is None:
        r.finish()
    return body  # type: ignore[return-value]


def parse_check(data: bytes, world: World, today: dt.date) -> CheckRequest:
    r = _Reader()
    body = _body(data, r, ("vertegenwoordigde", "vertegenwoordiger", "peildatum", "soortMaatregel", "dienst"))
    client_bsn = None
    if "vertegenwoordigde" not in body:
        r.add("/vertegenwoordigde", "required", "is required")
    else:
        subject = r.obj(body["vertegenwoordigde"], "/vertegenwoordigde", ("bsn",))
        if subject is not None:
            client_bsn = r.checked(subject, "bsn", "/vertegenwoordigde/bsn", bsn_problem, required=True)
    rep = _representative(r, body, world, ("kvkNummer", "vestigingsnummer", "rsin", "bsn", "actingSubjectId"), need_kvk=False)
    peildatum = r.date(body, "peildatum", "/peildatum")
    soorten = r.soorten(body, "soortMaatregel")
    dienst = None
    if "dienst" in body:
        ref = r.obj(body["dienst"], "/dienst", ("serviceId", "serviceUuid"))
        if ref is not None:
            service_id = r.text(ref, "serviceId", "/dienst/serviceId", max_length=100)
            service_uuid = r.text(ref, "serviceUuid", "/dienst/serviceUuid", max_length=36)
            if service_uuid is not None and not _UUID.match(service_uuid):
                r.add("/dienst/serviceUuid", "uuid", f"{service_uuid!r} is not a UUID")
                service_uuid = None
            if "serviceId" not in ref and "serviceUuid" not in ref:
                r.add("/dienst", "required", "give serviceId or serviceUuid")
            by_id = world.service(service_id) if service_id else None
            by_uuid = world.service(service_uuid) if service_uuid else None
            if service_id and by_id is None:
                r.add("/dienst/serviceId", "unknown", f"no service {service_id!r} in the catalogue")
            if service_uuid and by_uuid is None:
                r.add("/dienst/serviceUuid", "unknown", f"no service with uuid {service_uuid} in the catalogue")
            if by_id and by_uuid and by_id.id != by_uuid.id:
                r.add("/dienst", "mismatch", f"serviceId {by_id.id!r} and serviceUuid {service_uuid} are different services")
            dienst = by_id or by_uuid
    r.finish()
    return CheckRequest(client_bsn, rep, peildatum or today, soorten, dienst)  # type: ignore[arg-type]


def parse_clients(data: bytes, world: World, today: dt.date) -> ClientsRequest:
    r = _Reader()
    body = _body(data, r, ("vertegenwoordiger", "peildatum", "soortMaatregel"))
    rep = _representative(r, body, world, ("kvkNummer", "vestigingsnummer"), need_kvk=True)
    peildatum = r.date(body, "peildatum", "/peildatum")
    soorten = r.soorten(body, "soortMaatregel")
    r.finish()
    return ClientsRequest(rep, peildatum or today, soorten)  # type: ignore[arg-type]


def parse_register(data: bytes, today: dt.date) -> RegisterRequest:
    r = _Reader()
    body = _body(data, r, ("geslachtsnaam", "voorvoegsel", "geboortedatum", "peildatum"))
    geslachtsnaam = r.text(body, "geslachtsnaam", "/geslachtsnaam", required=True, max_length=200)
    voorvoegsel = r.text(body, "voorvoegsel", "/voorvoegsel", max_length=20)
    geboortedatum = r.date(body, "geboortedatum", "/geboortedatum", required=True)
    peildatum = r.date(body, "peildatum", "/peildatum")
    r.finish()
    return RegisterRequest(geslachtsnaam.strip(), voorvoegsel.strip() if voorvoegsel else None, geboortedatum, peildatum or today)  # type: ignore[union-attr,arg-type]

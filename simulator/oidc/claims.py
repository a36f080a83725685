"""Claim profiles: how each broker hands a DigiD (Machtigen) login to municipal software.

A login yields a few logical values (who logged in, for whom, which service, which level); a profile names the
claim that carries each one. A client's `claims` overrides names, its `loa_mapping` the level values. A dot in
a name nests (`aanvrager.bsn` is {"aanvrager": {"bsn": ...}}, as a Keycloak mapper writes it), except in a URN
(a name with a colon, `urn:nl-eid-gdi:1.0:ServiceUUID`) and where escaped (`\\.`).

| profile    | source of the names |
| ---------- | ------------------- |
| `keycloak` | Open Formulieren's manual for DigiD Machtigen over OIDC (a Keycloak realm): `bsn`, `aanvrager.bsn` (vertegenwoordigde), `gemachtigde.bsn` (vertegenwoordiger), `urn:nl-eid-gdi:1.0:ServiceUUID`, `authsp_level` with DigiD's numbers |
| `eid`      | the eID attribute names, django-digid-eherkenning's OIDC defaults: `urn:nl-eid-gdi:1.0:LegalSubjectID`, `…:ActingSubjectID`, `…:ServiceUUID` |
| `nlgov`    | the NL GOV Assurance profile for OIDC: `sub` = the End-User's BSN with `sub_id_type`, `represents` = whom they act for, `acr` an eIDAS LoA, `jti`, `nbf` |
| `signicat` | Signicat's DigiD CombiConnect OIDC claims: `nin` (the person the login is for), `acting_nin` (who acts), `idp_id`, `nin_issuing_country` |
| `custom`   | only `sub`; every other claim comes from the client's `claims` |
"""

from __future__ import annotations

import hashlib
import re
import time
import uuid
from typing import Any

from ..scenario import World
from ..scenario.model import EH_LOA_URI, LOA_URI, DigidLevel, OidcClient
from .state import Authentication, new_token

BSN_ID_TYPE = "urn:nl-eid-gdi:1.0:id:BSN"
# A fixed namespace: a person's `sub` is the same at every start and for every client (as a broker's user id).
SUB_NAMESPACE = uuid.UUID("8a8f1c4e-2f0b-4c56-9a57-3d1d5f1e0a14")

# The eHerkenning names (django-digid-eherkenning's defaults for "eHerkenning (bewindvoering)"; `sel_uid` for the
# represented person is Anoigo's, the broker its schema was written against).
ETOEGANG_CLAIMS = {
    "kvk": "urn:etoegang:core:LegalSubjectID",
    "legal_subject_type": "namequalifier",
    "acting_subject_id": "urn:etoegang:core:ActingSubjectID",
    "vestigingsnummer": "urn:etoegang:1.9:ServiceRestriction:Vestigingsnr",
    "service_id": "urn:etoegang:core:ServiceID",
    "service_uuid": "urn:etoegang:core:ServiceUUID",
}
# Per profile and product family: the claim name of each logical value.
PROFILE_CLAIMS: dict[str, dict[str, dict[str, str]]] = {
    "keycloak": {
        "digid": {
            "bsn": "bsn",
            "acting_bsn": "gemachtigde.bsn",
            "legal_bsn": "aanvrager.bsn",
            "service_uuid": "urn:nl-eid-gdi:1.0:ServiceUUID",
            "loa": "authsp_level",
        },
        # Open Formulieren's examples for eHerkenning bewindvoering: `kvk` for the company, `bsn` for the person.
        "eherkenning": {**ETOEGANG_CLAIMS, "kvk": "kvk", "legal_bsn": "bsn", "loa": "authsp_level"},
    },
    "eid": {
        "digid": {
            "bsn": "urn:nl-eid-gdi:1.0:ActingSubjectID",
            "acting_bsn": "urn:nl-eid-gdi:1.0:ActingSubjectID",
            "legal_bsn": "urn:nl-eid-gdi:1.0:LegalSubjectID",
            "service_uuid": "urn:nl-eid-gdi:1.0:ServiceUUID",
        },
        "eherkenning": {**ETOEGANG_CLAIMS, "legal_bsn": "sel_uid"},
    },
    "nlgov": {"digid": {}, "eherkenning": {}},  # structural: sub / sub_id_type / represents / acr, written below
    "signicat": {"digid": {"bsn": "nin", "acting_bsn": "acting_nin", "legal_bsn": "nin"}, "eherkenning": {}},
    "custom": {"digid": {}, "eherkenning": {}},
}
KVK_ID_TYPE = "urn:etoegang:1.9:EntityConcernedID:KvKnr"
PSEUDONYM_ID_TYPE = "urn:nl-eid-gdi:1.0:id:pseudonym"
# DigiD's own numbers for its levels, as Keycloak realms fed by DigiD pass them on (Open Formulieren maps "10"..).
DEFAULT_LOA: dict[str, dict[str, str]] = {
    "keycloak": {level.name: str(level.value) for level in DigidLevel},
}
SPLIT = re.compile(r"(?<!\\)\.")


def put(claims: dict[str, Any], name: str, value: Any) -> None:
    """Write `value` under `name`, a dot meaning one level of nesting (not in a URN)."""
    parts = [name] if ":" in name else [p.replace("\\.", ".") for p in SPLIT.split(name)]
    target = claims
    for part in parts[:-1]:
        nested = target.get(part)
        if not isinstance(nested, dict):
            nested = target[part] = {}
        target = nested
    target[parts[-1]] = value


def subject_of(bsn: str | None) -> str:
    return str(uuid.uuid5(SUB_NAMESPACE, f"bsn:{bsn}"))


def acting_subject(client: OidcClient, login: Authentication) -> str:
    """The eHerkenning employee as the broker shows them: a pseudonym, stable per client, organisation and person."""
    assert login.eherkenning is not None
    seed = f"simulator-oidc-eherkenning:{client.client_id}:{login.eherkenning.organisatie}:{login.eherkenning.employee}"
    return hashlib.sha256(seed.encode()).hexdigest()[:40].upper()


def logical_values(login: Authentication, client: OidcClient, world: World) -> dict[str, str]:
    """The logical claim values of a successful login (keys of OIDC_CLAIM_KEYS)."""
    dienst = world.service(login.dienst)
    values: dict[str, str] = {}
    representation = login.representation
    eherkenning = login.eherkenning
    if eherkenning is not None:
        values["kvk"], values["legal_subject_type"] = eherkenning.legal_kvk, KVK_ID_TYPE
        values["acting_subject_id"] = acting_subject(client, login)
        if eherkenning.vestigingsnummer:
            values["vestigingsnummer"] = eherkenning.vestigingsnummer
    elif login.bsn:
        values["acting_bsn" if representation else "bsn"] = login.bsn
    if representation is not None:
        values["legal_bsn"] = representation.subject
        values["grond"] = representation.grond.value
    if dienst is not None:
        values["service_id"] = dienst.id
        values["service_uuid"] = dienst.uuid
    if login.level in EH_LOA_URI:
        values["loa"] = EH_LOA_URI[login.level]
    elif login.level:
        mapping = {**DEFAULT_LOA.get(client.profile, {}), **client.loa_mapping}
        values["loa"] = mapping.get(login.level, LOA_URI[login.level])
    return values


def user_claims(login: Authentication, client: OidcClient, world: World, issuer: str) -> dict[str, Any]:
    """What the ID token and userinfo say about the login: `sub` and the profile's claims."""
    values = logical_values(login, client, world)
    family = "eherkenning" if login.eherkenning is not None else "digid"
    names = {**PROFILE_CLAIMS[client.profile][family], **client.claims}
    claims: dict[str, Any] = {"sub": subject_of(login.bsn)}
    if client.profile == "nlgov" and login.eherkenning is not None:
        # The End-User (an employee, by pseudonym) represents the company; in bewindvoering the company represents
        # the client: a chain of nested `represents`, the represented person deepest (NL GOV profile).
        company: dict[str, Any] = {"sub": login.eherkenning.legal_kvk, "sub_id_type": KVK_ID_TYPE, "iss": issuer}
        if login.representation is not None:
            company["represents"] = {"sub": login.representation.subject, "sub_id_type": BSN_ID_TYPE, "iss": issuer}
        claims.update(sub=values["acting_subject_id"], sub_id_type=PSEUDONYM_ID_TYPE, represents=company, jti=new_token(16), nbf=int(time.time()))
    elif client.profile == "nlgov":
        claims.update(sub=login.bsn, sub_id_type=BSN_ID_TYPE, jti=new_token(16), nbf=int(time.time()))
        if login.representation is not None:
            claims["represents"] = {"sub": login.representation.subject, "sub_id_type": BSN_ID_TYPE, "iss": issuer}
    elif client.profile == "signicat" and login.bsn and login.eherkenning is None:
        person = login.representation.subject if login.representation else login.bsn
        claims.update(idp_id=f"S00000000:{person}", nin_issuing_country="NL", idp_issuer="digid-combiconnect")
    if login.level:
        claims["acr"] = EH_LOA_URI.get(login.level) or LOA_URI[login.level]
    for key, value in values.items():
        name = names.get(key)
        if name:
            put(claims, name, value)
    return claims

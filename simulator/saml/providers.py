"""The registry of DDCC connections (service providers), built from the scenario's `service_providers`.

Each entry is either a signed SP metadata file (md:EntitiesDescriptor: the connection first, then its DVs) or the
short form (entity ID, certificate paths, ACS/SLO URLs); both become the same `Connection`. The registry is
rebuilt when the world is replaced. An entry that cannot be used (unreadable certificate, bad metadata
signature) is kept as a problem, so a request from it is refused with that reason instead of "unknown issuer"."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509

from ..pki import key_name
from ..scenario import World
from ..scenario.model import Dienst, ServiceProvider
from .metadata import ARTIFACT, POST, Endpoint, EntityKeys, read_sp_metadata
from .xmlsecurity import EncryptionKey, XmlRejected


@dataclass(frozen=True)
class Dienstverlener:
    """A DV: the party whose encryption certificates the subject IDs are encrypted for."""

    entity_id: str
    encryption_keys: tuple[EncryptionKey, ...]
    diensten: tuple[str, ...]  # service ids this DV may request; empty: every service of the connection


@dataclass(frozen=True)
class Connection:
    """A party that sends AuthnRequests (a DV itself, or an LC on behalf of its DVs)."""

    entity_id: str
    name: str
    signing_certificates: tuple[x509.Certificate, ...]
    acs: tuple[Endpoint, ...]
    slo: tuple[Endpoint, ...]
    diensten: tuple[str, ...]  # service ids; empty: the whole catalogue
    attribute_consuming: dict[int, str]  # AttributeConsumingServiceIndex -> ServiceUUID or service id
    default_attribute_consuming: int | None
    dienstverleners: dict[str, Dienstverlener]

    def default_acs(self) -> Endpoint:
        for endpoint in self.acs:
            if endpoint.is_default:
                return endpoint
        return self.acs[0]

    def acs_by_index(self, index: int) -> Endpoint | None:
        return next((e for e in self.acs if e.index == index), None)

    def may_request(self, dv: Dienstverlener, dienst: Dienst) -> bool:
        allowed = dv.diensten or self.diensten
        return not allowed or dienst.id in allowed


class ProviderProblem(Exception):
    """Why a request from this issuer cannot be handled (unknown, or its registration is broken)."""


def _read_certificate(path: str) -> x509.Certificate:
    data = Path(path).read_bytes()
    try:
        return x509.load_pem_x509_certificate(data)
    except ValueError:
        return x509.load_der_x509_certificate(data)


def _service_ids(world: World, refs: list[str]) -> tuple[str, ...]:
    return tuple(world.service(ref).id for ref in refs if world.service(ref) is not None)  # type: ignore[union-attr]


def _with_base(url: str, base_url: str) -> str:
    return url.replace("{base_url}", base_url)


def _from_short_form(sp: ServiceProvider, world: World, base_url: str) -> Connection:
    signing = _read_certificate(sp.signing_certificate)  # type: ignore[arg-type]
    dvs: dict[str, Dienstverlener] = {}
    if sp.encryption_certificate:
        certificate = _read_certificate(sp.encryption_certificate)
        key = EncryptionKey(certificate, sp.encryption_key_name or key_name(certificate))
        dvs[sp.entity_id] = Dienstverlener(sp.entity_id, (key,), ())
    dvs.update(_dienstverleners(sp, world, {}))
    acs = tuple(Endpoint(_with_base(u, base_url), ARTIFACT, i, i == 0) for i, u in enumerate(sp.acs))
    slo = tuple(Endpoint(_with_base(u, base_url), POST) for u in sp.slo)
    diensten = _service_ids(world, sp.diensten)
    # The short form has no AttributeConsumingService: index i names the i-th of its `diensten`.
    consuming = {i: ref for i, ref in enumerate(diensten)}
    return Connection(sp.entity_id, sp.naam or sp.entity_id, (signing,), acs, slo, diensten, consuming, 0 if consuming else None, dvs)


def _dienstverleners(sp: ServiceProvider, world: World, from_metadata: dict[str, Dienstverlener]) -> dict[str, Dienstverlener]:
    """DVs from the scenario entry's `dienstverleners` (they add to, or restrict, what the metadata says)."""
    result = dict(from_metadata)
    for entry in sp.dienstverleners:
        known = result.get(entry.entity_id)
        keys = known.encryption_keys if known else ()
        if entry.encryption_certificate:
            certificate = _read_certificate(entry.encryption_certificate)
            keys = (EncryptionKey(certificate, entry.encryption_key_name or key_name(certificate)),)
        result[entry.entity_id] = Dienstverlener(entry.entity_id, keys, _service_ids(world, entry.diensten))
    return result


def _from_metadata(sp: ServiceProvider, world: World) -> Connection:
    trusted = [_read_certificate(sp.signing_certificate)] if sp.signing_certificate else None
    # DigiD's DDCC copies the KeyName into each EncryptedKey, so its SPs must publish one; the other doors do not,
    # and their SPs' metadata is still often signed with SHA-1 (django-digid-eherkenning's default).
    ddcc = sp.door == "ddcc"
    entities: list[EntityKeys] = read_sp_metadata(Path(sp.metadata).read_bytes(), trusted, require_key_name=ddcc, allow_sha1=not ddcc)  # type: ignore[arg-type]
    connection = entities[0]
    if connection.entity_id != sp.entity_id:
        raise XmlRejected(f"metadata describes {connection.entity_id}, the scenario entry says {sp.entity_id}")
    if not connection.acs:
        raise XmlRejected(f"{connection.entity_id}: metadata has no AssertionConsumerService")
    dvs = {
        e.entity_id: Dienstverlener(e.entity_id, tuple(EncryptionKey(c, n) for c, n in e.encryption), ())
        for e in entities
        if e.encryption
    }
    return Connection(
        sp.entity_id,
        sp.naam or sp.entity_id,
        connection.signing,
        connection.acs,
        connection.slo,
        _service_ids(world, sp.diensten),
        dict(connection.attribute_consuming),
        connection.default_attribute_consuming,
        _dienstverleners(sp, world, dvs),
    )


class ProviderRegistry:
    """Connections by entity ID for the current world; rebuilt lazily when the world changes."""

    def __init__(self, base_url: str, door: str = "ddcc"):
        self._base_url = base_url
        self._door = door  # only the scenario's service providers of this door
        self._lock = threading.Lock()
        self._world: World | None = None
        self._connections: dict[str, Connection] = {}
        self._problems: dict[str, str] = {}

    def _refresh(self, world: World) -> None:
        with self._lock:
            if self._world is world:
                return
            connections: dict[str, Connection] = {}
            problems: dict[str, str] = {}
            for entity_id, sp in world.service_providers.items():
                if sp.door != self._door:
                    continue
                try:
                    if sp.metadata:
                        connections[entity_id] = _from_metadata(sp, world)
                    else:
                        connections[entity_id] = _from_short_form(sp, world, self._base_url)
                except (OSError, ValueError, XmlRejected) as exc:
                    problems[entity_id] = f"registration of {entity_id} cannot be used: {exc}"
            self._connections, self._problems, self._world = connections, problems, world

    def get(self, world: World, entity_id: str) -> Connection:
        self._refresh(world)
        connection = self._connections.get(entity_id)
        if connection is not None:
            return connection
        if entity_id in self._problems:
            raise ProviderProblem(self._problems[entity_id])
        other = world.service_providers.get(entity_id)
        if other is not None:
            raise ProviderProblem(f"{entity_id!r} is registered for the {other.door} door, not this one ({self._door})")
        raise ProviderProblem(f"unknown issuer {entity_id!r}: no service provider with this entity ID in the scenario")

    def problems(self, world: World) -> dict[str, str]:
        self._refresh(world)
        return dict(self._problems)

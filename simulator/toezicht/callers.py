"""Who calls the Toezicht API, and whether they may: the OIN of the caller, checked against the scenario's
api_clients (each with its own `toezicht.operaties`).

- mtls: the OIN is the client certificate's subject.serialNumber (the TLS layer has verified the chain to the
  simulator's test CA). No certificate, or none with an OIN: 401. An OIN that is not a registered Toezicht client,
  or one not allowed this operation: 403.
- plain (quick starts): the caller may name its OIN in `X-Simulator-Oin`, and is then held to the same rules;
  without it the caller is anonymous and may use every operation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from ..scenario import World
from ..scenario.identifiers import oin_problem
from ..tls import client_certificate, oin_of
from .problems import ApiProblem, InvalidParam, bad_request

OIN_HEADER = "X-Simulator-Oin"


@dataclass(frozen=True)
class Caller:
    oin: str | None  # None: anonymous (plain mode without X-Simulator-Oin)
    operations: frozenset[str] | None = None  # None: every operation
    organisations: frozenset[str] = frozenset()  # KvK numbers the caller is (for "clienten": only its own)

    def authorise(self, operation: str) -> None:
        if self.operations is not None and operation not in self.operations:
            raise ApiProblem(403, "operationNotAllowed", f"OIN {self.oin} is not authorised for operation {operation!r}.")

    def authorise_organisation(self, kvk: str) -> None:
        """An office may list only its own clients (a registered caller without an organisation is a supervisor)."""
        if self.oin is not None and self.organisations and kvk not in self.organisations:
            raise ApiProblem(403, "organisationNotAllowed", f"OIN {self.oin} may only list the clients of KvK {', '.join(sorted(self.organisations))}.")


def presented_oin(auth_mode: str, environ: Mapping[str, Any], headers: Mapping[str, str]) -> str | None:
    """The OIN the caller presents (None: anonymous, plain mode only); raises ApiProblem 400/401."""
    if auth_mode == "mtls":
        cert = client_certificate(environ)
        if cert is None:
            raise ApiProblem(401, "certificateRequired", "A client certificate issued by the simulator's CA is required (mutual TLS).")
        oin = oin_of(cert)
        if oin is None or oin_problem(oin):
            raise ApiProblem(401, "certificateWithoutOin", "The client certificate carries no OIN in subject.serialNumber, or more than one.")
        return oin
    named = headers.get(OIN_HEADER)
    if named is None:
        return None
    problem = oin_problem(named.strip())
    if problem:
        raise bad_request([InvalidParam(OIN_HEADER, "pattern", problem)])
    return named.strip()


def registered_caller(oin: str | None, world: World) -> Caller:
    """The caller with what the scenario allows it; raises ApiProblem 403 for an OIN that is not registered."""
    if oin is None:
        return Caller(None)
    clients = [c for c in world.api_clients.values() if c.oin == oin and c.toezicht is not None]
    if not clients:
        raise ApiProblem(403, "oinNotRegistered", f"OIN {oin} is not registered as a client of the Toezicht API.")
    operations = frozenset(op for c in clients for op in c.toezicht.operaties)  # type: ignore[union-attr]
    organisations = frozenset(c.organisatie for c in clients if c.organisatie)
    return Caller(oin, operations, organisations)

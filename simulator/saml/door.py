"""The back channel and logout of a door's flow, the same at every door: resolving an artifact once (late ones
answered as expired) and ending SSO sessions on a LogoutRequest."""

from __future__ import annotations

import time
from typing import Any

from ..requestlog import add_log_fields
from .artifacts import FlowState
from .messages import ArtifactResolve, LogoutRequest
from .responses import ResponseBuilder
from .settings import DoorSettings


class DoorFlow:
    state: FlowState[Any, Any]
    builder: ResponseBuilder
    settings: DoorSettings

    def resolve(self, resolve: ArtifactResolve) -> bytes:
        add_log_fields(sp=resolve.issuer, artifact_resolve_id=resolve.id)
        result, missing = self.state.take(resolve.artifact, resolve.issuer)
        if result is None:
            add_log_fields(artifact=missing)
            return self.builder.artifact_response(resolve.id, None, False)
        late = time.time() - result.created > self.settings.artifact_deadline
        add_log_fields(outcome="artifact_expired" if late else result.outcome)
        return self.builder.artifact_response(resolve.id, result, late or result.outcome == "artifact_expired")

    def session_keys(self, request: LogoutRequest) -> list[str | None]:
        """What names the sessions to end: the NameID (the session ID) and the SessionIndexes."""
        return [request.name_id, *request.session_indexes]

    def logout(self, request: LogoutRequest, binding: str) -> tuple[str, bytes]:
        """End the SSO sessions; returns (where the LogoutResponse goes in `binding`, the signed LogoutResponse)."""
        sp = request.connection.entity_id
        ended = self.state.end_sessions(sp, self.session_keys(request))
        add_log_fields(sp=sp, logout_request_id=request.id, sessions_ended=ended)
        if not request.connection.slo:
            raise LookupError(f"{sp} has no SingleLogoutService")
        # The SP's SingleLogoutService of the binding the answer goes in (SP metadata often lists one per binding).
        endpoint = next((e for e in request.connection.slo if e.binding == binding), request.connection.slo[0])
        destination = endpoint.response_location or endpoint.location
        return destination, self.builder.logout_response(request.id, destination)

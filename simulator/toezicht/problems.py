"""Errors of the Toezicht API as RFC 9457 problem details, with NL API Design Rules' `invalidParams`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import Response, json

PROBLEM_JSON = "application/problem+json"

# RFC 9110 sections, as Haal Centraal APIs use them for `type`.
_TYPES = {
    400: "https://www.rfc-editor.org/rfc/rfc9110#name-400-bad-request",
    401: "https://www.rfc-editor.org/rfc/rfc9110#name-401-unauthorized",
    403: "https://www.rfc-editor.org/rfc/rfc9110#name-403-forbidden",
    404: "https://www.rfc-editor.org/rfc/rfc9110#name-404-not-found",
    405: "https://www.rfc-editor.org/rfc/rfc9110#name-405-method-not-allowed",
    413: "https://www.rfc-editor.org/rfc/rfc9110#name-413-content-too-large",
    415: "https://www.rfc-editor.org/rfc/rfc9110#name-415-unsupported-media-type",
    500: "https://www.rfc-editor.org/rfc/rfc9110#name-500-internal-server-error",
    503: "https://www.rfc-editor.org/rfc/rfc9110#name-503-service-unavailable",
}
_TITLES = {
    400: "Een of meer parameters zijn niet correct.",
    401: "Niet correct geauthenticeerd.",
    403: "U bent niet geautoriseerd voor deze operatie.",
    404: "Opgevraagde resource bestaat niet.",
    405: "Methode niet toegestaan.",
    413: "Het verzoek is te groot.",
    415: "Mediatype niet ondersteund.",
    500: "Interne fout.",
    503: "Toezicht is tijdelijk niet beschikbaar.",
}


@dataclass(frozen=True)
class InvalidParam:
    name: str  # a body field as a JSON pointer ("/vertegenwoordiger/kvkNummer", "" = the whole body), or a header name
    code: str
    reason: str

    def as_dict(self) -> dict[str, str]:
        return {"name": self.name, "code": self.code, "reason": self.reason}


@dataclass
class ApiProblem(Exception):
    """An error answer; raised anywhere while handling a request, turned into problem+json at the edge."""

    status: int
    code: str
    detail: str
    invalid_params: list[InvalidParam] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)

    def response(self, instance: str) -> Response:
        body: dict[str, Any] = {
            "type": _TYPES.get(self.status, "about:blank"),
            "title": _TITLES.get(self.status, "Fout."),
            "status": self.status,
            "detail": self.detail,
            "instance": instance,
            "code": self.code,
        }
        if self.invalid_params:
            body["invalidParams"] = [p.as_dict() for p in self.invalid_params]
        return Response(json.dumps(body), status=self.status, mimetype=PROBLEM_JSON, headers=self.headers)


def bad_request(params: list[InvalidParam]) -> ApiProblem:
    names = ", ".join(dict.fromkeys(p.name or "the body" for p in params))
    return ApiProblem(400, "paramsValidation", f"Invalid input: {names}.", params)

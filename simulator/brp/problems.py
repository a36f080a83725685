"""The BRP API's error responses: `application/problem+json` with the exact titles, codes and texts of the
real service (Haal Centraal BRP Personen, see the feature files of BRP-API/Haal-Centraal-BRP-bevragen).

Clients test on `code` and often on `title`/`invalidParams`, so every text here is copied from the real API and
must not be reworded."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from flask import Response, request

PROBLEM_JSON = "application/problem+json"
SUPPORTED = "Ondersteunde content type: application/json; charset=utf-8."

_TYPES = {
    400: "https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.1",
    401: "https://datatracker.ietf.org/doc/html/rfc7235#section-3.1",
    403: "https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.3",
    405: "https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.5",
    406: "https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.6",
    415: "https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.13",
    500: "https://datatracker.ietf.org/doc/html/rfc7231#section-6.6.1",
}

# invalidParams reasons, by code.
REQUIRED = "Parameter is verplicht."
NOT_ARRAY = "Parameter is geen array."
UNKNOWN_PARAM = "Parameter is niet verwacht."
BAD_TYPE_VALUE = "Waarde is geen geldig zoek type."
FIELD_UNKNOWN = "Parameter bevat een niet bestaande veldnaam."
FIELD_FORBIDDEN = "Parameter bevat een niet toegestane veldnaam."


def pattern_reason(pattern: str) -> str:
    return f"Waarde voldoet niet aan patroon {pattern}."


def min_items_reason(n: int) -> str:
    return f"Array bevat minder dan {n} items."


def max_items_reason(n: int) -> str:
    return f"Array bevat meer dan {n} items."


@dataclass(frozen=True)
class InvalidParam:
    name: str
    code: str
    reason: str

    def as_dict(self) -> dict[str, str]:
        return {"name": self.name, "code": self.code, "reason": self.reason}


@dataclass
class Problem(Exception):
    """An error answer; raise it anywhere in request handling, the blueprint turns it into the response."""

    status: int
    title: str
    code: str
    detail: str | None = None
    invalid_params: list[InvalidParam] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)

    def body(self, instance: str) -> dict[str, Any]:
        result: dict[str, Any] = {"type": _TYPES.get(self.status, _TYPES[500]), "title": self.title, "status": self.status}
        if self.detail:
            result["detail"] = self.detail
        result["instance"] = instance
        result["code"] = self.code
        if self.invalid_params:
            result["invalidParams"] = [p.as_dict() for p in self.invalid_params]
        return result

    def response(self) -> Response:
        text = json.dumps(self.body(request.path), ensure_ascii=False)
        return Response(text, status=self.status, headers=self.headers, content_type=PROBLEM_JSON)


def bad_request(params: list[InvalidParam]) -> Problem:
    """400 `paramsValidation` for invalid parameters, missing ones included: the official features answer a
    missing parameter with this code (`paramsCombination` appears in none of them)."""
    names = ", ".join(dict.fromkeys(p.name for p in params))
    return Problem(400, "Een of meerdere parameters zijn niet correct.", "paramsValidation", f"De foutieve parameter(s) zijn: {names}.", list(params))


def too_many_results(limit: int) -> Problem:
    return Problem(400, "Teveel zoekresultaten.", "tooManyResults", f"Meer dan maximum van {limit} zoekresultaten gevonden. Verfijn de zoekopdracht.")


def unauthenticated(detail: str | None = None) -> Problem:
    return Problem(401, "Niet correct geauthenticeerd.", "authentication", detail, headers={"WWW-Authenticate": 'Bearer realm="brp"'})


def not_authorised_for_api() -> Problem:
    return Problem(403, "U bent niet geautoriseerd voor het gebruik van deze API.", "unauthorized", "Niet geautoriseerd voor ad hoc bevragingen.")


def not_authorised_for_parameters(names: list[str]) -> Problem:
    # The real service lists the parameters in alphabetical order, not in the order of the request body.
    return Problem(
        403, "U bent niet geautoriseerd voor de gebruikte parameter(s).", "unauthorizedParameter",
        f"U bent niet geautoriseerd voor het gebruik van parameter(s): {', '.join(sorted(names))}.",
    )


def not_authorised_for_fields() -> Problem:
    # No `detail`: the real service only logs which fields were refused (features autorisatie/**/*.feature), so a
    # client cannot learn from the answer which fields it may not see. The caller logs them.
    return Problem(403, "U bent niet geautoriseerd voor één of meerdere opgegeven field waarden.", "unauthorizedField")


def not_acceptable() -> Problem:
    return Problem(406, "Gevraagde content type wordt niet ondersteund.", "notAcceptable", SUPPORTED)


def unsupported_media_type() -> Problem:
    return Problem(415, "Media Type wordt niet ondersteund.", "unsupportedMediaType", SUPPORTED)


def method_not_allowed(allowed: str) -> Problem:
    return Problem(405, "Gebruikte bevragingsmethode is niet toegestaan.", "methodNotAllowed", headers={"Allow": allowed})


def server_error() -> Problem:
    return Problem(500, "Interne server fout.", "serverError")

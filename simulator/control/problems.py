"""RFC 9457 problem details for the control API: every error says what is wrong and where."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Iterable

from flask import Response

PROBLEM_TYPE = "https://machtigingen-simulator.test/problems/"


def jsonable(value: Any) -> Any:
    """Dates as ISO 8601 (Flask's default provider would write HTTP dates), tuples as lists."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return value


def json_response(body: Any, status: int = 200) -> Response:
    return Response(json.dumps(jsonable(body), ensure_ascii=False), status=status, mimetype="application/json")


def problem(
    status: int,
    title: str,
    detail: str,
    kind: str,
    invalid_params: Iterable[dict[str, str]] = (),
    **extra: Any,
) -> Response:
    body: dict[str, Any] = {"type": PROBLEM_TYPE + kind, "title": title, "status": status, "detail": detail}
    params = list(invalid_params)
    if params:
        body["invalidParams"] = params
    body.update(extra)
    response = Response(json.dumps(jsonable(body), ensure_ascii=False), status=status, mimetype="application/problem+json")
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="simulator-control"'
    return response


def invalid(params: list[dict[str, str]], detail: str = "The request has invalid parameters.") -> Response:
    """400 listing every invalid parameter at once (name = JSON field or query parameter, reason in words)."""
    return problem(400, "Invalid request", detail, "invalid-request", params)

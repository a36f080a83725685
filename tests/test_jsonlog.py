"""The JSON log lines: every event one object, its fields beside the record's own keys."""

from __future__ import annotations

import io
import json
import logging

from simulator.jsonlog import JsonFormatter, log_event


def logged_line(message: str, fields: dict[str, object], severity: int = logging.INFO) -> dict[str, object]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("simulator.test-jsonlog")
    logger.handlers[:] = [handler]
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    log_event(logger, message, fields, severity)
    return json.loads(stream.getvalue())  # type: ignore[no-any-return]


def test_fields_sit_beside_the_record_keys() -> None:
    line = logged_line("GET /ready 200", {"status": 200, "request_id": "abc"}, logging.WARNING)
    assert line["message"] == "GET /ready 200" and line["level"] == "warning"
    assert (line["status"], line["request_id"]) == (200, "abc")


def test_a_field_named_like_a_record_key_does_not_overwrite_it() -> None:
    """A DigiD "level" in an audit event once collided with the log call's own keyword and broke the request."""
    line = logged_line("representation", {"level": "substantieel", "message": "x", "acting": "h"})
    assert line["level"] == "info" and line["message"] == "representation"
    assert line["field.level"] == "substantieel" and line["field.message"] == "x" and line["acting"] == "h"

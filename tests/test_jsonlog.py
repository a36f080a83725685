"""The JSON log lines: every event one object, its fields beside the record's own keys; every request and every
representation decision is one."""

from __future__ import annotations

import contextlib
import io
import json
import logging
from typing import Iterator

from flask.testing import FlaskClient

from simulator.jsonlog import JsonFormatter, log_event
from simulator.store import Store, hash_bsn


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


@contextlib.contextmanager
def captured(name: str) -> Iterator[io.StringIO]:
    """What logger `name` writes at INFO and above, formatted as the process log formats it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger(name)
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.INFO)
    try:
        yield stream
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def test_an_audit_event_keeps_bsns_in_memory_and_only_their_hashes_in_the_process_log(store: Store) -> None:
    """The audit trail says who acted for whom, for which service, on which ground; BSNs are personal data, so
    the process log (shipped to log collectors) carries a hash that still correlates entries."""
    with captured("simulator.audit") as stream:
        store.audit("representation", sp="urn:sp", acting_bsn="999990251", legal_bsn="999990263", dienst="bijzondere-bijstand", grond="vrijwillig")
    (entry,) = store.audit_log.entries()
    assert entry.kind == "representation"
    assert entry.data == {"sp": "urn:sp", "acting_bsn": "999990251", "legal_bsn": "999990263", "dienst": "bijzondere-bijstand", "grond": "vrijwillig"}
    line = json.loads(stream.getvalue())
    assert (line["logger"], line["message"], line["dienst"], line["grond"]) == ("simulator.audit", "representation", "bijzondere-bijstand", "vrijwillig")
    assert (line["acting_bsn"], line["legal_bsn"]) == (hash_bsn("999990251"), hash_bsn("999990263")) and len(line["acting_bsn"]) == 16
    assert "999990251" not in stream.getvalue() and "999990263" not in stream.getvalue()


def test_every_request_is_a_json_line_with_its_request_id(client: FlaskClient) -> None:
    with captured("simulator.request") as stream:
        given = client.get("/health", headers={"X-Request-Id": "trace-42"})
        made = client.get("/no-such-page")
    first, second = (json.loads(line) for line in stream.getvalue().splitlines())
    assert given.headers["X-Request-Id"] == first["request_id"] == "trace-42"
    assert (first["method"], first["path"], first["status"], first["message"]) == ("GET", "/health", 200, "GET /health 200")
    assert (second["path"], second["status"]) == ("/no-such-page", 404)
    assert made.headers["X-Request-Id"] == second["request_id"] and len(second["request_id"]) == 32


def test_a_line_holds_what_json_has_no_type_for_and_what_orjson_refuses() -> None:
    """Dates as their str(), integers beyond 64 bits and lone surrogates (from a JSON body's escapes) still make a
    line: a field never costs the line of its request."""
    import datetime as dt

    line = logged_line("odd", {"day": dt.date(2026, 6, 15), "big": 2**70, "text": "a\ud800b", "naam": "Gülşen"})
    assert (line["day"], line["big"], line["text"], line["naam"]) == ("2026-06-15", 2**70, "a\ud800b", "Gülşen")
    assert logged_line("dated", {"at": dt.datetime(2026, 6, 15, 10, 0, tzinfo=dt.timezone.utc)})["at"] == "2026-06-15 10:00:00+00:00"

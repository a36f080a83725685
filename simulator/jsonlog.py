"""Logs as JSON lines on stdout: one object per event, ready for a log collector in CI.

Lines are bounded: a text field (a SAML message as received, say) longer than `LINE_FIELD_CHARS` is cut, with a
visible marker that gives the whole text's size and SHA-256 (`clip`), so a client that sends megabytes cannot make
the log collector store them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import sys
from typing import Any, Mapping

import orjson


LINE_FIELD_CHARS = 4096
# Dates, datetimes and dataclasses as `str()` makes them, as json.dumps(default=str) did.
_ORJSON_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


def json_bytes(value: Any) -> bytes:
    """`value` as compact UTF-8 JSON, anything JSON has no type for as its `str()`.

    orjson: a log line costs a fifth of json.dumps' (every request writes one, and the kept request log measures
    each entry's JSON for its byte bound); what orjson refuses (an integer beyond 64 bits, a lone surrogate from
    a JSON body's escapes) goes to json, escaped to ASCII."""
    try:
        return orjson.dumps(value, default=str, option=_ORJSON_OPTIONS)
    except orjson.JSONEncodeError:
        return json.dumps(value, default=str, separators=(",", ":")).encode("ascii")


def clip(text: str, limit: int) -> str:
    """`text` if it has at most `limit` characters; else its first `limit` and a marker naming the whole."""
    if len(text) <= limit:
        return text
    data = text.encode("utf-8", "replace")
    return f"{text[:limit]}…[truncated: {len(data)} bytes in all, sha256 {hashlib.sha256(data).hexdigest()}]"


def clip_fields(fields: Mapping[str, Any], limit: int) -> dict[str, Any]:
    return {k: clip(v, limit) if isinstance(v, str) else v for k, v in fields.items()}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": clip(record.getMessage(), LINE_FIELD_CHARS),
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            # An event's own field never overwrites the record's time, level, logger or message (a DigiD
            # "level" is not the log level): a clashing name is kept with a "field." prefix.
            for key, value in clip_fields(fields, LINE_FIELD_CHARS).items():
                entry[f"field.{key}" if key in entry else key] = value
        if record.exc_info:
            entry["exception"] = clip(self.formatException(record.exc_info), 4 * LINE_FIELD_CHARS)
        return json_bytes(entry).decode()


def configure(level: str = "INFO") -> None:
    """Send every log record of the process to stdout as JSON (gunicorn's own loggers included)."""
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # The lines carry none of these; the logging HOWTO ("Optimization") names the switches that skip collecting
    # them for every record (the caller's frame, thread, process).
    logging._srcfile = None  # type: ignore[attr-defined]
    logging.logThreads = logging.logProcesses = logging.logMultiprocessing = False
    for name in ("gunicorn.error", "gunicorn.access", "werkzeug"):
        logger = logging.getLogger(name)
        logger.handlers[:] = []
        logger.propagate = True


def log_event(logger: logging.Logger, message: str, fields: Mapping[str, Any], severity: int = logging.INFO) -> None:
    """Log one event with its fields; the fields are a mapping, so any name (even "level") is a field."""
    logger.log(severity, message, extra={"fields": dict(fields)})

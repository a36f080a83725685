"""Logs as JSON lines on stdout: one object per event, ready for a log collector in CI."""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from typing import Any, Mapping


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            # An event's own field never overwrites the record's time, level, logger or message (a DigiD
            # "level" is not the log level): a clashing name is kept with a "field." prefix.
            for key, value in fields.items():
                entry[f"field.{key}" if key in entry else key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure(level: str = "INFO") -> None:
    """Send every log record of the process to stdout as JSON (gunicorn's own loggers included)."""
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in ("gunicorn.error", "gunicorn.access", "werkzeug"):
        logger = logging.getLogger(name)
        logger.handlers[:] = []
        logger.propagate = True


def log_event(logger: logging.Logger, message: str, fields: Mapping[str, Any], severity: int = logging.INFO) -> None:
    """Log one event with its fields; the fields are a mapping, so any name (even "level") is a field."""
    logger.log(severity, message, extra={"fields": dict(fields)})

"""Reading the store's request and audit logs: filters by SP, BSN, time and path, and the diagnostics view.

Interfaces attach their own fields to log entries (`add_log_fields`); the control API agrees with them on a few
names only: `sp` (the SP's entity ID), any field ending in `bsn`, and for a rejected SAML message `rejection`
(why, in words) with `saml_message` (the XML as received).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Mapping

from lxml import etree

from ..state import LogRecord as LogEntry

DEFAULT_LIMIT = 100
# Keys under which interfaces name the service provider of a request or decision.
SP_KEYS = ("sp", "sp_entity_id", "issuer")
MAX_PRETTY_BYTES = 2 * 1024 * 1024


class QueryError(ValueError):
    def __init__(self, params: list[dict[str, str]]):
        self.params = params
        super().__init__("; ".join(f"{p['name']}: {p['reason']}" for p in params))


def _instant(name: str, text: str | None, problems: list[dict[str, str]]) -> dt.datetime | None:
    if text is None:
        return None
    try:
        value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        problems.append({"name": name, "reason": f"{text!r} is not an ISO 8601 date-time (e.g. 2026-06-15T09:30:00Z)"})
        return None
    # A time without zone is read as UTC, the zone the logs are kept in.
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)


@dataclass(frozen=True)
class LogQuery:
    sp: str | None = None
    bsn: str | None = None
    since: dt.datetime | None = None
    until: dt.datetime | None = None
    path: str | None = None
    limit: int = DEFAULT_LIMIT

    @classmethod
    def from_args(cls, args: Mapping[str, str], capacity: int) -> "LogQuery":
        problems: list[dict[str, str]] = []
        known = {"sp", "bsn", "since", "until", "path", "limit"}
        for name in args:
            if name not in known:
                problems.append({"name": name, "reason": f"unknown query parameter; use {', '.join(sorted(known))}"})
        since = _instant("since", args.get("since"), problems)
        until = _instant("until", args.get("until"), problems)
        limit = DEFAULT_LIMIT
        if "limit" in args:
            # The document sets no maximum: a limit above what the log holds simply gets everything it holds.
            try:
                limit = min(int(args["limit"]), capacity)
                if limit < 1:
                    raise ValueError
            except ValueError:
                problems.append({"name": "limit", "reason": "expected a whole number of at least 1"})
        if problems:
            raise QueryError(problems)
        return cls(args.get("sp") or None, args.get("bsn") or None, since, until, args.get("path") or None, limit)

    def matches(self, entry: LogEntry) -> bool:
        data = entry.data
        if self.since and entry.time < self.since:
            return False
        if self.until and entry.time > self.until:
            return False
        if self.sp and not any(data.get(k) == self.sp for k in SP_KEYS):
            return False
        if self.bsn and not any(k.endswith("bsn") and _holds(v, self.bsn) for k, v in data.items()):
            return False
        if self.path and not str(data.get("path", "")).startswith(self.path):
            return False
        return True

    def select(self, entries: list[LogEntry]) -> list[dict[str, Any]]:
        """Matching entries, newest first, at most `limit`."""
        result = []
        for entry in reversed(entries):
            if self.matches(entry):
                result.append(entry.as_dict())
                if len(result) >= self.limit:
                    break
        return result


def _holds(value: Any, bsn: str) -> bool:
    if isinstance(value, (list, tuple)):
        return bsn in value
    return value == bsn


def pretty_xml(text: str) -> str:
    """The XML indented for reading; the text as it was when it is not well-formed (that may be the rejection)."""
    if not text or len(text) > MAX_PRETTY_BYTES:
        return text
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=True, load_dtd=False)
    try:
        root = etree.fromstring(text.encode("utf-8") if isinstance(text, str) else text, parser)
    except (etree.XMLSyntaxError, ValueError):
        return text
    return etree.tostring(root, pretty_print=True, encoding="unicode")


def diagnostic(entry: dict[str, Any]) -> dict[str, Any]:
    """A rejected request, or one accepted with warnings (what a strict IdP would refuse), as the diagnostics view
    shows it: why, in words, beside the message."""
    message = entry.get("saml_message")
    return {
        "seq": entry["seq"],
        "time": entry["time"],
        "method": entry.get("method"),
        "path": entry.get("path"),
        "status": entry.get("status"),
        "sp": next((entry[k] for k in SP_KEYS if entry.get(k)), None),
        "rejection": entry.get("rejection"),
        "warnings": list(entry.get("warnings") or []),
        "saml_message": pretty_xml(message) if isinstance(message, str) else None,
        "oidc_request": entry.get("oidc_request"),
    }


def diagnostics(query: LogQuery, entries: list[LogEntry]) -> list[dict[str, Any]]:
    noted = [e for e in entries if e.data.get("rejection") or e.data.get("warnings")]
    return [diagnostic(e) for e in query.select(noted)]

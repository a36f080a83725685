"""What a hostile or careless client sends is bounded: logs by bytes as well as entries, each kept message cut with
a marker, stdout lines capped, request bodies refused before they are parsed."""

from __future__ import annotations

import base64
import gc
import hashlib
import io
import json
import logging
import os
import tracemalloc
from typing import Any, Callable

import pytest

from simulator.app import create_app
from simulator.config import Config
from simulator.jsonlog import LINE_FIELD_CHARS, JsonFormatter, clip
from simulator.state.memory import MemoryLog
from simulator.store import FIELD_CHARS

from test_jsonlog import logged_line  # tests/ holds no package: pytest puts it on sys.path

AUTHN = "/saml/v4/entrance/request_authentication"


def test_a_log_keeps_entries_within_its_bytes() -> None:
    log = MemoryLog(capacity=1000, max_bytes=200_000)
    for i in range(100):
        log.append("request", {"i": i, "saml_message": "x" * 10_000})
    entries = log.entries()
    assert log.total_bytes <= 200_000 and 10 < len(entries) < 20
    assert entries[-1].data["i"] == 99  # the newest are kept
    log.clear()
    assert (log.entries(), log.total_bytes) == ([], 0)


def test_a_long_text_is_cut_with_its_size_and_sha256() -> None:
    text = "é" * 100_000
    cut = clip(text, 1000)
    digest = hashlib.sha256(text.encode()).hexdigest()
    assert cut.startswith("é" * 1000) and cut.endswith(f"…[truncated: 200000 bytes in all, sha256 {digest}]")
    assert clip("short", 1000) == "short"


def test_log_lines_on_stdout_are_capped() -> None:
    line = logged_line("rejected " + "m" * 100_000, {"saml_message": "<x/>" * 100_000, "status": 400})
    assert len(json.dumps(line)) < 3 * LINE_FIELD_CHARS
    assert "bytes in all, sha256" in line["saml_message"] and "bytes in all, sha256" in line["message"]  # type: ignore[operator]
    assert line["status"] == 400


def test_large_rejected_messages_keep_the_logs_and_memory_within_the_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    """Before: every rejected message was kept whole (256 K) in a log bounded by count only; 1,500 of them took
    the worker from 46 to 1,576 MB and /control/requests?limit=1000 answered with 250 MB."""
    # The process's own JSON lines to nowhere: pytest's log capture would keep every record (and so every message).
    devnull = open(os.devnull, "w")
    handler = logging.StreamHandler(devnull)
    handler.setFormatter(JsonFormatter())
    monkeypatch.setattr(logging.getLogger(), "handlers", [handler])
    log_bytes = 2 * 1024 * 1024
    app = create_app(Config.from_env({"SIMULATOR_LOG_BYTES": str(log_bytes)}))
    client = app.test_client()
    message = b"<samlp:AuthnRequest>" + b"A" * 250_000 + b"</samlp:AuthnRequest>"
    form = {"SAMLRequest": base64.b64encode(message).decode()}
    client.post(AUTHN, data=form)  # warm up: templates, caches
    gc.collect()
    tracemalloc.start()
    try:
        for _ in range(150):
            assert client.post(AUTHN, data=form).status_code == 400
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
        devnull.close()
    store = app.extensions["simulator"]
    assert store.requests.log.total_bytes <= log_bytes // 2
    assert grown < 2 * log_bytes, grown  # 150 whole messages would be 37 MB
    kept = store.requests.entries()[-1].data["saml_message"]
    digest = hashlib.sha256(message).hexdigest()
    assert len(kept) < FIELD_CHARS + 200 and kept.endswith(f"…[truncated: {len(message)} bytes in all, sha256 {digest}]")
    listed = client.get("/control/requests?limit=1000")
    assert listed.status_code == 200 and len(listed.data) < log_bytes // 2 + 64 * 1024
    assert listed.json[0]["saml_message"] == kept


class Endless(io.RawIOBase):
    """A request body that never ends; counts what was read of it."""

    def __init__(self) -> None:
        self.read_bytes = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        buffer[: len(buffer)] = b"[" * len(buffer)
        self.read_bytes += len(buffer)
        return len(buffer)


def call(app: Any, path: str, body: io.RawIOBase, **environ: Any) -> tuple[str, dict[str, Any]]:
    """The app as the WSGI server calls it, with `body` as wsgi.input (the test client would buffer it first)."""
    answer: list[str] = []
    start: Callable[..., None] = lambda status, headers: answer.append(status)
    env = {"REQUEST_METHOD": "POST", "PATH_INFO": path, "SERVER_NAME": "localhost", "SERVER_PORT": "80", "wsgi.url_scheme": "http",
           "wsgi.input": body, "CONTENT_TYPE": "application/x-www-form-urlencoded", **environ}
    result = b"".join(app(env, start))
    return answer[0], json.loads(result)


def test_a_body_over_the_limit_is_refused_before_it_is_read() -> None:
    """Before: a 33 MB form post was read and parsed whole (~560 MB) before its size was checked."""
    app = create_app(Config.from_env({}))
    huge = 33 * 1024 * 1024
    body = Endless()
    status, problem = call(app, AUTHN, body, CONTENT_LENGTH=str(huge))
    assert status.startswith("413") and body.read_bytes == 0
    assert (problem["status"], problem["instance"]) == (413, AUTHN) and f"{huge} (Content-Length)" in problem["detail"]


def test_a_chunked_body_is_cut_at_the_limit() -> None:
    app = create_app(Config.from_env({"SIMULATOR_MAX_BODY_BYTES": "4096"}))
    body = Endless()
    status, problem = call(app, "/haalcentraal/api/brp/personen", body, HTTP_TRANSFER_ENCODING="chunked", **{"wsgi.input_terminated": True})
    assert status.startswith("413") and "at most 4096 bytes" in problem["detail"]
    assert body.read_bytes <= 4097 + 8192  # the limit and one buffer


def test_endpoints_declare_larger_limits_for_their_own_bodies() -> None:
    app = create_app(Config.from_env({"SIMULATOR_MAX_BODY_BYTES": "2048"}))
    bodies = app.wsgi_app.root_app  # behind the namespace dispatcher
    assert bodies.limit_for("/haalcentraal/api/brp/personen") == 2048
    assert bodies.limit_for(AUTHN) == 2 * 256 * 1024 + 16 * 1024  # DDCC_MAX_MESSAGE_BYTES, base64 and form-encoded
    assert bodies.limit_for("/control/scenario") == 32 * 1024 * 1024  # SIMULATOR_MAX_UPLOAD_BYTES
    small = app.test_client().post("/haalcentraal/api/brp/personen", data=b" " * 4000, content_type="application/json")
    assert small.status_code == 413

"""The three state backends keep the same promises: tables bounded by capacity and age with atomic take and
add_new, cells with atomic updates, bounded logs, namespaces dropped whole; and none of them answers from state
it cannot trust."""

from __future__ import annotations

import datetime as dt
import threading
import time
from pathlib import Path

import pytest
from cryptography import x509

from simulator.outcomes import Directive
from simulator.scenario import Source
from simulator.state import Backend, StateLost, StateUnavailable, open_backend
from simulator.state.sealing import Sealer

from .redis_server import RedisServer

CERT = x509.load_pem_x509_certificate((Path(__file__).resolve().parents[2] / "certs" / "idp-signing.crt").read_bytes())


def test_a_table_keeps_typed_values_and_takes_them_once(backend: Backend) -> None:
    table = backend.table("", "things", 10, 60)
    value = {"directive": Directive("cancel", bsn="999990019"), "day": dt.date(2026, 6, 15), "certificate": CERT}
    table.put("a", value)
    assert table.get("a") == value and table.get("missing") is None
    assert table.items() == [("a", value)]
    assert table.take("a") == value
    assert table.take("a") is None and table.get("a") is None


def test_add_new_refuses_a_key_that_is_there(backend: Backend) -> None:
    table = backend.table("", "seen", 10, 60)
    assert table.add_new("id-1", 1.0) is True
    assert table.add_new("id-1", 2.0) is False
    assert table.get("id-1") == 1.0


def test_a_table_drops_its_oldest_beyond_capacity(backend: Backend) -> None:
    table = backend.table("", "bounded", 3, 60)
    for i in range(5):
        table.put(f"k{i}", i)
    table.put("k2", 22)  # replaced: now the newest
    assert [k for k, _ in table.items()] == ["k3", "k4", "k2"]
    assert table.get("k0") is None and table.get("k1") is None


def test_entries_expire(backend: Backend) -> None:
    table = backend.table("", "short", 10, 0.2)
    table.put("a", 1)
    assert table.add_new("b", 2)
    time.sleep(0.35)
    assert table.get("a") is None and table.take("b") is None and table.items() == []
    assert table.add_new("b", 3) is True


def test_of_concurrent_takes_exactly_one_gets_the_value(backend: Backend) -> None:
    table = backend.table("", "race", 1000, 60)
    for i in range(50):
        table.put(f"a{i}", i)
    got: list[int] = []
    lock = threading.Lock()

    def take_all() -> None:
        for i in range(50):
            value = table.take(f"a{i}")
            if value is not None:
                with lock:
                    got.append(value)

    threads = [threading.Thread(target=take_all) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(got) == list(range(50))


def test_cell_updates_are_atomic(backend: Backend) -> None:
    cell = backend.cell("", "counter")
    assert cell.get() is None

    def add() -> None:
        for _ in range(25):
            cell.update(lambda n: ((n or 0) + 1, None))

    threads = [threading.Thread(target=add) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert cell.get() == 100
    assert cell.update(lambda n: (None, n)) == 100
    assert cell.get() is None
    cell.set([Source("a.yaml", "persons: []", None)])
    assert cell.get() == [Source("a.yaml", "persons: []", None)]


def test_a_log_keeps_its_newest_entries_in_order(backend: Backend) -> None:
    log = backend.log("", "requests", 3)
    for i in range(5):
        log.append("request", {"i": i})
    entries = log.entries()
    assert [e.data["i"] for e in entries] == [2, 3, 4]
    assert entries[0].seq < entries[1].seq < entries[2].seq
    assert entries[0].time.tzinfo is not None and entries[0].as_dict()["kind"] == "request"
    log.clear()
    assert log.entries() == []
    assert log.append("audit", {}).seq > entries[-1].seq


def test_namespaces_are_separate_and_dropped_whole(backend: Backend) -> None:
    if not backend.persistent:
        pytest.skip("in memory a namespace's state lives in its own objects and goes with its app")
    for scope in ("job-1", "job-2"):
        backend.table(scope, "t", 10, 60).put("k", scope)
        backend.cell(scope, "c").set(scope)
        backend.log(scope, "l", 10).append("x", {"scope": scope})
    backend.drop("job-1")
    assert backend.table("job-1", "t", 10, 60).get("k") is None and backend.cell("job-1", "c").get() is None
    assert backend.log("job-1", "l", 10).entries() == []
    assert backend.table("job-2", "t", 10, 60).get("k") == "job-2" and backend.cell("job-2", "c").get() == "job-2"
    assert backend.table("", "t", 10, 60).get("k") is None  # the root is a scope of its own


def test_a_value_not_sealed_with_our_secret_is_refused() -> None:
    sealed = Sealer(b"one").seal({"a": 1})
    assert Sealer(b"one").open(sealed) == {"a": 1}
    with pytest.raises(StateUnavailable, match="integrity"):
        Sealer(b"other").open(sealed)
    with pytest.raises(StateUnavailable, match="integrity"):
        Sealer(b"one").open(sealed[:-1] + b"\x00")


def test_a_state_written_with_another_secret_is_refused(tmp_path: Path) -> None:
    url = f"sqlite://{tmp_path}/state.db"
    open_backend(url, b"one").cell("", "clock").set({"today": dt.date(2030, 1, 1)})
    with pytest.raises(StateUnavailable):
        open_backend(url, b"two").cell("", "clock").get()


def test_sqlite_state_survives_reopening(tmp_path: Path) -> None:
    url = f"sqlite://{tmp_path}/state.db"
    first = open_backend(url, b"s")
    first.table("", "t", 10, 60).put("k", 1)
    first.log("", "l", 10).append("x", {"a": 1})
    first.close()
    again = open_backend(url, b"s")
    assert again.table("", "t", 10, 60).get("k") == 1
    assert [e.data for e in again.log("", "l", 10).entries()] == [{"a": 1}]
    again.check()


def test_sqlite_says_so_when_its_file_is_removed(tmp_path: Path) -> None:
    backend = open_backend(f"sqlite://{tmp_path}/state.db", b"s")
    backend.check()
    (tmp_path / "state.db").unlink()
    with pytest.raises(StateLost, match="removed or replaced"):
        backend.check()


def test_an_unusable_sqlite_path_stops_the_start(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a folder")
    with pytest.raises(StateUnavailable, match="SIMULATOR_STATE"):
        open_backend(f"sqlite://{tmp_path}/file/state.db")


def test_redis_says_so_when_it_was_emptied(redis_server: RedisServer) -> None:
    backend = open_backend(redis_server.url, b"s")
    backend.check()
    backend.client.flushall()  # type: ignore[attr-defined]
    with pytest.raises(StateLost, match="no longer holds"):
        backend.check()


def test_an_unreachable_redis_is_unavailable_not_empty(redis_server: RedisServer) -> None:
    backend = open_backend(redis_server.url, b"s")
    cell = backend.cell("", "clock")
    cell.set(1)
    redis_server.stop()
    with pytest.raises(StateUnavailable, match="Redis state at redis://127.0.0.1"):
        cell.get()
    with pytest.raises(StateUnavailable):
        backend.check()


def test_a_redis_that_cannot_be_reached_stops_the_start() -> None:
    from .redis_server import free_port

    with pytest.raises(StateUnavailable, match="SIMULATOR_STATE=redis://127.0.0.1"):
        open_backend(f"redis://127.0.0.1:{free_port()}/0")

"""`oidc_clients`: every rule reports file, line, column and field path."""

from __future__ import annotations

import json
from pathlib import Path

from .helpers import SERVICES, load, only, position, problems, write


def client(**fields: str) -> str:
    values = {"client_id": "rp", "client_secret": "s", "redirect_uris": '["https://rp.example/cb"]', "diensten": "[bijstand]", **fields}
    return "  - {" + ", ".join(f"{k}: {v}" for k, v in values.items() if v != "") + "}\n"


def test_a_client_loads_with_its_services_and_jwks_resolved(tmp_path: Path) -> None:
    jwks = tmp_path / "rp.jwks.json"
    jwks.write_text(json.dumps({"keys": [{"kty": "RSA", "n": "AQAB", "e": "AQAB"}]}))
    world = load(write(tmp_path, SERVICES + "oidc_clients:\n" + client() + client(client_id="jwt", client_secret="", jwks="rp.jwks.json")))
    assert world.oidc_clients["rp"].allowed_products == ("digid",)
    assert world.oidc_clients["jwt"].jwks == str(jwks)


def test_credentials_claim_keys_products_and_redirect_uris(tmp_path: Path) -> None:
    text = SERVICES + "oidc_clients:\n" + client(client_id="both", jwks="x.json") + client(client_id="none", client_secret="")
    text += client(client_id="claims", claims="{nickname: nick}") + client(client_id="products", product="digid_machtigen", producten="[digid]")
    text += client(client_id="uri", redirect_uris='["ftp://rp.example/cb"]') + client(client_id="empty", diensten="[]")
    path = write(tmp_path, text)
    found = problems(path)
    assert "exactly one of client_secret" in only(found, "oidc_clients[0]").message
    assert "exactly one of client_secret" in only(found, "oidc_clients[1]").message
    assert "unknown claim key(s) nickname" in only(found, "oidc_clients[2]").message
    assert "not among producten" in only(found, "oidc_clients[3]").message
    assert only(found, "oidc_clients[4].redirect_uris[0]").line == position(path, "ftp://")[0]
    assert "at least 1 item" in only(found, "oidc_clients[5].diensten").message


def test_cross_references(tmp_path: Path) -> None:
    (tmp_path / "private.json").write_text(json.dumps({"keys": [{"kty": "RSA", "n": "AQAB", "e": "AQAB", "d": "AQAB"}]}))
    (tmp_path / "broken.json").write_text("{")
    text = SERVICES + "oidc_clients:\n" + client() + client()  # a duplicate client_id
    text += client(client_id="svc", diensten="[nope]") + client(client_id="missing", client_secret="", jwks="gone.json")
    text += client(client_id="priv", client_secret="", jwks="private.json") + client(client_id="broken", client_secret="", jwks="broken.json")
    path = write(tmp_path, text)
    found = problems(path)
    duplicate = only(found, "oidc_clients[1].client_id")
    assert "'rp' is already used by oidc_clients[0]" in duplicate.message
    assert (duplicate.line, duplicate.column) == position(path, "client_id: rp", 2)
    assert "unknown service 'nope'" in only(found, "oidc_clients[2].diensten[0]").message
    assert "file not found" in only(found, "oidc_clients[3].jwks").message
    assert "holds a private key" in only(found, "oidc_clients[4].jwks").message
    assert "is not JSON" in only(found, "oidc_clients[5].jwks").message

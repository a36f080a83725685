"""The scale-out example (examples/scale-out/): two replicas on one Valkey behind a proxy, for compose and for
Kubernetes. Static checks, without an engine: the files parse, the replicas share the state and the public URL,
readiness is /ready, and the README's state section shows the files as they are."""

from __future__ import annotations

import re
from typing import Any

import yaml

from .image import ROOT
from .test_examples import IMAGE, check_env

FOLDER = ROOT / "examples" / "scale-out"
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_compose_runs_two_replicas_on_valkey_behind_the_proxy() -> None:
    services = yaml.safe_load((FOLDER / "docker-compose.yml").read_text(encoding="utf-8"))["services"]
    simulator, valkey, proxy = services["simulator"], services["valkey"], services["proxy"]
    assert IMAGE.search(simulator["image"]) and simulator["deploy"]["replicas"] == 2
    assert "ports" not in simulator, "only the proxy is published: clients must not reach one replica directly"
    check_env(simulator["environment"], "http://localhost:8080")
    assert simulator["environment"]["SIMULATOR_STATE"] == "redis://valkey:6379/0"
    assert simulator["depends_on"] == {"valkey": {"condition": "service_healthy"}}
    assert valkey["image"].startswith("valkey/valkey:") and "--appendonly" in valkey["command"]
    assert proxy["ports"] == ["8080:8080"] and proxy["depends_on"] == {"simulator": {"condition": "service_healthy"}}
    assert "./nginx.conf:/etc/nginx/conf.d/default.conf:ro" in proxy["volumes"]


def test_the_proxy_balances_over_the_replicas_and_skips_an_unready_one() -> None:
    conf = (FOLDER / "nginx.conf").read_text(encoding="utf-8")
    assert re.search(r"upstream simulator \{\s*server simulator:8080;", conf)
    assert re.search(r"listen 8080;", conf) and "proxy_pass http://simulator;" in conf
    assert "proxy_next_upstream error timeout http_503;" in conf
    assert "client_max_body_size 32m;" in conf  # as the app's MAX_CONTENT_LENGTH


def documents() -> dict[tuple[str, str], Any]:
    text = (FOLDER / "kubernetes.yaml").read_text(encoding="utf-8")
    return {(d["kind"], d["metadata"]["name"]): d for d in yaml.safe_load_all(text)}


def test_kubernetes_runs_two_ready_replicas_behind_a_service() -> None:
    docs = documents()
    deployment = docs[("Deployment", "simulator")]["spec"]
    assert deployment["replicas"] == 2
    (container,) = deployment["template"]["spec"]["containers"]
    assert IMAGE.search(container["image"])
    assert container["readinessProbe"]["httpGet"] == {"path": "/ready", "port": 8080}
    assert container["livenessProbe"]["httpGet"] == {"path": "/health", "port": 8080}
    env = {e["name"]: e["value"] for e in container["env"]}
    check_env(env, "http://simulator:8080")
    service = docs[("Service", "simulator")]["spec"]
    assert service["selector"] == deployment["template"]["metadata"]["labels"] == deployment["selector"]["matchLabels"]
    assert service["ports"] == [{"port": 8080, "targetPort": 8080}]
    # The state URL names the Valkey Service of the same manifest.
    host, port = re.fullmatch(r"redis://([a-z-]+):(\d+)/0", env["SIMULATOR_STATE"]).groups()  # type: ignore[union-attr]
    valkey = docs[("Service", host)]["spec"]
    assert valkey["ports"][0]["port"] == int(port)
    assert valkey["selector"] == docs[("Deployment", host)]["spec"]["template"]["metadata"]["labels"]


def test_readme_shows_the_scale_out_files_as_they_are() -> None:
    section = README[README.index("<!-- BEGIN state -->") : README.index("<!-- END state -->")]
    blocks = [block.strip() for block in re.findall(r"```\w*\n(.*?)```", section, re.S)]
    for path in sorted(FOLDER.iterdir()):
        assert path.read_text(encoding="utf-8").strip() in blocks, f"README's state section differs from {path.relative_to(ROOT)}"

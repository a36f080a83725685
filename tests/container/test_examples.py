"""The copy-paste examples in examples/ (and the README's container section, which shows them): they parse, use
the image, publish or reach port 8080, set only settings the simulator knows, and keep SIMULATOR_BASE_URL equal
to the URL the client uses. Runs without an engine; the container test exercises the image itself."""

from __future__ import annotations

import ast
import re
from typing import Any

import pytest
import yaml

from simulator.config import Config

from .image import ROOT

EXAMPLES = ROOT / "examples"
IMAGE = re.compile(r"(^|/)machtigingen-simulator:[\w.-]+$")
README = (ROOT / "README.md").read_text(encoding="utf-8")


def known_settings() -> set[str]:
    """Every SIMULATOR_* name the README documents (each interface documents its own)."""
    return set(re.findall(r"`(SIMULATOR_[A-Z0-9_]+)`", README))


def check_env(env: dict[str, Any], base_url: str) -> None:
    unknown = {name for name in env if name.startswith("SIMULATOR_")} - known_settings()
    assert not unknown, f"settings not documented in README.md: {sorted(unknown)}"
    assert env["SIMULATOR_BASE_URL"] == base_url
    Config.from_env({k: str(v) for k, v in env.items()})  # every value is one the simulator accepts
    inline = env.get("SIMULATOR_SCENARIO_INLINE")
    if inline:
        from simulator.scenario import Source, load_world

        load_world([Source(name="inline", text=inline, base_dir=ROOT)])


def load(name: str) -> Any:
    return yaml.safe_load((EXAMPLES / name).read_text(encoding="utf-8"))


def test_docker_compose() -> None:
    services = load("docker-compose.yml")["services"]
    simulator = services["simulator"]
    assert IMAGE.search(simulator["image"])
    assert simulator["ports"] == ["8080:8080"]
    check_env(simulator["environment"], "http://localhost:8080")
    smoke = services["smoke"]
    assert smoke["depends_on"] == {"simulator": {"condition": "service_healthy"}}
    assert "http://simulator:8080/ready" in " ".join(smoke["entrypoint"])


def test_github_actions_service() -> None:
    job = load("github-actions.yml")["jobs"]["test"]
    service = job["services"]["simulator"]
    assert IMAGE.search(service["image"])
    assert service["ports"] == ["8080:8080"]
    check_env(service["env"], "http://localhost:8080")
    assert any("http://localhost:8080/" in step.get("run", "") for step in job["steps"])


def test_gitlab_ci_service() -> None:
    job = load("gitlab-ci.yml")["integration"]
    (service,) = job["services"]
    assert IMAGE.search(service["name"]) and service["alias"] == "simulator"
    check_env(service["variables"], "http://simulator:8080")
    assert job["variables"]["SIMULATOR_URL"] == "http://simulator:8080"


def test_testcontainers_example() -> None:
    tree = ast.parse((EXAMPLES / "testcontainers_simulator.py").read_text(encoding="utf-8"))
    constants = {
        node.targets[0].id: node.value.value
        for node in tree.body
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name) and isinstance(node.value, ast.Constant)
    }
    assert IMAGE.search(constants["IMAGE"])
    calls = {
        (node.func.attr, tuple(ast.unparse(a) for a in node.args))
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
    }
    assert ("with_bind_ports", ("8080", "port")) in calls
    assert ("with_env", ("'SIMULATOR_BASE_URL'", "base_url")) in calls
    settings = {args[0].strip("'") for name, args in calls if name == "with_env"}
    assert settings <= known_settings()


def test_the_image_exposes_the_port_the_examples_use() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^EXPOSE 8080$", dockerfile, re.M) and "SIMULATOR_PORT=8080" in dockerfile


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.iterdir() if p.is_file()))
def test_readme_shows_the_example_as_it_is(name: str) -> None:
    section = README[README.index("<!-- BEGIN container -->") : README.index("<!-- END container -->")]
    blocks = [block.strip() for block in re.findall(r"```\w*\n(.*?)```", section, re.S)]
    assert (EXAMPLES / name).read_text(encoding="utf-8").strip() in blocks, f"README's container section differs from examples/{name}"

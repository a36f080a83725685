"""A running simulator and, beside it, a municipality's Django site with django-digid-eherkenning in its own
process (municipality/serve.py), registered with each other the way a supplier does it: the site's
configuration reads the simulator's IdP metadata from its URL; the site's SP metadata (from the library's own
metadata view) is added to the simulator's scenario through the control API."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator
from urllib.parse import urljoin

import lxml.etree
import lxml.html
import pytest
import requests

from simulator.testing import RunningSimulator, running_simulator

HERE = Path(__file__).parent
CERTS = HERE.parents[2] / "certs"


@dataclass
class Municipality:
    base_url: str
    process: subprocess.Popen  # type: ignore[type-arg]


@dataclass
class Page:
    url: str
    status: int
    html: lxml.html.HtmlElement
    text: str


class Browser:
    """What a browser does with these pages: follow redirects, keep cookies, submit the forms on them."""

    def __init__(self) -> None:
        self.session = requests.Session()

    def _page(self, response: requests.Response) -> Page:
        return Page(response.url, response.status_code, lxml.html.fromstring(response.text or "<html/>"), response.text)

    def get(self, url: str) -> Page:
        return self._page(self.session.get(url, timeout=30))

    def submit(self, page: Page, form_index: int = 0, **fields: str) -> Page:
        """Submit a form with its own values, `fields` taking the place of those of the same name."""
        form = page.html.forms[form_index]
        values = {**dict(form.form_values()), **fields}
        action = urljoin(page.url, form.action or page.url)
        if (form.method or "GET").upper() == "POST":
            return self._page(self.session.post(action, data=values, timeout=30))
        return self._page(self.session.get(action, params=values, timeout=30))


def start_municipality(state_dir: Path, *options: str) -> Municipality:
    process = subprocess.Popen(
        [sys.executable, str(HERE / "municipality" / "serve.py"), "--state-dir", str(state_dir), "--certs", str(CERTS), *options],
        stdout=subprocess.PIPE, text=True,
    )
    line = process.stdout.readline()  # type: ignore[union-attr]
    if not line.startswith("READY "):
        process.kill()
        raise RuntimeError(f"the municipality's site did not start (exit {process.wait()})")
    return Municipality(line.split()[1], process)


def register_sp(sim: RunningSimulator, state_dir: Path, door: str, metadata_url: str, **extra: object) -> str:
    """Fetch the SP's metadata from the library's metadata view and add it to the simulator's scenario."""
    response = requests.get(metadata_url, timeout=30)
    response.raise_for_status()
    path = state_dir / f"{door}-sp-metadata.xml"
    path.write_bytes(response.content)
    entity_id = lxml.etree.fromstring(response.content).get("entityID")
    entry = {"door": door, "entity_id": entity_id, "naam": "Gemeente Demodorp (django-digid-eherkenning)", "metadata": str(path), **extra}
    answer = requests.post(
        f"{sim.base_url}/control/scenario/extend", data=json.dumps({"service_providers": [entry]}),
        headers={"Content-Type": "application/json"}, timeout=30,
    )
    assert answer.status_code == 200, answer.text
    return entity_id


@pytest.fixture(scope="package")
def simulator() -> Iterator[RunningSimulator]:
    with running_simulator() as sim:
        yield sim


# The municipality's eHerkenning configuration as its administrator fills it in: its OIN and DV entity ID, the
# broker (the simulator's herkenningsmakelaar), and the service: the catalogue's "Betalen gemeentelijke
# belastingen", which an organisation uses for itself and a bewindvoerder for a client, at EH3.
OIN = "00000099000000009400"
EHERKENNING = {
    "entity_id": f"urn:etoegang:DV:{OIN}:entities:0001",
    "oin": OIN,
    "makelaar_id": "00000099000000009000",
    "service_name": "Gemeente Demodorp",
    "service_description": "Betalen gemeentelijke belastingen",
    "privacy_policy": "https://demodorp.example/privacy",
    "eh_service_uuid": "0b4d1d2e-6f1a-4c55-9d3e-2a7f1c0b5e04",
    "eh_attribute_consuming_service_index": "9052",
    "eh_loa": "urn:etoegang:core:assurance-class:loa3",
    "no_eidas": True,
}


@pytest.fixture(scope="package")
def municipality(simulator: RunningSimulator, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Municipality]:
    state_dir = tmp_path_factory.mktemp("municipality")
    site = start_municipality(
        state_dir, "--digid-metadata", f"{simulator.base_url}/saml/digid/metadata",
        "--eherkenning", json.dumps({**EHERKENNING, "metadata_file_source": f"{simulator.base_url}/saml/eherkenning/metadata"}),
    )
    try:
        register_sp(simulator, state_dir, "digid", f"{site.base_url}/metadata/digid")
        # An eHerkenning DV hands the broker its metadata and its dienstencatalogus.
        catalogue = requests.get(f"{site.base_url}/metadata/eherkenning/dienstcatalogus", timeout=30)
        catalogue.raise_for_status()
        (state_dir / "dienstcatalogus.xml").write_bytes(catalogue.content)
        register_sp(simulator, state_dir, "eherkenning", f"{site.base_url}/metadata/eherkenning", service_catalogue=str(state_dir / "dienstcatalogus.xml"))
        yield site
    finally:
        site.process.terminate()
        site.process.wait(timeout=10)


@pytest.fixture
def browser() -> Browser:
    return Browser()

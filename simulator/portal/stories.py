"""The training stories of the default scenario (stories.yaml), checked against the running world, and each
story's expectation checked against what the portal saw (the ✓/✗ on the result page)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from typing import Any, Literal

import yaml

from ..scenario import World
from .outcome import NO_REPRESENTATION_MESSAGE
from .saml import LoginResult

Uitkomst = Literal["namens", "ingelogd", "geannuleerd", "niveau_te_laag", "geen_vertegenwoordiging", "toezicht_ja", "toezicht_nee"]
# The DDCC status each failing expectation stands for.
EXPECTED_STATUS: dict[str, str] = {
    "geannuleerd": "Responder/AuthnFailed",
    "niveau_te_laag": "Responder/NoAuthnContext",
    "geen_vertegenwoordiging": "Responder/RequestDenied",
}


@dataclass(frozen=True)
class Story:
    id: str
    titel: str
    verhaal: str
    inloggen: str
    dienst: str
    machtigen: bool
    verwacht: str
    uitkomst: Uitkomst
    kiezen: str | None = None
    grond: str | None = None
    # digid (DDCC) or eherkenning: the bewindvoerder logs in for the office (`organisatie`), then names `kiezen`.
    # With DigiD, `organisatie` is the office a professional representative names to the municipality.
    inlogmiddel: str = "digid"
    organisatie: str | None = None
    reden: str | None = None  # toezicht_nee: Toezicht's redenCode

    def hints(self) -> dict[str, str]:
        """The simulator-only form fields the portal posts beside SAMLRequest, so the DigiD and eHerkenning pages
        pre-select this story's people (and office) and say what to do. Nothing in the SAML changes; a real SP
        sends none of them."""
        values = {"SimulatorLoginAs": self.inloggen, "SimulatorChoose": self.kiezen, "SimulatorStory": self.titel, "SimulatorOrganisation": self.organisatie}
        return {name: value for name, value in values.items() if value}

    def hint_note(self) -> str:
        """The hint as the wire view notes it beside the AuthnRequest."""
        return "; simulatorhint (geen SAML): " + ", ".join(f"{k}={v}" for k, v in self.hints().items())

    def available(self, world: World) -> bool:
        """Whether the running scenario has this story's persons and service (a custom scenario may not)."""
        people = [self.inloggen] + ([self.kiezen] if self.kiezen else [])
        present = all(b in world.persons for b in people) and world.service(self.dienst) is not None
        return present and (self.organisatie is None or self.organisatie in world.organisations)

    def met_by(self, result: LoginResult | None, grond: str | None, toezicht: dict[str, Any] | None = None) -> bool:
        """Whether the portal's outcome is the one this story expects: who, for whom, on what ground, or the
        failure status (and, for "nobody to represent", DigiD's reason); for pilot 2, Toezicht's decision."""
        if result is None:
            return False
        if self.uitkomst in ("toezicht_ja", "toezicht_nee"):
            if not result.success or toezicht is None:
                return False
            if self.uitkomst == "toezicht_ja":
                return toezicht.get("bevoegd") is True
            return toezicht.get("bevoegd") is False and (self.reden is None or toezicht.get("redenCode") == self.reden)
        if self.uitkomst in ("namens", "ingelogd"):
            if not result.success or result.acting is None or result.acting.bsn != self.inloggen:
                return False
            if self.uitkomst == "ingelogd":
                return result.legal is None
            return result.legal is not None and result.legal.bsn == self.kiezen and (self.grond is None or self.grond == grond)
        if result.status != EXPECTED_STATUS[self.uitkomst]:
            return False
        return self.uitkomst != "geen_vertegenwoordiging" or result.status_message == NO_REPRESENTATION_MESSAGE


def load_stories() -> list[Story]:
    return list(_packaged_stories())


# The stories are a file of the package, read-only: parsing its YAML was 39 ms of the 107 ms a new namespace cost
# (benchmarks/namespace_cost.py), so it is parsed once per process. Story is frozen, so sharing is safe.
@functools.cache
def _packaged_stories() -> tuple[Story, ...]:
    text = resources.files(__package__).joinpath("stories.yaml").read_text(encoding="utf-8")
    stories = [Story(**item) for item in yaml.safe_load(text)["stories"]]
    for story in stories:
        if story.uitkomst not in ("namens", "ingelogd", "toezicht_ja", "toezicht_nee", *EXPECTED_STATUS):
            raise ValueError(f"stories.yaml: {story.id}: unknown uitkomst {story.uitkomst!r}")
        if (story.uitkomst == "namens" or story.inlogmiddel == "eherkenning") != (story.kiezen is not None):
            raise ValueError(f"stories.yaml: {story.id}: kiezen is for uitkomst 'namens' and eHerkenning stories, and they need it")
    return tuple(stories)

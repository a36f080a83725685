"""The training stories of the default scenario (stories.yaml), checked against the running world."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

import yaml

from ..scenario import World


@dataclass(frozen=True)
class Story:
    id: str
    titel: str
    verhaal: str
    inloggen: str
    dienst: str
    machtigen: bool
    verwacht: str
    kiezen: str | None = None
    # digid (DDCC) or eherkenning: the bewindvoerder logs in for the office (`organisatie`), then names `kiezen`.
    inlogmiddel: str = "digid"
    organisatie: str | None = None

    def available(self, world: World) -> bool:
        """Whether the running scenario has this story's persons and service (a custom scenario may not)."""
        people = [self.inloggen] + ([self.kiezen] if self.kiezen else [])
        present = all(b in world.persons for b in people) and world.service(self.dienst) is not None
        return present and (self.organisatie is None or self.organisatie in world.organisations)


def load_stories() -> list[Story]:
    text = resources.files(__package__).joinpath("stories.yaml").read_text(encoding="utf-8")
    return [Story(**item) for item in yaml.safe_load(text)["stories"]]

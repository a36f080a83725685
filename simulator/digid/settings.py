"""The classic DigiD door's settings (SIMULATOR_DIGID_*: the shared door settings) and its entity."""

from __future__ import annotations

from dataclasses import dataclass

from ..saml.settings import DoorSettings

PATH = "/saml/digid"


@dataclass(frozen=True)
class DigidSettings(DoorSettings):
    @property
    def entity_id(self) -> str:
        # Real DigiD's entity ID is its metadata URL (https://was-preprod1.digid.nl/saml/idp/metadata).
        return self.url("metadata")

    def url(self, endpoint: str) -> str:
        return f"{self.base_url}{PATH}/{endpoint}"

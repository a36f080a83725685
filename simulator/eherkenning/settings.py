"""The eHerkenning door's settings (SIMULATOR_EHERKENNING_*: the shared door settings), its entity and its
vocabulary: the eHerkenning levels and attribute names of the afsprakenstelsel (interface DV - HM)."""

from __future__ import annotations

from dataclasses import dataclass

from ..saml.settings import DoorSettings
from ..scenario.model import EH_LOA_URI

PATH = "/saml/eherkenning"
# The simulator as herkenningsmakelaar (HM), in the test range under the OIN of its test certificates.
HM_ENTITY_ID = "urn:etoegang:HM:00000099000000009000:entities:9010"

# Levels of assurance as AuthnContextClassRef (in the scenario model, beside EH_LEVELS and their eIDAS
# equivalents EH_EIDAS: the OIDC door names them too).
LOA_URI = EH_LOA_URI
LEVEL_OF_URI = {uri: level for level, uri in LOA_URI.items()}

SERVICE_ID = "urn:etoegang:core:ServiceID"
SERVICE_UUID = "urn:etoegang:core:ServiceUUID"
LEGAL_SUBJECT = "urn:etoegang:core:LegalSubjectID"
ACTING_SUBJECT = "urn:etoegang:core:ActingSubjectID"
VESTIGING = "urn:etoegang:1.9:ServiceRestriction:Vestigingsnr"
INTERMEDIATE_KVK = "urn:etoegang:1.9:IntermediateEntityID:KvK"
# NameQualifiers: the type of each identifier inside an EncryptedID.
KVK = "urn:etoegang:1.9:EntityConcernedID:KvKnr"
RSIN = "urn:etoegang:1.9:EntityConcernedID:RSIN"
BSN = "urn:etoegang:1.12:EntityConcernedID:BSN"
PSEUDO = "urn:etoegang:1.12:EntityConcernedID:PseudoID"


@dataclass(frozen=True)
class EherkenningSettings(DoorSettings):
    entity_id: str = HM_ENTITY_ID

    def url(self, endpoint: str) -> str:
        return f"{self.base_url}{PATH}/{endpoint}"

"""The site's eHerkenning backend: the library's, keeping in the session what the assertion says about whom the
employee acts for (as projects built on the library do, e.g. to show "you act for ..."): the KvK, RSIN and
vestigingsnummer of the organisation, the employee's acting subject, the intermediary, and — for bewindvoering —
the BSN of the natural person acted for (who then becomes the site's user, as with DigiD)."""

from __future__ import annotations

from typing import Any

from digid_eherkenning.backends import BSNBackendMixin, eHerkenningBackend

BSN = "urn:etoegang:1.12:EntityConcernedID:BSN"
PSEUDO = "urn:etoegang:1.12:EntityConcernedID:PseudoID"


def first(values: list[Any]) -> Any:
    return values[0] if values else None


class EherkenningBackend(BSNBackendMixin, eHerkenningBackend):
    error_messages = dict(eHerkenningBackend.error_messages, digid_no_bsn="no BSN")

    def get_or_create_user(self, request, saml_response, saml_attributes):  # type: ignore[no-untyped-def]
        acting = first(saml_attributes.get("urn:etoegang:core:ActingSubjectID", []))
        client = self.get_legal_subject_id(saml_attributes, BSN)
        request.session["eherkenning"] = {
            "kvk": self.get_legal_subject_kvk(saml_attributes) or None,
            "rsin": self.get_legal_subject_rsin(saml_attributes) or None,
            "vestiging": first(saml_attributes.get("urn:etoegang:1.9:ServiceRestriction:Vestigingsnr", [])),
            "intermediair": first(saml_attributes.get("urn:etoegang:1.9:IntermediateEntityID:KvK", [])),
            "client_bsn": client or None,
            "acting_subject": acting["NameID"]["value"] if isinstance(acting, dict) and acting["NameID"]["NameQualifier"] == PSEUDO else None,
            "service_uuid": first(saml_attributes.get("urn:etoegang:core:ServiceUUID", [])),
        }
        if client:
            return self.get_or_create_user_from_bsn(request, client), False
        return super().get_or_create_user(request, saml_response, saml_attributes)

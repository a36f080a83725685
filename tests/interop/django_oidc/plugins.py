"""The relying party's OIDC plugins, doing what Open Formulieren's "DigiD (OIDC)" and "DigiD Machtigen (OIDC)"
plugins do with the same building blocks: mozilla-django-oidc-db's plugin protocol and OIDCClient records, with
their options validated against django-digid-eherkenning's schemas. The claims are read at the configured claim
paths, the LoA value is mapped, and the result is kept in the session (no Django user is logged in); in strict
mode (Open Formulieren's DIGID_EHERKENNING_OIDC_STRICT flag, on here) the service ID claims (and for eHerkenning
bewindvoering the acting subject) are required too."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from digid_eherkenning.oidc.schemas import DIGID_MACHTIGEN_OPTIONS_SCHEMA, DIGID_OPTIONS_SCHEMA, EHERKENNING_BEWINDVOERING_OPTIONS_SCHEMA
from glom import Path, PathAccessError, glom
from mozilla_django_oidc_db.plugins import AnonymousUserOIDCPluginProtocol, BaseOIDCPlugin
from mozilla_django_oidc_db.registry import register
from mozilla_django_oidc_db.views import OIDCAuthenticationCallbackView

STRICT = True


class SessionCallbackView(OIDCAuthenticationCallbackView):
    """As Open Formulieren's anonymous-user callback: the claims in the session are all that matters."""

    def login_success(self) -> HttpResponse:
        return HttpResponseRedirect(self.success_url)


session_callback_view = SessionCallbackView.as_view()


class ClaimsPlugin(BaseOIDCPlugin, AnonymousUserOIDCPluginProtocol):
    schema: dict[str, Any]
    required: tuple[tuple[str, str], ...]  # (options path, processed name)
    strict_required: tuple[tuple[str, str], ...] = ()

    def get_schema(self) -> dict[str, Any]:
        return self.schema

    def validate_settings(self) -> None:
        pass

    def handle_callback(self, request: HttpRequest) -> HttpResponse:
        return session_callback_view(request)

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any], request: HttpRequest) -> AnonymousUser:
        options = self.get_config().options
        processed: dict[str, Any] = {}
        for option, name in self.required + (self.strict_required if STRICT else ()):
            try:
                processed[name] = glom(payload, Path(*options["identity_settings"][option]))
            except PathAccessError:
                raise PermissionDenied(f"Claims verification failed: {name} missing") from None
        loa = options.get("loa_settings", {})
        value = glom(payload, Path(*loa["claim_path"]), default=None) if loa.get("claim_path") else None
        mapping = {str(m["from"]): m["to"] for m in loa.get("value_mapping", [])}
        processed["loa_claim"] = mapping.get(str(value), value) if value is not None else loa.get("default")
        request.session[self.identifier] = processed
        user = AnonymousUser()
        user.is_active = True  # type: ignore[misc]
        return user


@register("digid-oidc")
class DigiDPlugin(ClaimsPlugin):
    schema = DIGID_OPTIONS_SCHEMA
    required = (("bsn_claim_path", "bsn_claim"),)


@register("digid-machtigen-oidc")
class DigiDMachtigenPlugin(ClaimsPlugin):
    schema = DIGID_MACHTIGEN_OPTIONS_SCHEMA
    required = (("representee_bsn_claim_path", "representee_bsn_claim"), ("authorizee_bsn_claim_path", "authorizee_bsn_claim"))
    strict_required = (("mandate_service_id_claim_path", "mandate_service_id_claim"),)


@register("eherkenning-bewindvoering-oidc")
class EHerkenningBewindvoeringPlugin(ClaimsPlugin):
    schema = EHERKENNING_BEWINDVOERING_OPTIONS_SCHEMA
    required = (("legal_subject_claim_path", "legal_subject_claim"), ("representee_claim_path", "representee_claim"))
    strict_required = (
        ("acting_subject_claim_path", "acting_subject_claim"),
        ("mandate_service_id_claim_path", "mandate_service_id_claim"),
        ("mandate_service_uuid_claim_path", "mandate_service_uuid_claim"),
    )

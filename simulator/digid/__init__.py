"""Classic DigiD: a SAML IdP speaking DigiD's SAML koppelvlak (the door most municipal portals use for their own
citizens, and the one django-digid-eherkenning speaks). A profile on `simulator.saml`; the login page is
`simulator.login`'s.

Endpoints (under the configured base URL; real DigiD's paths are /saml/idp/...):
  GET      /saml/digid/metadata                 signed IdP metadata (the entity ID is this URL)
  GET/POST /saml/digid/request_authentication   AuthnRequest (HTTP-Redirect or HTTP-POST binding)
  GET/POST /saml/digid/login/<token>            the login page
  POST     /saml/digid/resolve_artifact         ArtifactResolve (SOAP 1.1)
  GET/POST /saml/digid/request_logout           LogoutRequest (HTTP-Redirect or HTTP-POST) -> LogoutResponse
"""

from __future__ import annotations

import logging

from flask import Blueprint, request

from ..config import Config
from ..landing import Link
from ..login import register_pages
from ..saml.endpoints import body_limit, register_door
from ..saml.keys import load_keys
from ..saml.metadata import REDIRECT
from ..store import Store
from .flow import Flow
from .requests import read_authn_request
from .settings import PATH, DigidSettings

logger = logging.getLogger("simulator.digid")
BACK_CHANNEL = (f"{PATH}/resolve_artifact",)
LANDING_LINKS = (
    Link("DigiD (klassiek SAML-koppelvlak)", "Metadata van DigiD", f"{PATH}/metadata", "Voor een dienstverlener die DigiD's eigen SAML-koppelvlak spreekt (NameID s00000000:<BSN>), zoals django-digid-eherkenning."),
)


def body_limits(config: Config) -> dict[str, int]:
    """Bodies that carry SAML messages as large as DIGID_MAX_MESSAGE_BYTES (simulator.bodies)."""
    return {PATH: body_limit(DigidSettings.from_config(config, "DIGID").max_message_bytes)}


def create_blueprint(store: Store) -> Blueprint:
    settings = DigidSettings.from_config(store.config, "DIGID")
    keys = load_keys(store.config.certs_dir)
    flow = Flow(store, settings, keys)
    store.on_reset(flow.clear)
    blueprint = Blueprint("digid", __name__)
    blueprint.flow = flow  # type: ignore[attr-defined]  # tests reach the flow state through app.blueprints["digid"]
    register_pages(blueprint, flow, PATH)
    for problem in flow.registry.problems(store.world).values():
        logger.warning(problem)
    # As real DigiD's metadata: SSO with both bindings at one URL, SLO with HTTP-Redirect.
    register_door(
        blueprint, PATH, flow, store, settings, keys.entrance, keys.encryption_certificate, logger,
        lambda message, connection, relay_state: read_authn_request(message, connection, relay_state, settings, store.world, request.remote_addr),
        (REDIRECT,), "DigiD",
    )
    return blueprint

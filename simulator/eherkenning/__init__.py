"""eHerkenning: a SAML IdP in the role of herkenningsmakelaar (HM) towards a dienstverlener (DV), as the
afsprakenstelsel Elektronische Toegangsdiensten defines the DV - HM interface, with bewindvoering (an organisation
acting for a natural person it represents). A profile on `simulator.saml`.

Endpoints (under the configured base URL):
  GET      /saml/eherkenning/metadata                 signed HM metadata
  GET/POST /saml/eherkenning/request_authentication   AuthnRequest (HTTP-POST or HTTP-Redirect binding)
  GET/POST /saml/eherkenning/login/<token>            the login page; /machtiging/<token>: the machtiging used
  POST     /saml/eherkenning/resolve_artifact         ArtifactResolve (SOAP 1.1)
  GET/POST /saml/eherkenning/request_logout           LogoutRequest (HTTP-Redirect or HTTP-POST) -> LogoutResponse
"""

from __future__ import annotations

import logging

from flask import Blueprint

from ..config import Config
from ..landing import Link
from ..saml.endpoints import body_limit, register_door
from ..saml.keys import load_keys
from ..saml.metadata import POST, REDIRECT
from ..store import Store
from .flow import Flow
from ..login.eherkenning import register_eherkenning_pages
from .requests import read_authn_request
from .settings import PATH, EherkenningSettings

logger = logging.getLogger("simulator.eherkenning")
BACK_CHANNEL = (f"{PATH}/resolve_artifact",)
LANDING_LINKS = (
    Link("eHerkenning", "Metadata van de herkenningsmakelaar", f"{PATH}/metadata", "Voor een dienstverlener die organisaties laat inloggen met eHerkenning, ook een bewindvoerder namens een cliënt."),
)


def body_limits(config: Config) -> dict[str, int]:
    """Bodies that carry SAML messages as large as EHERKENNING_MAX_MESSAGE_BYTES (simulator.bodies)."""
    return {PATH: body_limit(EherkenningSettings.from_config(config, "EHERKENNING").max_message_bytes)}


def create_blueprint(store: Store) -> Blueprint:
    settings = EherkenningSettings.from_config(store.config, "EHERKENNING")
    keys = load_keys(store.config.certs_dir)
    flow = Flow(store, settings, keys)
    store.on_reset(flow.state.clear)
    blueprint = Blueprint("eherkenning", __name__)
    blueprint.flow = flow  # type: ignore[attr-defined]  # tests reach the flow state through app.blueprints["eherkenning"]
    register_eherkenning_pages(blueprint, flow, PATH)
    for problem in flow.registry.problems(store.world).values():
        logger.warning(problem)
    register_door(
        blueprint, PATH, flow, store, settings, keys.entrance, keys.encryption_certificate, logger,
        lambda message, connection, relay_state: read_authn_request(
            message, connection, relay_state, settings, store.world, flow.catalogue(store.world, connection.entity_id)
        ),
        (REDIRECT, POST), "eHerkenning",
    )
    return blueprint

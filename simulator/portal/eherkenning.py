"""Pilot 2 at "Gemeente Demodorp": a professional bewindvoerder logs in with eHerkenning for the office, names
the client (typed, or picked from the story), and the municipality asks Toezicht — with its own identity, the
office's KvK number and the employee's acting subject — whether the bewind covers this service, then shows the
decision and what the BRP says of the client. All over HTTP, as a supplier's software would do it."""

from __future__ import annotations

import base64
import re
from typing import Callable

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from werkzeug.wrappers.response import Response as WerkzeugResponse

from ..store import Store
from .backend import Backend, BackendError
from .flows import Flow, FlowBook, WireEvent
from .outcome import names_from_brp, reden_text, rejection_text
from .saml import SpIdentity, artifact_resolve, authn_request, read_artifact_response
from .saml_xml import SamlError, pretty
from .settings import PortalSettings
from .stories import Story
from .wire import highlight

KVK = "urn:etoegang:1.9:EntityConcernedID:KvKnr"
RSIN = "urn:etoegang:1.9:EntityConcernedID:RSIN"
BSN = "urn:etoegang:1.12:EntityConcernedID:BSN"
VESTIGING = "urn:etoegang:1.9:ServiceRestriction:Vestigingsnr"
INTERMEDIATE_KVK = "urn:etoegang:1.9:IntermediateEntityID:KvK"
MAX_ARTIFACT_CHARS = 200
_BSN = re.compile(r"^[0-9]{9}$")


def legal_id(flow: Flow, qualifier: str) -> str | None:
    result = flow.result
    return next((s.bsn for s in result.legal_ids if s.qualifier == qualifier), None) if result else None


def register_eherkenning(
    bp: Blueprint, store: Store, settings: PortalSettings, backend: Backend, flows: FlowBook, stories: list[Story], sp: Callable[[], SpIdentity]
) -> None:
    """`/portal/eherkenning/...` on the portal's blueprint; `sp()` is the portal's DDCC identity (the same keys)."""

    def identity() -> SpIdentity:
        base = sp()
        return SpIdentity(settings.eherkenning_entity_id, settings.eherkenning_acs_url, base.signing_key, base.signing_key_name,
                          base.encryption_key, base.encryption_key_name)

    def page(flow: Flow) -> WerkzeugResponse:
        return redirect(url_for("portal.portal.eherkenning_result", flow_id=flow.id))

    @bp.post("/eherkenning/login")
    def eherkenning_login() -> Response | str | WerkzeugResponse:
        world = store.world
        dienst = world.service(request.form.get("dienst", ""))
        registration = world.service_providers.get(settings.eherkenning_entity_id)
        offered = [world.service(ref) for ref in registration.diensten] if registration else []
        if dienst is None or dienst not in offered:
            return Response(render_template("portal/error.html", message="Kies een dienst die de gemeente met eHerkenning aanbiedt."), 400)
        story = next((s for s in stories if s.id == request.form.get("story")), None)
        flow = flows.start(service_id=dienst.id, service_name=dienst.naam, service_uuid=dienst.uuid, machtigen=False,
                           story=story.id if story else None, door="eherkenning")
        try:
            idp = backend.eherkenning_metadata()
            flow.record(WireEvent("eHerkenning-metadata opgehaald", "backchannel", f"entityID {idp.entity_id}\nSSO {idp.sso_url}\nArtifactResolutionService {idp.artifact_resolution_url}", "text", 200))
            # The service instance is the index of the service in the portal's registration (its dienstencatalogus).
            flow.authn_request_id, xml = authn_request(identity(), idp, None, None, offered.index(dienst))
        except (BackendError, SamlError, OSError, ValueError) as exc:
            flow.error, flow.completed = str(exc), True
            return page(flow)
        flow.idp = idp
        note = f"POST {idp.sso_url}, RelayState {flow.id}" + (story.hint_note() if story else "")
        flow.record(WireEvent("AuthnRequest (HTTP-POST via de browser, portaal → eHerkenning)", "browser", pretty(xml), note=note))
        return render_template(
            "portal/post.html", action=idp.sso_url, field="SAMLRequest", value=base64.b64encode(xml).decode(), relay_state=flow.id,
            hints=story.hints() if story else {}, door="eHerkenning",
        )

    @bp.route("/eherkenning/acs", methods=["GET", "POST"])
    def eherkenning_acs() -> WerkzeugResponse | Response:
        flow = flows.get(request.values.get("RelayState", ""))
        if flow is None or flow.authn_request_id is None or flow.door != "eherkenning":
            return Response(render_template("portal/error.html", message="Onbekende of verlopen login (RelayState)."), 400)
        if flow.completed:
            return page(flow)
        artifact = request.values.get("SAMLart", "")
        flow.record(WireEvent("Artefact ontvangen (redirect via de browser, eHerkenning → portaal)", "browser", artifact or "(geen SAMLart)", "text"))
        flow.completed = True
        if not artifact or len(artifact) > MAX_ARTIFACT_CHARS or flow.idp is None:
            flow.rejection = "Geen (geldig) SAMLart ontvangen op de ACS."
            return page(flow)
        try:
            resolve_id, envelope = artifact_resolve(identity(), flow.idp, artifact)
            answer = backend.resolve_artifact(flow, flow.idp, envelope)
            flow.result = read_artifact_response(answer, identity(), flow.idp, flow.authn_request_id, resolve_id)
        except SamlError as exc:
            flow.rejection = str(exc)
        except BackendError as exc:
            flow.error = str(exc)
        if flow.result is not None and flow.result.decrypted:
            flow.record(WireEvent("Ontsleutelde identificerende kenmerken (met de encryptiesleutel van het portaal)", "backchannel", "\n".join(flow.result.decrypted)))
        client = legal_id(flow, BSN)
        if client:  # logged in "namens een natuurlijk persoon": eHerkenning already named the client
            check(flow, client)
        return page(flow)

    def check(flow: Flow, client: str) -> None:
        """Toezicht with the municipality's identity: does this office (this employee) represent this client for
        this service today? Then the BRP view of the client."""
        result = flow.result
        assert result is not None and result.acting is not None
        flow.client_bsn = client
        office = legal_id(flow, KVK) or result.attributes.get(INTERMEDIATE_KVK)
        representative = {"kvkNummer": office or "", "actingSubjectId": result.acting.bsn}
        if result.attributes.get(VESTIGING):
            representative["vestigingsnummer"] = result.attributes[VESTIGING]
        try:
            flow.toezicht = backend.toezicht_check(flow, client, representative, result.service_uuid or flow.service_uuid)
        except BackendError as exc:
            flow.toezicht_error = str(exc)
        try:
            flow.brp = backend.brp_persons(flow, [client])
            flow.names = names_from_brp(flow.brp)
        except BackendError as exc:
            flow.brp_error = str(exc)

    @bp.get("/eherkenning/resultaat/<flow_id>")
    def eherkenning_result(flow_id: str) -> str:
        flow = flows.get(flow_id)
        if flow is None or flow.door != "eherkenning":
            abort(404)
        story = next((s for s in stories if s.id == flow.story), None)
        world = store.world
        office = legal_id(flow, KVK)
        # The story's ✓/✗ once Toezicht has answered for the client (or the login failed).
        decided = flow.toezicht is not None or flow.toezicht_error is not None or not (flow.result and flow.result.success)
        return render_template(
            "portal/eherkenning.html", flow=flow, story=story, office=office,
            office_name=world.organisations[office].naam if office in world.organisations else None,
            rsin=legal_id(flow, RSIN), attributes=flow.result.attributes if flow.result else {},
            met=story.met_by(flow.result, None, flow.toezicht) if story and flow.completed and decided else None,
            highlight=highlight, reden_text=reden_text, rejection_text=rejection_text(flow.rejection) if flow.rejection else None,
        )

    @bp.post("/eherkenning/resultaat/<flow_id>/client")
    def eherkenning_client(flow_id: str) -> WerkzeugResponse | Response:
        flow = flows.get(flow_id)
        if flow is None or flow.result is None or not flow.result.success or flow.door != "eherkenning":
            abort(404)
        client = (request.form.get("bsn") or "").strip()
        if not _BSN.match(client):
            return Response(render_template("portal/error.html", message="Een BSN heeft 9 cijfers."), 400)
        flow.toezicht = flow.brp = None
        flow.toezicht_error = flow.brp_error = None
        check(flow, client)
        return page(flow)

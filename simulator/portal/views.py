"""The pages of "Gemeente Demodorp": start a login (a story or any service, with or without machtigen), receive the
artifact at the ACS, show the outcome with what BRP and Toezicht say, and the wire panel."""

from __future__ import annotations

import base64
from typing import Any

from cryptography import x509
from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from werkzeug.wrappers.response import Response as WerkzeugResponse

from ..pki import key_name
from ..store import Store
from .backend import Backend, BackendError
from .eherkenning import register_eherkenning
from .flows import Flow, FlowBook, WireEvent
from .oidc import register_oidc
from .outcome import LEGAL_MEASURES, gezag_text, ground, names_from_brp, rejection_text, reden_text, sentence
from .saml import SpIdentity, artifact_resolve, authn_request, logout_request, read_artifact_response, read_logout_response
from .saml_xml import SamlError, load_key, pretty
from .wire import highlight
from .settings import PortalSettings
from .stories import load_stories

MAX_ARTIFACT_CHARS = 200
MEDIA_TYPES = {"xml": ("application/xml", "xml"), "json": ("application/json", "json"), "text": ("text/plain", "txt")}


def sp_identity(settings: PortalSettings) -> SpIdentity:
    signing_cert = x509.load_pem_x509_certificate(settings.signing_cert.read_bytes())
    encryption_cert = x509.load_pem_x509_certificate(settings.encryption_cert.read_bytes())
    return SpIdentity(
        entity_id=settings.entity_id,
        acs_url=settings.acs_url,
        signing_key=load_key(str(settings.signing_key)),
        signing_key_name=key_name(signing_cert),
        encryption_key=load_key(str(settings.encryption_key)),
        encryption_key_name=key_name(encryption_cert),
    )


def create_portal(store: Store) -> Blueprint:
    bp = Blueprint("portal", __name__, url_prefix="/portal", template_folder="templates")
    settings = PortalSettings.from_config(store.config)
    backend = Backend(settings)
    flows = FlowBook()
    stories = load_stories()
    stories_by_id = {story.id: story for story in stories}
    identity: dict[str, SpIdentity] = {}

    def sp() -> SpIdentity:
        # Keys are read on first use, so a simulator without the portal's keys still starts.
        if "sp" not in identity:
            identity["sp"] = sp_identity(settings)
        return identity["sp"]

    register_eherkenning(bp, store, settings, backend, flows, stories, sp)

    @bp.get("/")
    def home() -> str:
        world = store.world
        return render_template(
            "portal/home.html",
            stories=[(s, s.available(world), world) for s in stories],
            services=world.services.values(),
            world=world,
        )

    @bp.post("/login")
    def login() -> Response | str:
        world = store.world
        dienst = world.service(request.form.get("dienst", ""))
        if dienst is None:
            return Response(render_template("portal/error.html", message="Kies een dienst uit de catalogus."), 400)
        machtigen = request.form.get("machtigen") == "1"
        story = stories_by_id.get(request.form.get("story", ""))
        flow = flows.start(
            service_id=dienst.id, service_name=dienst.naam, service_uuid=dienst.uuid, machtigen=machtigen, story=story.id if story else None
        )
        try:
            idp = backend.idp_metadata()
            requester = backend.bvd_entity_id() if machtigen else None
            flow.record(WireEvent("IdP-metadata opgehaald", "backchannel", f"entityID {idp.entity_id}\nSSO {idp.sso_url}\nArtifactResolutionService {idp.artifact_resolution_url}" + (f"\nBVD {requester}" if requester else ""), "text", 200))
            flow.authn_request_id, xml = authn_request(sp(), idp, dienst.uuid, requester)
        except (BackendError, SamlError, OSError, ValueError) as exc:  # OSError, ValueError: the portal's own keys
            flow.error = str(exc)
            flow.completed = True
            return redirect(url_for("portal.portal.result", flow_id=flow.id))  # type: ignore[return-value]
        flow.idp = idp
        hints = story.hints() if story else {}
        note = f"POST {idp.sso_url}, RelayState {flow.id}" + (story.hint_note() if story else "")
        flow.record(WireEvent("AuthnRequest (HTTP-POST via de browser, portaal → DigiD)", "browser", pretty(xml), note=note))
        return render_template(
            "portal/post.html", action=idp.sso_url, field="SAMLRequest", value=base64.b64encode(xml).decode(), relay_state=flow.id, hints=hints
        )

    @bp.route("/acs", methods=["GET", "POST"])
    def acs() -> WerkzeugResponse | Response:
        values = request.values
        flow = flows.get(values.get("RelayState", ""))
        if flow is None or flow.authn_request_id is None or flow.door != "ddcc":  # an eHerkenning flow has its own ACS
            return Response(render_template("portal/error.html", message="Onbekende of verlopen login (RelayState)."), 400)
        if flow.completed:
            return redirect(url_for("portal.portal.result", flow_id=flow.id))
        artifact = values.get("SAMLart", "")
        flow.record(WireEvent("Artefact ontvangen (redirect via de browser, DigiD → portaal)", "browser", artifact or "(geen SAMLart)", "text", note=f"{request.method} /portal/acs"))
        flow.completed = True
        if not artifact or len(artifact) > MAX_ARTIFACT_CHARS:
            flow.rejection = "Geen (geldig) SAMLart ontvangen op de ACS."
            return redirect(url_for("portal.portal.result", flow_id=flow.id))
        idp = flow.idp
        assert idp is not None  # set with authn_request_id
        try:
            resolve_id, envelope = artifact_resolve(sp(), idp, artifact)
            answer = backend.resolve_artifact(flow, idp, envelope)
            flow.result = read_artifact_response(answer, sp(), idp, flow.authn_request_id, resolve_id)
        except SamlError as exc:
            flow.rejection = str(exc)
        except BackendError as exc:
            flow.error = str(exc)
        if flow.result is not None and flow.result.decrypted:
            flow.record(WireEvent("Ontsleutelde subject-ID's (met de encryptiesleutel van het portaal)", "backchannel", "\n".join(flow.result.decrypted)))
        if flow.result is not None and flow.result.success:
            consult_registers(flow)
        return redirect(url_for("portal.portal.result", flow_id=flow.id))

    def consult_registers(flow: Flow) -> None:
        """What the municipality looks up after the login: BRP (names, gezag, kinderen) and, for legal
        representation (curatele, bewind, mentorschap: what Toezicht registers), the Toezicht check. Either may
        be absent or failing: the page says so."""
        result = flow.result
        assert result is not None and result.acting is not None
        bsns = [result.acting.bsn] + ([result.legal.bsn] if result.legal else [])
        try:
            flow.brp = backend.brp_persons(flow, bsns)
            flow.names = names_from_brp(flow.brp)
        except BackendError as exc:
            flow.brp_error = str(exc)
        if result.legal is None:
            return
        flow.grond = ground(result, flow.brp, None)
        if flow.grond.split(" (")[0] not in LEGAL_MEASURES:
            return  # gezag, voogdij and machtigingen are not Toezicht's: asking would only say "no relation"
        story = stories_by_id.get(flow.story or "")
        # A professional states the office they act for; Toezicht knows them by its KvK number.
        flow.toezicht_office = story.organisatie if story and story.kiezen == result.legal.bsn else None
        representative: str | dict[str, str] = {"kvkNummer": flow.toezicht_office} if flow.toezicht_office else result.acting.bsn
        try:
            flow.toezicht = backend.toezicht_check(flow, result.legal.bsn, representative, result.service_uuid or flow.service_uuid)
        except BackendError as exc:
            flow.toezicht_error = str(exc)

    @bp.get("/resultaat/<flow_id>")
    def result(flow_id: str) -> str:
        flow = flows.get(flow_id)
        if flow is None:
            abort(404)
        world = store.world
        story = stories_by_id.get(flow.story or "")
        context: dict[str, Any] = {"flow": flow, "story": story, "sentence": None, "world": world, "highlight": highlight}
        if flow.result is not None:
            grond = flow.grond or (ground(flow.result, flow.brp, flow.toezicht) if flow.result.legal else None)
            context["sentence"] = sentence(flow.result, flow.service_name, flow.names, grond, flow.machtigen)
        else:
            grond = None
        if flow.rejection:
            context["rejection_text"] = rejection_text(flow.rejection)
        if story and flow.completed:
            context["met"] = story.met_by(flow.result, grond)
        context.update(grond=grond, gezag_text=gezag_text, reden_text=reden_text)
        return render_template("portal/result.html", **context)

    @bp.get("/resultaat/<flow_id>/bericht/<int:number>")
    def message(flow_id: str, number: int) -> Response:
        """One message of the wire panel as a file, complete (the page shortens long base64 values)."""
        flow = flows.get(flow_id)
        if flow is None or not 1 <= number <= len(flow.events):
            abort(404)
        event = flow.events[number - 1]
        mimetype, extension = MEDIA_TYPES.get(event.content_type, MEDIA_TYPES["text"])
        disposition = f'attachment; filename="demodorp-{flow_id[:8]}-{number}.{extension}"'
        return Response(event.content, 200, mimetype=mimetype, headers={"Content-Disposition": disposition})

    @bp.post("/uitloggen/<flow_id>")
    def logout(flow_id: str) -> WerkzeugResponse | str:
        """SP-initiated logout: a signed LogoutRequest by HTTP-POST; the LogoutResponse comes back at /portal/slo."""
        flow = flows.get(flow_id)
        if flow is None or flow.result is None or not flow.result.success or flow.idp is None:
            abort(404)
        try:
            flow.logout_request_id, xml = logout_request(sp(), flow.idp, flow.result.name_id, flow.result.session_index)
        except (SamlError, OSError, ValueError) as exc:
            flow.logout = f"Uitloggen kon niet worden gestart: {exc}"
            return redirect(url_for("portal.portal.result", flow_id=flow.id))
        flow.record(WireEvent("LogoutRequest (HTTP-POST via de browser, portaal → DigiD)", "browser", pretty(xml), note=f"POST {flow.idp.slo_url}"))
        return render_template("portal/post.html", action=flow.idp.slo_url, field="SAMLRequest", value=base64.b64encode(xml).decode(), relay_state=flow.id)

    @bp.route("/slo", methods=["GET", "POST"])
    def slo() -> WerkzeugResponse | Response:
        flow = flows.get(request.values.get("RelayState", ""))
        if flow is None or flow.logout_request_id is None or flow.idp is None:
            return Response(render_template("portal/error.html", message="Onbekend uitlogbericht (RelayState).", title="Uitloggen"), 400)
        try:
            xml = base64.b64decode(request.values.get("SAMLResponse", ""), validate=True)
        except ValueError:
            xml = b""
        flow.record(WireEvent("LogoutResponse (HTTP-POST via de browser, DigiD → portaal)", "browser", pretty(xml) if xml else "(geen SAMLResponse)"))
        try:
            # The entrance's key, and the AD's, with which production DigiD signs this message.
            certificates = flow.idp.signing_certificates + backend.ad_signing_certificates()
            status = read_logout_response(xml, certificates, flow.idp.entity_id, flow.logout_request_id, f"{settings.public_url}/portal/slo")
            flow.logout = "U bent uitgelogd." if status == "Success" else f"Uitloggen is niet gelukt (status {status})."
        except (SamlError, BackendError) as exc:
            flow.logout = f"Het portaal heeft het uitlogantwoord van DigiD geweigerd: {exc}"
        return redirect(url_for("portal.portal.result", flow_id=flow.id))

    register_oidc(bp, store, settings, backend, flows, stories, consult_registers)
    return bp

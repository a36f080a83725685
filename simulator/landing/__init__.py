"""The landing page at `/`: what the simulator is and where everything is — the pages for people (portal,
explorer, live view) and, per door, its metadata, OpenAPI documents and APIs.

The page is built from the links the interface packages declare: an interface package may have a module-level
``LANDING_LINKS`` (a sequence of `Link`), which the app factory collects in the order of its interfaces. A new
door adds its lines there; nothing here names a door."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from flask import Blueprint, Response, current_app, render_template, request
from werkzeug.exceptions import HTTPException

from ..store import Store


@dataclass(frozen=True)
class Link:
    group: str  # the door or interface the link belongs to, e.g. "DigiD CombiConnect (DDCC)"
    title: str  # Dutch, what it is: "IdP-metadata (entrance)"
    path: str  # below the base URL: "/saml/v4/entrance/metadata"
    note: str = ""  # Dutch, one sentence: who uses it for what
    start: int | None = None  # a page for people (portal, explorer): shown first, as a card, in this rank


def create_blueprint(store: Store, links: Iterable[Link]) -> Blueprint:
    bp = Blueprint("landing", __name__, template_folder="templates")
    every = tuple(links)
    groups: dict[str, list[Link]] = {}
    for link in every:
        if link.start is None:
            groups.setdefault(link.group, []).append(link)

    @bp.get("/")
    def home() -> str:
        world = store.world
        return render_template(
            "landing/home.html",
            start=sorted((link for link in every if link.start is not None), key=lambda link: link.start or 0),
            groups=groups,
            world=world,
            today=store.today(),
            base_url=store.config.base_url + request.script_root,
            root=request.script_root,  # a namespace (/t/<name>) prefixes every link
        )

    @bp.app_errorhandler(404)
    @bp.app_errorhandler(405)
    def error_page(error: HTTPException) -> Response | HTTPException:
        """A page in Dutch (English with ?lang=en) for a person who typed or followed a wrong address; machine
        clients keep Werkzeug's answer, with the same status code."""
        if not prefers_html():
            # A machine keeps the answer it would get without this page: an interface's own handler for every
            # HTTP error (the control API's problem details), else Werkzeug's.
            general = current_app.error_handler_spec.get(None, {}).get(None, {}).get(HTTPException)
            return general(error) if general is not None else error
        english = request.args.get("lang") == "en"
        html = render_template("landing/error.html", status=error.code, english=english, path=request.path, root=request.script_root)
        return Response(html, error.code or 500, mimetype="text/html")

    return bp


def prefers_html() -> bool:
    """Whether the caller is a browser: it asks for text/html before anything plain or JSON (`*/*` alone, as
    curl and most HTTP clients send, is a machine)."""
    return request.accept_mimetypes.best_match(["text/plain", "application/json", "text/html"]) == "text/html"

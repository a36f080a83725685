"""One login through the Django relying party, in a process of its own (Django is configured once per process):

    python -m tests.interop.django_oidc.flow '{"simulator": URL, "identifier": "digid-machtigen-oidc", ...}'

The OIDC provider is configured as Open Formulieren's admin does it: the discovery endpoint fills in the
endpoints (mozilla-django-oidc-db's OIDCProviderForm), the client gets its ID, secret, scopes, RS256 and the
claim options (validated against django-digid-eherkenning's schema). Then the browser's part: the form's login
button (the init view), the simulator (a directive decides, or the login and machtigen pages are filled in),
the callback view, and the page that shows what the session knows. Prints one JSON object."""

from __future__ import annotations

import json
import os
import sys
from typing import Any
from urllib.parse import urlsplit

import requests

BROWSER_HOPS = 10


def configure(spec: dict[str, Any]) -> None:
    import jsonschema
    from django.core.management import call_command
    from mozilla_django_oidc_db.forms import OIDCProviderForm
    from mozilla_django_oidc_db.models import OIDCClient, OIDCProvider
    from mozilla_django_oidc_db.registry import register

    call_command("migrate", verbosity=0)
    existing = OIDCProvider.objects.filter(identifier="simulator").first()
    form = OIDCProviderForm(
        data={
            "identifier": "simulator",
            "oidc_op_discovery_endpoint": f"{spec['simulator']}/oidc/",
            "oidc_token_use_basic_auth": spec.get("basic_auth", False),
            "oidc_use_nonce": True,
            "oidc_nonce_size": 32,
            "oidc_state_size": 32,
        },
        instance=existing,
    )
    if not form.is_valid():
        raise SystemExit(f"provider configuration refused: {form.errors.as_json()}")
    provider = form.save()
    options = spec["options"]
    jsonschema.validate(options, json.loads(json.dumps(register[spec["identifier"]].get_schema(), default=str)))
    OIDCClient.objects.update_or_create(
        identifier=spec["identifier"],
        defaults={
            "enabled": True,
            "oidc_provider": provider,
            "oidc_rp_client_id": spec["client_id"],
            "oidc_rp_client_secret": spec["client_secret"],
            "oidc_rp_scopes_list": spec.get("scopes", ["openid", "bsn"]),
            "oidc_rp_sign_algo": "RS256",
            "oidc_rp_idp_sign_key": "",
            "oidc_keycloak_idp_hint": spec.get("kc_idp_hint", ""),
            "userinfo_claims_source": spec.get("claims_source", "userinfo_endpoint"),
            "options": options,
        },
    )


def browser(location: str, login: dict[str, str] | None) -> tuple[str, list[str]]:
    """Follow the browser through the simulator until it is sent back to the relying party (testserver)."""
    visited: list[str] = []
    session = requests.Session()
    for _ in range(BROWSER_HOPS):
        if urlsplit(location).hostname == "testserver":
            return location, visited
        visited.append(location.split("?")[0])
        path = urlsplit(location).path
        if login is not None and "/eherkenning/login/" in path:
            response = session.post(location, data={"means": login["means"], "action": "login"}, allow_redirects=False, timeout=10)
        elif login is not None and "/eherkenning/machtiging/" in path:
            page = session.get(location, timeout=10).text
            value = page.split(f'data-testid="choice-{login["choice"]}"')[0].rsplit('value="', 1)[1].split('"')[0]
            response = session.post(location, data={"choice": value, "action": "choose"}, allow_redirects=False, timeout=10)
        elif login is not None and "/login/" in path:
            response = session.post(location, data={"persona": login["bsn"], "action": "login", "outcome": login.get("outcome", "success")}, allow_redirects=False, timeout=10)
        elif login is not None and "/machtigen/" in path:
            page = session.get(location, timeout=10).text
            marker = f'data-testid="represent-{login["represent"]}-'
            value = page.split(marker)[0].rsplit('value="', 1)[1].split('"')[0]
            response = session.post(location, data={"represent": value, "action": "choose"}, allow_redirects=False, timeout=10)
        else:
            response = session.get(location, allow_redirects=False, timeout=10)
        if "Location" not in response.headers:
            raise SystemExit(f"the simulator answered {response.status_code} at {location}: {response.text[:500]}")
        location = response.headers["Location"]
    raise SystemExit(f"more than {BROWSER_HOPS} redirects: {visited}")


def main(spec: dict[str, Any]) -> dict[str, Any]:
    import django

    django.setup()
    from django.test import Client

    configure(spec)
    rp = Client()
    start = rp.get(f"/start/{spec['identifier']}/")
    assert start.status_code == 302, start.content
    authorization = start["Location"]
    back, visited = browser(authorization, spec.get("login"))
    callback = rp.get(back)
    result: dict[str, Any] = {
        "authorization_request": authorization,
        "visited": visited,
        "callback": back,
        "callback_status": callback.status_code,
        "callback_location": callback.get("Location"),
    }
    if callback.status_code == 302 and callback["Location"] == "/whoami/":
        result["session"] = rp.get("/whoami/").json()
    return result


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.interop.django_oidc.settings")
    print(json.dumps(main(json.loads(sys.argv[1]))))

"""Talking to one of several replicas that share a public URL, as a load balancer in front of them would."""

from __future__ import annotations

from ddcc.sp_client import TestServiceProvider


def route(sp: TestServiceProvider, public_url: str, replica_url: str) -> TestServiceProvider:
    """Send everything this SP sends (browser and SOAP) to `replica_url`, although every URL it was given says
    `public_url`: what a load balancer in front of the replicas does."""
    sp.base_url, sp.sso_url = public_url, sp.sso_url.replace(sp.base_url, public_url, 1)  # where it sends to
    browser, soap = sp.http.request, sp.client.send
    sp.http.request = lambda method, url, *a, **k: browser(method, url.replace(public_url, replica_url, 1), *a, **k)  # type: ignore[method-assign]
    sp.client.send = lambda url, *a, **k: soap(url.replace(public_url, replica_url, 1), *a, **k)  # type: ignore[method-assign]
    return sp

"""``python -m simulator.healthcheck``: is the simulator in this container ready? Exit 0 if so, 1 if not.

The container image's HEALTHCHECK, so it needs no curl: it reads the same SIMULATOR_* settings as the server,
asks ``/ready`` on the loopback address over HTTP or, when TLS is configured, HTTPS, and presents a client
certificate when the server requires one: ``SIMULATOR_HEALTHCHECK_CERT``/``SIMULATOR_HEALTHCHECK_KEY``, by default
the committed test client certificate ``client-gemeente-demodorp`` from the certs folder.
"""

from __future__ import annotations

import json
import ssl
import sys
import urllib.error
import urllib.request
from typing import Mapping

from .config import Config, ConfigError
from .tls_settings import tls_settings

TIMEOUT_SECONDS = 3.0
DEFAULT_CLIENT_CERT = "client-gemeente-demodorp"


def ready_url(config: Config, https: bool) -> str:
    host = config.host
    if host in ("", "0.0.0.0"):
        host = "127.0.0.1"
    elif host == "::":
        host = "[::1]"
    elif ":" in host:
        host = f"[{host}]"
    return f"{'https' if https else 'http'}://{host}:{config.port}/ready"


def _tls_context(config: Config) -> ssl.SSLContext:
    tls = tls_settings(config)
    assert tls is not None
    # The probe talks to its own process over loopback: verifying the server's certificate would prove nothing
    # and would break when a supplier's certificate does not name 127.0.0.1.
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    if tls.client_auth == "required":
        cert = config.setting("HEALTHCHECK_CERT") or str(config.certs_dir / f"{DEFAULT_CLIENT_CERT}.crt")
        key = config.setting("HEALTHCHECK_KEY") or str(config.certs_dir / f"{DEFAULT_CLIENT_CERT}.key")
        context.load_cert_chain(cert, key)
    return context


def probe(env: Mapping[str, str] | None = None) -> tuple[bool, str]:
    """(ready?, one line saying why) for the simulator configured by `env` (default: this process's environment)."""
    try:
        config = Config.from_env(env)
        https = tls_settings(config) is not None
        context = _tls_context(config) if https else None
    except (ConfigError, OSError, ssl.SSLError) as exc:
        return False, f"configuration: {exc}"
    url = ready_url(config, https)
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS, context=context) as response:
            body = json.loads(response.read(64 * 1024))
    except urllib.error.HTTPError as exc:
        return False, f"{url}: HTTP {exc.code}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return False, f"{url}: {exc}"
    if body.get("status") != "ready":
        return False, f"{url}: status {body.get('status')!r}"
    return True, f"{url}: ready, scenario {body.get('scenario')!r}, {body.get('persons')} persons"


def main() -> int:
    ok, message = probe()
    print(message)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

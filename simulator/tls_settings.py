"""Serving HTTPS, optionally with client certificates: the agreed TLS settings, checked at startup.

- ``SIMULATOR_TLS_CERT`` / ``SIMULATOR_TLS_KEY``: the server certificate and key (PEM); set both to serve HTTPS.
- ``SIMULATOR_TLS_CLIENT_AUTH``: ``none`` (default), ``optional`` (ask for a client certificate; each interface
  decides whether it needs one), ``back-channel`` (ask for one; the back channel — artifact resolution, BRP,
  Toezicht — refuses requests without one, as production's mutual TLS does, while a browser reaches the login
  pages without) or ``required`` (refuse the TLS handshake without one).
- ``SIMULATOR_TLS_CLIENT_CA``: the CA that issues client certificates (default: ``ca.crt`` in the certs folder).

A relative file name is looked up in the certs folder (``SIMULATOR_CERTS_DIR``), so ``SIMULATOR_TLS_CERT=server.crt``
is the committed test server certificate. Kept apart from `simulator.server` so that the container's health probe
reads them without importing Flask and gunicorn.
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from pathlib import Path

from .config import PREFIX, Config, ConfigError

# back-channel asks like optional does; the app then refuses back-channel requests that came without a certificate.
CLIENT_AUTH_MODES = {"none": ssl.CERT_NONE, "optional": ssl.CERT_OPTIONAL, "back-channel": ssl.CERT_OPTIONAL, "required": ssl.CERT_REQUIRED}


@dataclass(frozen=True)
class TlsSettings:
    cert: Path
    key: Path
    client_ca: Path | None
    client_auth: str  # none | optional | back-channel | required


def _tls_file(config: Config, name: str, value: str) -> Path:
    path = Path(value)
    if not path.is_absolute() and not path.exists():
        path = config.certs_dir / path
    if not path.is_file():
        raise ConfigError(f"{PREFIX}{name}={value!r}: no such file (relative names are looked up in {config.certs_dir})")
    return path


def tls_settings(config: Config) -> TlsSettings | None:
    """The TLS settings, checked; None when the simulator serves plain HTTP."""
    cert, key = config.setting("TLS_CERT"), config.setting("TLS_KEY")
    client_auth = (config.setting("TLS_CLIENT_AUTH") or "none").lower()
    if client_auth not in CLIENT_AUTH_MODES:
        raise ConfigError(f"{PREFIX}TLS_CLIENT_AUTH={client_auth!r}: expected none, optional, back-channel or required")
    if not cert and not key:
        if client_auth != "none":
            raise ConfigError(f"{PREFIX}TLS_CLIENT_AUTH={client_auth}: needs {PREFIX}TLS_CERT and {PREFIX}TLS_KEY")
        return None
    if not (cert and key):
        missing = "TLS_KEY" if cert else "TLS_CERT"
        raise ConfigError(f"{PREFIX}{missing}: needed too when {PREFIX}TLS_CERT or {PREFIX}TLS_KEY is set")
    client_ca = config.setting("TLS_CLIENT_CA") or ("ca.crt" if client_auth != "none" else None)
    return TlsSettings(
        cert=_tls_file(config, "TLS_CERT", cert),
        key=_tls_file(config, "TLS_KEY", key),
        client_ca=_tls_file(config, "TLS_CLIENT_CA", client_ca) if client_ca else None,
        client_auth=client_auth,
    )

"""TLS for the simulator: the server's SSLContext, and the peer's client certificate on a request.

The SIMULATOR_TLS_* settings are read and checked by `simulator.tls_settings` (shared with gunicorn's options and
the container's health probe); this module turns them into an `ssl.SSLContext` for werkzeug
(``running_simulator(ssl_context=server_ssl_context(config))``) and reads the certificate a client presented.

Both servers the simulator runs under are covered: werkzeug puts the peer certificate in
``environ["SSL_CLIENT_CERT"]`` as PEM; gunicorn exposes the TLS socket as ``environ["gunicorn.socket"]``.
"""

from __future__ import annotations

import ssl
from typing import Any, Mapping

from cryptography import x509
from cryptography.x509.oid import NameOID

from .config import Config
from .tls_settings import CLIENT_AUTH_MODES, tls_settings


def server_ssl_context(config: Config) -> ssl.SSLContext | None:
    """The server's SSLContext from the SIMULATOR_TLS_* settings (None: plain HTTP). Raises ConfigError."""
    settings = tls_settings(config)
    if settings is None:
        return None
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2  # Digikoppeling and NCSC: TLS 1.2 or newer
    context.load_cert_chain(settings.cert, settings.key)
    context.verify_mode = CLIENT_AUTH_MODES[settings.client_auth]
    if settings.client_ca is not None:
        context.load_verify_locations(cafile=str(settings.client_ca))
    return context


def client_certificate(environ: Mapping[str, Any]) -> x509.Certificate | None:
    """The certificate the TLS peer presented on this request (already verified by the TLS layer), or None."""
    pem = environ.get("SSL_CLIENT_CERT")
    if isinstance(pem, str) and pem.strip():
        try:
            return x509.load_pem_x509_certificate(pem.encode("ascii"))
        except ValueError:
            return None
    sock = environ.get("gunicorn.socket")
    getpeercert = getattr(sock, "getpeercert", None)
    if getpeercert is None:
        return None
    try:
        der = getpeercert(binary_form=True)
    except (ValueError, OSError):  # handshake not finished, or the socket is gone
        return None
    if not der:
        return None
    try:
        return x509.load_der_x509_certificate(der)
    except ValueError:
        return None


def oins_of(cert: x509.Certificate) -> list[str]:
    """Every subject serialNumber of the certificate (a PKIoverheid certificate carries exactly one: the OIN)."""
    values = [a.value for a in cert.subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)]
    return [v if isinstance(v, str) else v.decode("ascii", "replace") for v in values]


def oin_of(cert: x509.Certificate) -> str | None:
    """The OIN a PKIoverheid-style certificate carries in subject.serialNumber; None when it carries none, or
    several (which one would speak for the caller is then ambiguous, so none does)."""
    oins = oins_of(cert)
    return oins[0] if len(oins) == 1 else None

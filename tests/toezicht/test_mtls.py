"""SIMULATOR_TOEZICHT_AUTH=mtls over real HTTPS: client certificates from the simulator's test CA, the caller's OIN
from subject.serialNumber, checked against the scenario's api_clients."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Iterator

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from openapi_core import OpenAPI

from simulator.config import DEFAULT_CERTS, Config
from simulator.pki import CertSpec, issue
from simulator.tls import client_certificate, oin_of, server_ssl_context

from .conftest import CHECK, REGISTER, ToezichtClient, toezicht_client

CA = str(DEFAULT_CERTS / "ca.crt")
GEMEENTE = (str(DEFAULT_CERTS / "client-gemeente-demodorp.crt"), str(DEFAULT_CERTS / "client-gemeente-demodorp.key"))
UNREGISTERED = (str(DEFAULT_CERTS / "client-unregistered.crt"), str(DEFAULT_CERTS / "client-unregistered.key"))
CHECK_BODY = {"vertegenwoordigde": {"bsn": "999990172"}, "vertegenwoordiger": {"kvkNummer": "90001234"}}
TLS_ENV = {"SIMULATOR_TLS_CERT": "server.crt", "SIMULATOR_TLS_KEY": "server.key", "SIMULATOR_TLS_CLIENT_AUTH": "optional"}


@pytest.fixture(scope="module")
def https(spec: OpenAPI) -> Iterator[ToezichtClient]:
    context = server_ssl_context(Config.from_env(TLS_ENV))
    with toezicht_client(spec, {"SIMULATOR_TOEZICHT_AUTH": "mtls"}, ssl_context=context, verify=CA) as client:
        assert client.sim.base_url.startswith("https://")
        yield client


def test_valid_client_certificate(https: ToezichtClient) -> None:
    response = https.post(CHECK, CHECK_BODY, cert=GEMEENTE)
    assert response.status_code == 200 and response.json()["bevoegd"] is True
    assert https.store.audit_log.entries()[-1].data["caller_oin"] == "00000099000000009100"
    # The same caller is not authorised for the public register operation.
    forbidden = https.post(REGISTER, {"geslachtsnaam": "Bos", "geboortedatum": "1977-06-15"}, cert=GEMEENTE)
    assert forbidden.status_code == 403 and forbidden.json()["code"] == "operationNotAllowed"


def test_no_client_certificate(https: ToezichtClient) -> None:
    response = https.post(CHECK, CHECK_BODY)
    assert response.status_code == 401 and response.json()["code"] == "certificateRequired"
    # In mtls mode the plain-mode header names nobody.
    claimed = https.post(CHECK, CHECK_BODY, headers={"X-Simulator-Oin": "00000099000000009100"})
    assert claimed.status_code == 401


def test_unregistered_oin(https: ToezichtClient) -> None:
    response = https.post(CHECK, CHECK_BODY, cert=UNREGISTERED)
    assert response.status_code == 403 and response.json()["code"] == "oinNotRegistered"
    entry = https.store.audit_log.entries()[-1].data
    assert (entry["caller_oin"], entry["outcome"]) == ("00000099000000009999", "fout_403")


def _write_client(tmp_path: Path, stem: str, key: rsa.RSAPrivateKey, cert: x509.Certificate) -> tuple[str, str]:
    cert_path, key_path = tmp_path / f"{stem}.crt", tmp_path / f"{stem}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return str(cert_path), str(key_path)


def test_certificate_without_oin(https: ToezichtClient, tmp_path: Path) -> None:
    """Issued by the simulator's own CA, so the handshake succeeds, but it names no organisation."""
    ca_key = serialization.load_pem_private_key((DEFAULT_CERTS / "ca.key").read_bytes(), password=None)
    ca_cert = x509.load_pem_x509_certificate(Path(CA).read_bytes())
    key, cert = issue(CertSpec("no-oin", "Zonder OIN (TEST)", None, "client"), ca_key, ca_cert, 2048)  # type: ignore[arg-type]
    response = https.post(CHECK, CHECK_BODY, cert=_write_client(tmp_path, "no-oin", key, cert))
    assert response.status_code == 401 and response.json()["code"] == "certificateWithoutOin"


def _self_made_client(tmp_path: Path) -> tuple[str, str]:
    """A client certificate with a registered OIN, issued by a CA the simulator does not trust."""
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = dt.datetime.now(dt.timezone.utc)
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Unknown CA (TEST)")])
    ca_cert = (
        x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True).sign(ca_key, hashes.SHA256())
    )
    key, cert = issue(CertSpec("impostor", "Impostor (TEST)", "00000099000000009100", "client"), ca_key, ca_cert, 2048)
    return _write_client(tmp_path, "impostor", key, cert)


def test_certificate_from_unknown_ca_is_refused_in_the_handshake(https: ToezichtClient, tmp_path: Path) -> None:
    before = len(https.store.audit_log.entries())
    with pytest.raises((requests.exceptions.SSLError, requests.exceptions.ConnectionError)):
        requests.post(https.sim.base_url + CHECK, json=CHECK_BODY, cert=_self_made_client(tmp_path), verify=CA, timeout=10)
    assert len(https.store.audit_log.entries()) == before  # the request never reached the application
    assert https.post(CHECK, CHECK_BODY, cert=GEMEENTE).status_code == 200  # and the server carries on


def test_client_certificate_under_werkzeug_and_gunicorn() -> None:
    cert = x509.load_pem_x509_certificate(Path(GEMEENTE[0]).read_bytes())
    der = cert.public_bytes(serialization.Encoding.DER)

    class TlsSocket:  # what gunicorn puts in environ["gunicorn.socket"]
        def getpeercert(self, binary_form: bool = False) -> bytes | None:
            return der if binary_form else None

    assert client_certificate({"SSL_CLIENT_CERT": Path(GEMEENTE[0]).read_text()}) == cert
    assert client_certificate({"gunicorn.socket": TlsSocket()}) == cert
    assert client_certificate({"gunicorn.socket": object()}) is None  # plain HTTP socket
    assert client_certificate({"SSL_CLIENT_CERT": "garbage"}) is None
    assert client_certificate({}) is None
    assert oin_of(cert) == "00000099000000009100"
    assert oin_of(x509.load_pem_x509_certificate(Path(CA).read_bytes())) is None


def test_plain_http_without_tls_settings() -> None:
    assert server_ssl_context(Config.from_env({})) is None

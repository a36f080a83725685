"""The simulator's test PKI: a CA and the certificates it issues (IdP signing/encryption, TLS server, demo SP,
API clients with an OIN in subject.serialNumber as PKIoverheid certificates carry it).

Every key made here is a published TEST key: the subjects say so, and nothing signed with them is trustworthy.
"""

from __future__ import annotations

import datetime as dt
import functools
import ipaddress
import json
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from joserfc.jwk import RSAKey

VALID_DAYS = 3650
TEST_ORGANISATION = "Machtigingen Simulator (TEST ONLY)"


@dataclass(frozen=True)
class CertSpec:
    """One certificate the simulator ships: file stem, common name, optional OIN, and its use."""

    stem: str
    common_name: str
    oin: str | None = None
    usage: str = "signing"  # signing | encryption | server | client
    dns_names: tuple[str, ...] = field(default=())
    jwks: bool = False  # also write <stem>.jwks.json, the public key as a JWKS (an OIDC client's registration)


# The committed set. Keep the stems stable: scenarios and docs refer to these files.
CERTIFICATES: tuple[CertSpec, ...] = (
    CertSpec("idp-signing", "DigiD simulator signing (TEST)", "00000099000000009000", "signing"),
    CertSpec("idp-encryption", "DigiD simulator encryption (TEST)", "00000099000000009000", "encryption"),
    CertSpec("server", "localhost", None, "server", ("localhost", "simulator", "127.0.0.1", "::1")),
    CertSpec("demo-sp-signing", "Gemeente Demodorp signing (TEST)", "00000099000000009100", "signing"),
    CertSpec("demo-sp-encryption", "Gemeente Demodorp encryption (TEST)", "00000099000000009100", "encryption"),
    CertSpec("client-gemeente-demodorp", "Gemeente Demodorp API client (TEST)", "00000099000000009100", "client"),
    CertSpec("client-unregistered", "Unregistered API client (TEST)", "00000099000000009999", "client"),
    # DDCC test service providers (tests/ddcc and tests/ddcc/remote_checks.py): a DV with two encryption
    # certificates (rollover) and an LC that signs on behalf of DVs.
    CertSpec("test-sp-signing", "DDCC test DV signing (TEST)", "00000099000000009200", "signing"),
    CertSpec("test-sp-encryption", "DDCC test DV encryption (TEST)", "00000099000000009200", "encryption"),
    CertSpec("test-sp-encryption-2", "DDCC test DV encryption rollover (TEST)", "00000099000000009200", "encryption"),
    CertSpec("test-lc-signing", "DDCC test LC signing (TEST)", "00000099000000009300", "signing"),
    CertSpec("test-sp-client", "DDCC test DV back channel client (TEST)", "00000099000000009200", "client"),
    # The OpenID Provider's ID token signing key (JWKS, RS256; the `kid` is its RFC 7638 thumbprint) and the key
    # of the OIDC test client that authenticates with private_key_jwt (tests/oidc).
    CertSpec("oidc-signing", "OIDC simulator ID token signing (TEST)", "00000099000000009000", "signing"),
    CertSpec("oidc-test-client", "OIDC test client private_key_jwt (TEST)", None, "signing", jwks=True),
)


def _name(common_name: str, oin: str | None) -> x509.Name:
    attributes = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "NL"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, TEST_ORGANISATION),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
    ]
    if oin:
        attributes.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, oin))
    return x509.Name(attributes)


def _write(path: Path, key: rsa.RSAPrivateKey, cert: x509.Certificate) -> None:
    path.with_suffix(".key").write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    path.with_suffix(".crt").write_bytes(cert.public_bytes(serialization.Encoding.PEM))


@functools.lru_cache(maxsize=64)
def _private_key(pem: bytes) -> rsa.RSAPrivateKey:
    # Reading an RSA key checks it (about 35 ms for 3072 bits); every namespace's app loads the same files, so
    # the same bytes give the same (immutable) key object.
    key = serialization.load_pem_private_key(pem, password=None)
    assert isinstance(key, rsa.RSAPrivateKey)
    return key


def load_pair(directory: Path, stem: str) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    key = _private_key((directory / f"{stem}.key").read_bytes())
    cert = x509.load_pem_x509_certificate((directory / f"{stem}.crt").read_bytes())
    return key, cert


def make_ca(directory: Path, key_size: int) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=key_size)
    name = _name("Machtigingen Simulator Test CA (TEST ONLY)", None)
    now = dt.datetime.now(dt.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=VALID_DAYS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    _write(directory / "ca", key, cert)
    return key, cert


def issue(spec: CertSpec, ca_key: rsa.RSAPrivateKey, ca_cert: x509.Certificate, key_size: int) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=key_size)
    now = dt.datetime.now(dt.timezone.utc)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(spec.common_name, spec.oin))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=VALID_DAYS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
    )
    if spec.usage == "encryption":
        usage = x509.KeyUsage(False, False, True, True, False, False, False, False, False)
    else:
        usage = x509.KeyUsage(True, spec.usage == "signing", spec.usage in ("server", "client"), False, False, False, False, False, False)
    builder = builder.add_extension(usage, critical=True)
    if spec.usage == "server":
        sans: list[x509.GeneralName] = []
        for n in spec.dns_names:
            try:
                sans.append(x509.IPAddress(ipaddress.ip_address(n)))
            except ValueError:
                sans.append(x509.DNSName(n))
        builder = builder.add_extension(x509.SubjectAlternativeName(sans), critical=False)
        builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
    elif spec.usage == "client":
        builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
    return key, builder.sign(ca_key, hashes.SHA256())


def generate(directory: Path, key_size: int = 2048, force: bool = False, specs: tuple[CertSpec, ...] = CERTIFICATES) -> list[Path]:
    """Create the CA (if missing or `force`) and every certificate in `specs` that is missing (or all, `force`).

    Returns the certificate files written."""
    if key_size not in (2048, 3072, 4096):
        raise ValueError(f"key size {key_size}: choose 2048, 3072 or 4096")
    directory.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    if force or not (directory / "ca.crt").exists():
        ca_key, ca_cert = make_ca(directory, key_size)
        written.append(directory / "ca.crt")
        force = True  # a new CA invalidates every certificate it issued before
    else:
        ca_key, ca_cert = load_pair(directory, "ca")
    for spec in specs:
        target = directory / f"{spec.stem}.crt"
        if force or not target.exists():
            key, cert = issue(spec, ca_key, ca_cert, key_size)
            _write(directory / spec.stem, key, cert)
            written.append(target)
            if spec.jwks:
                (directory / f"{spec.stem}.jwks.json").write_text(json.dumps(public_jwks(key), indent=2) + "\n")
    return written


def public_jwks(key: rsa.RSAPrivateKey) -> dict[str, object]:
    """The public half of `key` as a JWKS with one RS256 signing key, `kid` its RFC 7638 thumbprint."""
    jwk = RSAKey.import_key(key.public_key())
    return {"keys": [{**jwk.as_dict(private=False), "kid": jwk.thumbprint(), "use": "sig", "alg": "RS256"}]}


def key_name(cert: x509.Certificate) -> str:
    """DigiD's ds:KeyName for a certificate: the SHA-256 hex of its DER encoding."""
    return cert.fingerprint(hashes.SHA256()).hex()

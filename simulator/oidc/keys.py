"""The OpenID Provider's signing key: a committed RS256 test key whose `kid` is its RFC 7638 thumbprint, so the
JWKS (and every ID token's header) stays the same across restarts and containers."""

from __future__ import annotations

import base64
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from joserfc.jwk import RSAKey

KEY_STEM = "oidc-signing"


@dataclass(frozen=True)
class OpKey:
    private: RSAKey
    kid: str
    certificate_der: bytes | None

    def public_jwk(self) -> dict[str, Any]:
        jwk: dict[str, Any] = {**self.private.as_dict(private=False), "kid": self.kid, "use": "sig", "alg": "RS256"}
        if self.certificate_der is not None:
            jwk["x5c"] = [base64.b64encode(self.certificate_der).decode()]
        return jwk

    def jwks(self) -> dict[str, Any]:
        return {"keys": [self.public_jwk()]}


def load_key(certs_dir: Path) -> OpKey:
    """certs/oidc-signing.key (PEM); its certificate, when present, is published as `x5c`."""
    pem = (certs_dir / f"{KEY_STEM}.key").read_bytes()
    cert_path = certs_dir / f"{KEY_STEM}.crt"
    return _parsed_key(pem, cert_path.read_bytes() if cert_path.is_file() else None)


# Parsing the PEM (cryptography checks the RSA key) was 38 ms of the 107 ms a new namespace cost
# (benchmarks/namespace_cost.py); every namespace's app loads the same files, so the parse is kept per content.
@functools.lru_cache(maxsize=8)
def _parsed_key(pem: bytes, cert_pem: bytes | None) -> OpKey:
    private = RSAKey.import_key(serialization.load_pem_private_key(pem, password=None))
    der = x509.load_pem_x509_certificate(cert_pem).public_bytes(serialization.Encoding.DER) if cert_pem is not None else None
    return OpKey(private, private.thumbprint(), der)

"""The simulator's own key material, from the certs directory (SIMULATOR_CERTS_DIR).

`idp-signing` signs metadata, ArtifactResponses and assertions; `idp-encryption` is published in the metadata.
DigiD signs the AD's advice assertions (and, in production, LogoutResponses) with a separate AD key: when
`idp-ad-signing.{crt,key}` exists in the certs directory it is used for that, else the entrance key."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cryptography import x509

from ..pki import key_name, load_pair
from .xmlsecurity import SigningKey


@dataclass(frozen=True)
class IdpKeys:
    entrance: SigningKey
    ad: SigningKey
    encryption_certificate: x509.Certificate | None


def _signing(directory: Path, stem: str) -> SigningKey:
    key, certificate = load_pair(directory, stem)
    return SigningKey(key, certificate, key_name(certificate))


def load_keys(directory: Path) -> IdpKeys:
    entrance = _signing(directory, "idp-signing")
    ad = _signing(directory, "idp-ad-signing") if (directory / "idp-ad-signing.key").exists() else entrance
    encryption = directory / "idp-encryption.crt"
    certificate = x509.load_pem_x509_certificate(encryption.read_bytes()) if encryption.exists() else None
    return IdpKeys(entrance, ad, certificate)

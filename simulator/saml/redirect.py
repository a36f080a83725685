"""The HTTP-Redirect binding (SAML bindings 3.4): DEFLATE-compressed, base64 messages in the query string, signed
over the query string itself (SigAlg and Signature parameters), not inside the XML."""

from __future__ import annotations

import base64
import binascii
import zlib
from urllib.parse import quote_plus, unquote_plus

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from .xmlsecurity import SigningKey, XmlRejected

RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
RSA_SHA1 = "http://www.w3.org/2000/09/xmldsig#rsa-sha1"
# SHA-1 is still what python3-saml signs Redirect messages with by default, and DigiD accepts it.
HASHES: dict[str, hashes.HashAlgorithm] = {RSA_SHA256: hashes.SHA256(), RSA_SHA1: hashes.SHA1()}


def query_parameters(query_string: bytes) -> dict[str, str]:
    """The raw (still URL-encoded) parameters: the signature covers them exactly as the sender encoded them."""
    raw: dict[str, str] = {}
    for part in query_string.decode("latin-1").split("&"):
        name, _, value = part.partition("=")
        if name and name not in raw:
            raw[name] = value
    return raw


def inflate(value: str, max_bytes: int, field: str) -> bytes:
    try:
        compressed = base64.b64decode("".join(unquote_plus(value).split()), validate=True)
    except (binascii.Error, ValueError):
        raise XmlRejected(f"{field} is not valid base64") from None
    inflater = zlib.decompressobj(-15)
    try:
        data = inflater.decompress(compressed, max_bytes + 1)
    except zlib.error as exc:
        raise XmlRejected(f"{field} is not DEFLATE-compressed (HTTP-Redirect binding): {exc}") from None
    if len(data) > max_bytes:
        raise XmlRejected(f"{field} inflates to more than the {max_bytes} bytes accepted")
    return data


def verify_query_signature(raw: dict[str, str], field: str, certificates: list, what: str) -> None:  # type: ignore[type-arg]
    """Check SigAlg/Signature over `field`, RelayState and SigAlg as sent (SAML bindings 3.4.4.1)."""
    sig_alg, signature = unquote_plus(raw.get("SigAlg", "")), raw.get("Signature")
    if not signature:
        raise XmlRejected(f"{what} sent with the HTTP-Redirect binding carries no Signature parameter")
    algorithm = HASHES.get(sig_alg)
    if algorithm is None:
        raise XmlRejected(f"{what}: SigAlg {sig_alg!r} is not one of {', '.join(HASHES)}")
    signed = "&".join(f"{name}={raw[name]}" for name in (field, "RelayState", "SigAlg") if name in raw).encode()
    try:
        value = base64.b64decode(unquote_plus(signature), validate=True)
    except (binascii.Error, ValueError):
        raise XmlRejected(f"{what}: Signature parameter is not valid base64") from None
    for certificate in certificates:
        public_key = certificate.public_key()
        if not isinstance(public_key, rsa.RSAPublicKey):
            continue
        try:
            public_key.verify(value, signed, padding.PKCS1v15(), algorithm)
            return
        except InvalidSignature:
            continue
    raise XmlRejected(f"{what}: the HTTP-Redirect signature does not verify with the registered signing certificate")


def redirect_url(location: str, field: str, message: bytes, relay_state: str | None, signer: SigningKey) -> str:
    """`location` with the message DEFLATE-compressed and signed with RSA-SHA256 in the query string."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    deflated = compressor.compress(message) + compressor.flush()
    parts = [f"{field}={quote_plus(base64.b64encode(deflated).decode())}"]
    if relay_state is not None:
        parts.append(f"RelayState={quote_plus(relay_state)}")
    parts.append(f"SigAlg={quote_plus(RSA_SHA256)}")
    signature = signer.key.sign("&".join(parts).encode(), padding.PKCS1v15(), hashes.SHA256())
    parts.append(f"Signature={quote_plus(base64.b64encode(signature).decode())}")
    return f"{location}{'&' if '?' in location else '?'}{'&'.join(parts)}"

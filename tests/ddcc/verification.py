"""Independent checks of what the simulator sends: signatures with the xmlsec1 command and with signxml, and
EncryptedID decryption with `cryptography` (selecting the EncryptedKey by KeyName and Recipient, as clients do)."""

from __future__ import annotations

import base64
import subprocess
import tempfile
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from lxml import etree
from signxml import SignatureConfiguration, XMLVerifier

from .sp_client import CERTS, DS, SAML, XENC, xmlsec_binary

IDP_CERT = CERTS / "idp-signing.crt"


def xmlsec1_verify(xml: bytes, node: str, cert: Path = IDP_CERT) -> bool:
    """True when `xmlsec1 --verify` accepts the signature of the first `node` (namespace:localname)."""
    with tempfile.NamedTemporaryFile(suffix=".xml") as f:
        f.write(xml)
        f.flush()
        done = subprocess.run(
            [xmlsec_binary(), "--verify", "--pubkey-cert-pem", str(cert), "--id-attr:ID", node, f.name],
            capture_output=True, text=True, timeout=30,
        )
    return done.returncode == 0


def signxml_verify(xml: bytes, cert: Path = IDP_CERT) -> etree._Element:
    """The element signxml verified (raises InvalidSignature when it does not verify)."""
    certificate = x509.load_pem_x509_certificate(cert.read_bytes())
    result = XMLVerifier().verify(xml, x509_cert=certificate, expect_config=SignatureConfiguration(location="./", expect_references=1))
    return result.signed_xml  # type: ignore[union-attr,return-value]


def decrypt_by_key_name(encrypted_id: etree._Element, key_stem: str, recipient: str) -> str:
    """Decrypt an EncryptedID the way eID clients do: pick the EncryptedKey with our KeyName and Recipient."""
    certificate = x509.load_pem_x509_certificate((CERTS / f"{key_stem}.crt").read_bytes())
    key = serialization.load_pem_private_key((CERTS / f"{key_stem}.key").read_bytes(), password=None)
    wanted = certificate.fingerprint(hashes.SHA256()).hex()
    for encrypted_key in encrypted_id.iterfind(f"{{{XENC}}}EncryptedKey"):
        if encrypted_key.findtext(f"{{{DS}}}KeyInfo/{{{DS}}}KeyName") == wanted and encrypted_key.get("Recipient") == recipient:
            wrapped = base64.b64decode(encrypted_key.findtext(f"{{{XENC}}}CipherData/{{{XENC}}}CipherValue"))
            break
    else:
        raise AssertionError(f"no EncryptedKey for KeyName {wanted} and Recipient {recipient}")
    content_key = key.decrypt(wrapped, padding.OAEP(mgf=padding.MGF1(hashes.SHA1()), algorithm=hashes.SHA1(), label=None))  # type: ignore[union-attr]
    data = base64.b64decode(encrypted_id.findtext(f"{{{XENC}}}EncryptedData/{{{XENC}}}CipherData/{{{XENC}}}CipherValue"))
    decryptor = Cipher(algorithms.AES(content_key), modes.CBC(data[:16])).decryptor()
    plain = decryptor.update(data[16:]) + decryptor.finalize()
    name_id = etree.fromstring(plain[: -plain[-1]])
    assert name_id.tag == f"{{{SAML}}}NameID"
    return name_id.text  # type: ignore[return-value]

"""XML for the portal's SAML client: safe parsing, enveloped signatures (signxml) and EncryptedID decryption.

Parsing refuses DTDs and entities and bounds the size. A signature is verified before the element it covers is
read, and the element returned is the element that was verified (no signature wrapping)."""

from __future__ import annotations

import base64
from typing import Iterable

from cryptography import x509
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding as asym_padding
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from lxml import etree
from signxml import DigestAlgorithm, InvalidInput, InvalidSignature, SignatureMethod, XMLSigner, XMLVerifier
from signxml.algorithms import CanonicalizationMethod
from signxml.verifier import SignatureConfiguration

SAML = "urn:oasis:names:tc:SAML:2.0:assertion"
SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol"
DS = "http://www.w3.org/2000/09/xmldsig#"
XENC = "http://www.w3.org/2001/04/xmlenc#"
XENC11 = "http://www.w3.org/2009/xmlenc11#"
SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
MD = "urn:oasis:names:tc:SAML:2.0:metadata"
NS = {"saml": SAML, "samlp": SAMLP, "ds": DS, "xenc": XENC, "xenc11": XENC11, "soap": SOAP, "md": MD}

MAX_XML_BYTES = 4 * 1024 * 1024


class SamlError(Exception):
    """A message the portal must not accept; the text says which rule failed."""


def parse(data: bytes | str, what: str) -> etree._Element:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if len(raw) > MAX_XML_BYTES:
        raise SamlError(f"{what}: larger than {MAX_XML_BYTES} bytes")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, remove_comments=True)
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as exc:
        raise SamlError(f"{what}: not well-formed XML ({exc})") from None
    if root.getroottree().docinfo.doctype:
        raise SamlError(f"{what}: a DTD is not allowed")
    return root


def pretty(element: etree._Element | bytes | str) -> str:
    if not isinstance(element, etree._Element):
        try:
            element = parse(element, "message")
        except SamlError:
            return element.decode("utf-8", "replace") if isinstance(element, bytes) else element
    copy = etree.fromstring(etree.tostring(element), etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True))
    return etree.tostring(copy, pretty_print=True, encoding="unicode")


def sign(element: etree._Element, key: rsa.RSAPrivateKey, key_name: str) -> etree._Element:
    """Enveloped RSA-SHA256 signature with exclusive c14n, placed after the Issuer, KeyInfo with KeyName only."""
    placeholder = etree.Element(f"{{{DS}}}Signature", {"Id": "placeholder"}, nsmap={"ds": DS})
    issuer = element.find(f"{{{SAML}}}Issuer")
    if issuer is not None:
        issuer.addnext(placeholder)
    else:
        element.insert(0, placeholder)
    key_info = etree.Element(f"{{{DS}}}KeyInfo", nsmap={"ds": DS})
    etree.SubElement(key_info, f"{{{DS}}}KeyName").text = key_name
    signer = XMLSigner(
        signature_algorithm=SignatureMethod.RSA_SHA256,
        digest_algorithm=DigestAlgorithm.SHA256,
        c14n_algorithm=CanonicalizationMethod.EXCLUSIVE_XML_CANONICALIZATION_1_0,
    )
    # The key object itself: loading PEM again would validate the RSA key on every signature (tens of ms).
    signed = signer.sign(element, key=key, reference_uri=f"#{element.get('ID')}", key_info=key_info)
    return signed  # type: ignore[no-any-return]


def verify(element: etree._Element, certificates: Iterable[x509.Certificate], what: str) -> etree._Element:
    """The element as signed by one of `certificates` (its own enveloped signature, covering itself)."""
    if element.find(f"{{{DS}}}Signature") is None:
        raise SamlError(f"{what}: not signed (no ds:Signature child)")
    config = SignatureConfiguration(location="./", expect_references=1)
    errors = []
    for certificate in certificates:
        try:
            result = XMLVerifier().verify(etree.tostring(element), x509_cert=certificate, expect_config=config)
        except (InvalidSignature, InvalidInput) as exc:
            errors.append(str(exc))
            continue
        signed = result.signed_xml  # type: ignore[union-attr]
        if signed is None or signed.tag != element.tag or signed.get("ID") != element.get("ID"):
            raise SamlError(f"{what}: the signature covers another element than the {what} itself")
        return signed  # type: ignore[no-any-return]
    raise SamlError(f"{what}: signature does not verify with the IdP's signing certificate ({'; '.join(errors) or 'no certificate'})")


def _rsa_decrypt(key: rsa.RSAPrivateKey, encrypted_key: etree._Element) -> bytes:
    method = encrypted_key.find("xenc:EncryptionMethod", NS)
    algorithm = method.get("Algorithm") if method is not None else None
    cipher = base64.b64decode(encrypted_key.findtext("xenc:CipherData/xenc:CipherValue", namespaces=NS) or "")
    if algorithm == XENC + "rsa-oaep-mgf1p":
        # MGF1 with SHA-1 always; the digest is SHA-1 unless a DigestMethod says otherwise.
        digest = _digest(method.find("ds:DigestMethod", NS)) if method is not None else hashes.SHA1()
        return key.decrypt(cipher, asym_padding.OAEP(asym_padding.MGF1(hashes.SHA1()), digest, None))
    if algorithm == XENC11 + "rsa-oaep":
        digest = _digest(method.find("ds:DigestMethod", NS))  # type: ignore[union-attr]
        mgf = method.find("xenc11:MGF", NS)  # type: ignore[union-attr]
        mgf_digest = {"mgf1sha256": hashes.SHA256(), "mgf1sha512": hashes.SHA512()}.get((mgf.get("Algorithm") or "").rsplit("#", 1)[-1]) if mgf is not None else None
        return key.decrypt(cipher, asym_padding.OAEP(asym_padding.MGF1(mgf_digest or hashes.SHA1()), digest, None))
    if algorithm == XENC + "rsa-1_5":
        raise SamlError("EncryptedKey: rsa-1_5 key transport is refused (insecure)")
    raise SamlError(f"EncryptedKey: unsupported key transport {algorithm!r}")


def _digest(method: etree._Element | None) -> hashes.HashAlgorithm:
    algorithm = method.get("Algorithm") if method is not None else None
    return {
        None: hashes.SHA1(),
        DS + "sha1": hashes.SHA1(),
        XENC + "sha256": hashes.SHA256(),
        XENC + "sha512": hashes.SHA512(),
    }.get(algorithm, hashes.SHA1())


def _symmetric_decrypt(algorithm: str | None, key: bytes, data: bytes) -> bytes:
    if algorithm in (XENC + "aes128-cbc", XENC + "aes192-cbc", XENC + "aes256-cbc"):
        iv, body = data[:16], data[16:]
        decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
        plain = decryptor.update(body) + decryptor.finalize()
        # XML Encryption padding: the last byte says how many bytes to drop (their values are arbitrary).
        pad = plain[-1] if plain else 0
        if not 1 <= pad <= 16:
            raise SamlError("EncryptedData: bad padding")
        return plain[:-pad]
    if algorithm in (XENC11 + "aes128-gcm", XENC11 + "aes192-gcm", XENC11 + "aes256-gcm"):
        return AESGCM(key).decrypt(data[:12], data[12:], None)
    raise SamlError(f"EncryptedData: unsupported data encryption {algorithm!r}")


def decrypt_id(encrypted_id: etree._Element, key: rsa.RSAPrivateKey, recipient: str, key_name: str) -> etree._Element:
    """The saml:NameID inside a saml:EncryptedID meant for `recipient` (EncryptedKey chosen by Recipient/KeyName)."""
    try:
        return _decrypt_id(encrypted_id, key, recipient, key_name)
    except (ValueError, InvalidTag) as exc:  # bad base64, key size, padding or GCM tag
        raise SamlError(f"EncryptedID: cannot be decrypted ({type(exc).__name__}: {exc})") from None


def _decrypt_id(encrypted_id: etree._Element, key: rsa.RSAPrivateKey, recipient: str, key_name: str) -> etree._Element:
    data = encrypted_id.find("xenc:EncryptedData", NS)
    if data is None:
        raise SamlError("EncryptedID: no xenc:EncryptedData")
    candidates = encrypted_id.findall("xenc:EncryptedKey", NS) + data.findall("ds:KeyInfo/xenc:EncryptedKey", NS)
    retrieval = data.find("ds:KeyInfo/ds:RetrievalMethod", NS)
    if retrieval is not None and (retrieval.get("URI") or "").startswith("#"):
        wanted = retrieval.get("URI")[1:]  # type: ignore[index]
        candidates = [k for k in candidates if k.get("Id") == wanted] or candidates
    for_us = [k for k in candidates if k.get("Recipient") in (None, recipient)]
    if not for_us:
        raise SamlError(f"EncryptedID: no EncryptedKey for Recipient {recipient}")
    # Clients select their key by KeyName; one that names another key is tried last (it may still be ours).
    mine = sorted(for_us, key=lambda k: (k.findtext("ds:KeyInfo/ds:KeyName", namespaces=NS) or key_name).strip() != key_name)
    symmetric = None
    errors = []
    for encrypted_key in mine:
        try:
            symmetric = _rsa_decrypt(key, encrypted_key)
            break
        except ValueError as exc:
            errors.append(str(exc) or "RSA decryption failed")
    if symmetric is None:
        raise SamlError(f"EncryptedKey: cannot decrypt with the portal's encryption key ({'; '.join(errors)})")
    method = data.find("xenc:EncryptionMethod", NS)
    cipher = base64.b64decode(data.findtext("xenc:CipherData/xenc:CipherValue", namespaces=NS) or "")
    plain = _symmetric_decrypt(method.get("Algorithm") if method is not None else None, symmetric, cipher)
    # The plaintext is an XML fragment that may use prefixes declared outside it: parse it in that context.
    scope = {"saml": SAML, **{k: v for k, v in encrypted_id.nsmap.items() if k}}
    declarations = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in scope.items())
    wrapper = parse(f"<w {declarations}>".encode() + plain + b"</w>", "decrypted EncryptedID")
    name_id = wrapper.find("saml:NameID", NS)
    if name_id is None or len(wrapper) != 1:
        raise SamlError("EncryptedID: decrypted content is not one saml:NameID")
    etree.cleanup_namespaces(wrapper)
    return name_id


def load_key(path: str) -> rsa.RSAPrivateKey:
    with open(path, "rb") as handle:
        key = serialization.load_pem_private_key(handle.read(), password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError(f"{path}: not an RSA private key")
    return key


"""XML security for DDCC: safe parsing, enveloped signatures, EncryptedID encryption.

Signing is done here with lxml's exclusive c14n and `cryptography`, because the eID 4.x shape needs exact control
(KeyName-only KeyInfo, the Signature right after Issuer, nested signed assertions). Incoming signatures are
verified the same way (see "verifying" for why not with signxml), and only the element parsed from what was
signed is used afterwards."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, padding as sym_padding, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from lxml import etree

DS = "http://www.w3.org/2000/09/xmldsig#"
XENC = "http://www.w3.org/2001/04/xmlenc#"
SAML = "urn:oasis:names:tc:SAML:2.0:assertion"
SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol"
MD = "urn:oasis:names:tc:SAML:2.0:metadata"
SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
NS = {"ds": DS, "xenc": XENC, "saml": SAML, "samlp": SAMLP, "md": MD, "soap": SOAP}

EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#"
RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256"
ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
AES256_CBC = "http://www.w3.org/2001/04/xmlenc#aes256-cbc"
RSA_OAEP_MGF1P = "http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p"
SHA1 = "http://www.w3.org/2000/09/xmldsig#sha1"
ENCRYPTED_KEY_TYPE = "http://www.w3.org/2001/04/xmlenc#EncryptedKey"
ELEMENT_TYPE = "http://www.w3.org/2001/04/xmlenc#Element"


class XmlRejected(ValueError):
    """A message refused before it was trusted; the text says which rule failed (shown to the sender)."""


# The XML declaration exactly as DigiD and every ST-SAML example write it. lxml's own is single-quoted, and at
# least one production client (nl-rdo-max) strips exactly this text, newline included, before parsing.
XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'


def serialise(element: etree._Element) -> bytes:
    """A whole XML document as DigiD sends it: the double-quoted UTF-8 declaration, then the element."""
    return XML_DECLARATION + etree.tostring(element, encoding="UTF-8")


_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, dtd_validation=False, remove_blank_text=False
)


def parse_xml(data: bytes, max_bytes: int) -> etree._Element:
    """Parse untrusted XML: bounded size, UTF-8, no DTD, no entity declarations, no network."""
    if len(data) > max_bytes:
        raise XmlRejected(f"message is {len(data)} bytes, more than the {max_bytes} accepted")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:64]:
        raise XmlRejected("message is not UTF-8 encoded XML")
    # Refuse DTDs before parsing: entity expansion (billion laughs, external entities) needs one.
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise XmlRejected("DTDs and entity declarations are not allowed in SAML messages")
    try:
        root = etree.fromstring(data, parser=_PARSER)
    except etree.XMLSyntaxError as exc:
        raise XmlRejected(f"malformed XML: {exc}") from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise XmlRejected("DTDs are not allowed in SAML messages")
    return root


# -- signing -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SigningKey:
    key: rsa.RSAPrivateKey
    certificate: x509.Certificate
    key_name: str


def _c14n(element: etree._Element) -> bytes:
    return etree.tostring(element, method="c14n", exclusive=True, with_comments=False)


_SPECIAL = re.compile('[&<>"\r\n\t]')


def escape(value: str) -> str:
    """`value` escaped for an attribute or the text of XML written as text; whitespace other than the space as
    character references, which an attribute keeps (a parser normalises literal ones to spaces)."""
    if not _SPECIAL.search(value):
        return value
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;").replace("\r", "&#xD;").replace("\n", "&#xA;").replace("\t", "&#x9;")


# The messages are written as text and parsed once rather than built element by element: lxml spends 5-25 us per
# element created with a namespace map (measured: 46 elements of a plain DDCC Response took 0.24 ms, the text of
# the same parses in 0.02 ms). SignedInfo is written directly in its exclusive canonical form (it uses only the ds
# namespace, so that form does not depend on where it stands): the bytes signed are the text itself.
_SIGNED_INFO = (
    f'<ds:SignedInfo xmlns:ds="{DS}"><ds:CanonicalizationMethod Algorithm="{EXC_C14N}"></ds:CanonicalizationMethod>'
    f'<ds:SignatureMethod Algorithm="{RSA_SHA256}"></ds:SignatureMethod><ds:Reference URI="#{{id}}"><ds:Transforms>'
    f'<ds:Transform Algorithm="{ENVELOPED}"></ds:Transform><ds:Transform Algorithm="{EXC_C14N}"></ds:Transform>'
    f'</ds:Transforms><ds:DigestMethod Algorithm="{SHA256}"></ds:DigestMethod><ds:DigestValue>{{digest}}</ds:DigestValue>'
    "</ds:Reference></ds:SignedInfo>"
)


def sign(element: etree._Element, signer: SigningKey) -> None:
    """Add an enveloped RSA-SHA256 signature (exclusive c14n, KeyName only) right after the element's Issuer."""
    ref_id = element.get("ID")
    if not ref_id:
        raise ValueError("only an element with an ID can be signed")
    # The enveloped transform removes the Signature again, so the digest is over the element as it is now.
    digest = base64.b64encode(hashlib.sha256(_c14n(element)).digest()).decode()
    signed_info = _SIGNED_INFO.format(id=escape(ref_id), digest=digest)
    value = base64.b64encode(signer.key.sign(signed_info.encode(), padding.PKCS1v15(), hashes.SHA256())).decode()
    signature = etree.fromstring(
        f'<ds:Signature xmlns:ds="{DS}">{signed_info}<ds:SignatureValue>{value}</ds:SignatureValue>'
        f"<ds:KeyInfo><ds:KeyName>{escape(signer.key_name)}</ds:KeyName></ds:KeyInfo></ds:Signature>"
    )
    issuer = element.find(f"{{{SAML}}}Issuer")
    if issuer is not None:
        issuer.addnext(signature)
    else:
        element.insert(0, signature)


# -- verifying ----------------------------------------------------------------------------------------------


# Incoming enveloped signatures are verified here, not with signxml: signxml was measured as the bottleneck of
# reading a message. py-spy under `benchmarks/ddcc_flows.py` (issue 17) put signxml's XMLVerifier at 18.5 % of a
# DDCC flow's server CPU; measured on the benchmark's AuthnRequest (parsing included, one process), signxml takes
# 0.44 ms, this verifier 0.17 ms, the RSA verification itself 0.02 ms (schema validation, two serialise-and-parse
# copies of the message and per-call set-up are the difference). This verifier does what XML-DSig core validation
# needs for one enveloped signature and nothing more: exclusive (or inclusive) c14n with lxml, one digest, one
# public-key verification with `cryptography`.
# Every wrapping defence stays, and is tested in tests/saml/test_signature_verification.py: one Signature, a direct
# child of the message; one Reference, whose URI is the message's own ID; that ID on no other element; only the
# algorithms and transforms below; the SignedInfo read from its verified canonical form; and the element returned
# is parsed from exactly the bytes that were digested (no comment or unsigned node survives).
C14N_10 = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
# Canonicalization algorithm -> (exclusive, with comments); lxml implements these four (not c14n 1.1).
C14N_METHODS = {
    EXC_C14N: (True, False),
    EXC_C14N + "WithComments": (True, True),
    C14N_10: (False, False),
    C14N_10 + "#WithComments": (False, True),
}
_MORE = "http://www.w3.org/2001/04/xmldsig-more#"
# SignatureMethod -> (key type, hash). SHA-1 only where the caller allows it: django-digid-eherkenning signs its SP
# metadata with RSA-SHA1 by default ("still used with DigiD"), and Logius takes such metadata.
SIGNATURE_METHODS: dict[str, tuple[type, type[hashes.HashAlgorithm]]] = {
    f"{DS}rsa-sha1": (rsa.RSAPublicKey, hashes.SHA1),
    f"{_MORE}rsa-sha224": (rsa.RSAPublicKey, hashes.SHA224),
    RSA_SHA256: (rsa.RSAPublicKey, hashes.SHA256),
    f"{_MORE}rsa-sha384": (rsa.RSAPublicKey, hashes.SHA384),
    f"{_MORE}rsa-sha512": (rsa.RSAPublicKey, hashes.SHA512),
    f"{_MORE}ecdsa-sha1": (ec.EllipticCurvePublicKey, hashes.SHA1),
    f"{_MORE}ecdsa-sha224": (ec.EllipticCurvePublicKey, hashes.SHA224),
    f"{_MORE}ecdsa-sha256": (ec.EllipticCurvePublicKey, hashes.SHA256),
    f"{_MORE}ecdsa-sha384": (ec.EllipticCurvePublicKey, hashes.SHA384),
    f"{_MORE}ecdsa-sha512": (ec.EllipticCurvePublicKey, hashes.SHA512),
}
DIGEST_METHODS: dict[str, type[hashes.HashAlgorithm]] = {
    SHA1: hashes.SHA1,
    f"{_MORE}sha224": hashes.SHA224,
    SHA256: hashes.SHA256,
    f"{_MORE}sha384": hashes.SHA384,
    "http://www.w3.org/2001/04/xmlenc#sha512": hashes.SHA512,
}
_DSIG11 = "http://www.w3.org/2009/xmldsig11#"


class _Bad(Exception):
    """A signature that is malformed or uses what is not allowed; the text names the rule (without the message)."""


def _elements(parent: etree._Element, what: str) -> list[etree._Element]:
    """The element children of a signature element that holds only elements (as the XML-DSig schema says)."""
    if (parent.text or "").strip() or any((child.tail or "").strip() for child in parent):
        raise _Bad(f"{what} holds text; the XML-DSig schema allows only elements there")
    return [child for child in parent if isinstance(child.tag, str)]


def _named(element: etree._Element, ns: str, name: str) -> bool:
    return element.tag == f"{{{ns}}}{name}"


def _leaf_text(element: etree._Element, what: str) -> str:
    if len(element):
        raise _Bad(f"{what} must hold text only")
    return element.text or ""


def _base64(element: etree._Element, what: str) -> bytes:
    try:
        return base64.b64decode("".join(_leaf_text(element, what).split()), validate=True)
    except (binascii.Error, ValueError):
        raise _Bad(f"{what} is not valid base64") from None


def _c14n_method(element: etree._Element, what: str) -> tuple[bool, bool, list[str] | None]:
    """(exclusive, with comments, InclusiveNamespaces PrefixList) of a CanonicalizationMethod or c14n Transform."""
    algorithm = element.get("Algorithm") or ""
    if algorithm not in C14N_METHODS:
        raise _Bad(f"{what} {algorithm!r} is not one of {', '.join(C14N_METHODS)}")
    exclusive, comments = C14N_METHODS[algorithm]
    children = _elements(element, what)
    if not children:
        return exclusive, comments, None
    if not exclusive or len(children) != 1 or not _named(children[0], EXC_C14N, "InclusiveNamespaces") or len(children[0]):
        raise _Bad(f"{what} may hold one ec:InclusiveNamespaces (exclusive c14n) and nothing else")
    return exclusive, comments, (children[0].get("PrefixList") or "").split()


def _canonical(element: etree._Element, exclusive: bool, comments: bool, prefixes: list[str] | None) -> bytes:
    return etree.tostring(element, method="c14n", exclusive=exclusive, with_comments=comments, inclusive_ns_prefixes=prefixes)


@dataclass(frozen=True)
class _SignedInfo:
    method: tuple[type, type[hashes.HashAlgorithm]]
    uri: str
    transform: tuple[bool, bool, list[str] | None]  # the c14n of the reference: (exclusive, comments, prefixes)
    digest: type[hashes.HashAlgorithm]
    digest_value: bytes


def _signed_info(signed_info: etree._Element, allow_sha1: bool) -> _SignedInfo:
    """The parts of a SignedInfo (parsed from its canonical form), each checked against what is allowed."""
    children = _elements(signed_info, "SignedInfo")
    names = [etree.QName(c).localname if etree.QName(c).namespace == DS else c.tag for c in children]
    if names != ["CanonicalizationMethod", "SignatureMethod", "Reference"]:
        raise _Bad(f"SignedInfo must hold CanonicalizationMethod, SignatureMethod and one Reference, not {names}")
    method_uri = children[1].get("Algorithm") or ""
    method = SIGNATURE_METHODS.get(method_uri)
    if method is None or (method[1] is hashes.SHA1 and not allow_sha1) or _elements(children[1], "SignatureMethod"):
        raise _Bad(f"SignatureMethod {method_uri!r} is not allowed")
    reference = children[2]
    parts = _elements(reference, "Reference")
    transforms = parts.pop(0) if parts and _named(parts[0], DS, "Transforms") else None
    if len(parts) != 2 or not _named(parts[0], DS, "DigestMethod") or not _named(parts[1], DS, "DigestValue"):
        raise _Bad("Reference must hold Transforms (optional), DigestMethod and DigestValue")
    digest_uri = parts[0].get("Algorithm") or ""
    digest = DIGEST_METHODS.get(digest_uri)
    if digest is None or (digest is hashes.SHA1 and not allow_sha1) or _elements(parts[0], "DigestMethod"):
        raise _Bad(f"DigestMethod {digest_uri!r} is not allowed")
    # The enveloped-signature transform first, then at most one canonicalization; without one, XML-DSig's default
    # (inclusive c14n 1.0). Comments never count: a same-document reference "#ID" excludes them (XML-DSig 4.4.3.3).
    steps = _elements(transforms, "Transforms") if transforms is not None else []
    if not steps or not all(_named(s, DS, "Transform") for s in steps) or steps[0].get("Algorithm") != ENVELOPED or len(steps) > 2:
        raise _Bad(f"Transforms must be the enveloped-signature transform, optionally followed by one canonicalization")
    if _elements(steps[0], "the enveloped-signature Transform"):
        raise _Bad("the enveloped-signature Transform takes no parameters")
    exclusive, _, prefixes = _c14n_method(steps[1], "Transform") if len(steps) == 2 else (False, False, None)
    return _SignedInfo(method, reference.get("URI") or "", (exclusive, False, prefixes), digest, _base64(parts[1], "DigestValue"))


def _check_key_info(signature: etree._Element, public_key: object) -> None:
    """A KeyValue beside the registered certificate must be that certificate's key (an ambiguity otherwise, which
    signxml refused too); X509Data and KeyName are only hints, the registered certificate decides."""
    for value in signature.iterfind(f"{{{DS}}}KeyInfo/{{{DS}}}KeyValue/*"):
        if value.tag != f"{{{DS}}}RSAKeyValue":
            raise _Bad("KeyInfo/KeyValue other than RSAKeyValue is not supported; send X509Data or a KeyName")
        modulus, exponent = value.find(f"{{{DS}}}Modulus"), value.find(f"{{{DS}}}Exponent")
        numbers = public_key.public_numbers() if isinstance(public_key, rsa.RSAPublicKey) else None
        if modulus is None or exponent is None or numbers is None or (
            int.from_bytes(_base64(modulus, "Modulus"), "big"), int.from_bytes(_base64(exponent, "Exponent"), "big")
        ) != (numbers.n, numbers.e):
            raise _Bad("KeyInfo/KeyValue is not the key of the registered signing certificate")
    for der in signature.iterfind(f"{{{DS}}}KeyInfo/{{{_DSIG11}}}DEREncodedKeyValue"):
        if _base64(der, "DEREncodedKeyValue") != public_key.public_bytes(  # type: ignore[attr-defined]
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        ):
            raise _Bad("KeyInfo/DEREncodedKeyValue is not the key of the registered signing certificate")


def _verifies(certificate: x509.Certificate, method: tuple[type, type[hashes.HashAlgorithm]], value: bytes, data: bytes) -> bool:
    key_type, digest = method
    public_key = certificate.public_key()
    if not isinstance(public_key, key_type):
        return False
    try:
        if isinstance(public_key, rsa.RSAPublicKey):
            public_key.verify(value, data, padding.PKCS1v15(), digest())
        else:
            # XML-DSig's ECDSA SignatureValue is r || s, each as long as the curve's order; cryptography wants DER.
            half = len(value) // 2
            if len(value) % 2 or not half:
                return False
            der = encode_dss_signature(int.from_bytes(value[:half], "big"), int.from_bytes(value[half:], "big"))
            public_key.verify(der, data, ec.ECDSA(digest()))  # type: ignore[union-attr]
    except InvalidSignature:
        return False
    return True


def _valid_now(certificate: x509.Certificate) -> bool:
    now = dt.datetime.now(dt.timezone.utc)
    return certificate.not_valid_before_utc <= now <= certificate.not_valid_after_utc


def _digest_input(root: etree._Element, signature: etree._Element, transform: tuple[bool, bool, list[str] | None]) -> bytes:
    """The canonical form of `root` without its Signature (the enveloped-signature transform): the Signature is
    taken out for the canonicalization, its tail text left in place as the transform does, and put back."""
    index, tail = root.index(signature), signature.tail
    previous = signature.getprevious()
    before = previous.tail if previous is not None else root.text
    joined = (before or "") + (tail or "") or None
    if previous is not None:
        previous.tail = joined
    else:
        root.text = joined
    root.remove(signature)
    try:
        return _canonical(root, *transform)
    finally:
        root.insert(index, signature)
        signature.tail = tail
        if previous is not None:
            previous.tail = before
        else:
            root.text = before


def verify_enveloped(root: etree._Element, certificates: list[x509.Certificate], what: str, allow_sha1: bool = False) -> etree._Element:
    """Verify the enveloped signature on `root` with one of `certificates` and return the element as signed.

    The signature must be a direct child of `root` and reference `root` itself; anything else (a signature over
    some other element, a second copy of the message: signature wrapping) is refused. The element returned is
    parsed from the canonical bytes the digest was computed over, so nothing unsigned is in it."""
    signatures = root.findall(f"{{{DS}}}Signature")
    if not signatures:
        raise XmlRejected(f"{what} is not signed (no ds:Signature child)")
    if len(signatures) > 1:
        raise XmlRejected(f"{what} has {len(signatures)} signatures; expected one")
    root_id = root.get("ID")
    if not root_id:
        raise XmlRejected(f"{what} has no ID attribute")
    if len(root.xpath("//*[@ID=$id]", id=root_id)) != 1:
        raise XmlRejected(f"{what}: more than one element has ID {root_id!r} (signature wrapping)")
    if not certificates:
        raise XmlRejected(f"no signing certificate registered to verify {what}")
    signature = signatures[0]
    try:
        parts = _elements(signature, "Signature")
        if len(parts) < 2 or not _named(parts[0], DS, "SignedInfo") or not _named(parts[1], DS, "SignatureValue") or not all(
            _named(p, DS, "KeyInfo") or _named(p, DS, "Object") for p in parts[2:]
        ) or sum(_named(p, DS, "KeyInfo") for p in parts) > 1:
            raise _Bad("Signature must hold SignedInfo, SignatureValue, then optionally KeyInfo and Object")
        method = parts[0].find(f"{{{DS}}}CanonicalizationMethod")
        if method is None:
            raise _Bad("SignedInfo has no CanonicalizationMethod")
        signed_info_c14n = _canonical(parts[0], *_c14n_method(method, "CanonicalizationMethod"))
        # Everything of SignedInfo is read from its canonical form: exactly the bytes the SignatureValue covers.
        signed_info = _signed_info(etree.fromstring(signed_info_c14n, _PARSER), allow_sha1)
        if signed_info.uri != f"#{root_id}":
            raise XmlRejected(f"signature of {what} does not cover the message itself: Reference URI {signed_info.uri!r} is not '#{root_id}'")
        value = _base64(parts[1], "SignatureValue")
        valid = [c for c in certificates if _valid_now(c)]
        if not valid:
            raise XmlRejected(f"signature of {what}: no registered signing certificate is valid now")
        signer = next((c for c in valid if _verifies(c, signed_info.method, value, signed_info_c14n)), None)
        if signer is None:
            raise XmlRejected(f"signature of {what} does not verify with the registered signing certificate: SignatureValue does not match SignedInfo")
        _check_key_info(signature, signer.public_key())
        signed = _digest_input(root, signature, signed_info.transform)
        computed = hashes.Hash(signed_info.digest())
        computed.update(signed)
        if computed.finalize() != signed_info.digest_value:
            raise XmlRejected(f"signature of {what} does not verify with the registered signing certificate: the digest of the message does not match its DigestValue")
        return etree.fromstring(signed, _PARSER)
    except XmlRejected:
        raise
    except _Bad as exc:
        raise XmlRejected(f"signature of {what} cannot be verified (XML-DSig/exc-c14n): {exc}") from None
    except (etree.LxmlError, ValueError) as exc:  # c14n of odd input, a parse of odd canonical output: never a 5xx
        raise XmlRejected(f"signature of {what} cannot be verified (XML-DSig/exc-c14n): {type(exc).__name__}: {exc}") from None


# -- encryption ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EncryptionKey:
    """One published encryption certificate of a DV, with the KeyName its metadata gives it."""

    certificate: x509.Certificate
    key_name: str


def new_id() -> str:
    return "_" + os.urandom(16).hex()


_OAEP = padding.OAEP(mgf=padding.MGF1(hashes.SHA1()), algorithm=hashes.SHA1(), label=None)


def encrypt_id(name_id: etree._Element, keys: list[EncryptionKey], recipient: str) -> etree._Element:
    """`encrypted_id_xml` as an element."""
    return etree.fromstring(encrypted_id_xml(etree.tostring(name_id), keys, recipient))


def encrypted_id_xml(name_id: bytes, keys: list[EncryptionKey], recipient: str) -> str:
    """A saml:EncryptedID (as text) holding the NameID `name_id` (its serialisation): AES-256-CBC data, one
    RSA-OAEP-MGF1P EncryptedKey per key.

    Each EncryptedKey carries the DV's KeyName and Recipient = the DV entity ID, which is how clients pick theirs."""
    if not keys:
        raise ValueError(f"no encryption certificate registered for {recipient}")
    content_key = os.urandom(32)
    iv = os.urandom(16)
    padder = sym_padding.PKCS7(128).padder()  # the last byte gives the pad length, as XML Encryption requires
    plain = padder.update(name_id) + padder.finalize()
    encryptor = Cipher(algorithms.AES(content_key), modes.CBC(iv)).encryptor()
    cipher_text = base64.b64encode(iv + encryptor.update(plain) + encryptor.finalize()).decode()
    data_id = new_id()
    key_ids = [new_id() for _ in keys]
    encrypted_keys = []
    for key, key_id in zip(keys, key_ids):
        public_key = key.certificate.public_key()
        assert isinstance(public_key, rsa.RSAPublicKey)
        wrapped = base64.b64encode(public_key.encrypt(content_key, _OAEP)).decode()
        encrypted_keys.append(
            f'<xenc:EncryptedKey xmlns:xenc="{XENC}" Id="{key_id}" Recipient="{escape(recipient)}">'
            f'<xenc:EncryptionMethod Algorithm="{RSA_OAEP_MGF1P}"><ds:DigestMethod xmlns:ds="{DS}" Algorithm="{SHA1}"/>'
            f'</xenc:EncryptionMethod><ds:KeyInfo xmlns:ds="{DS}"><ds:KeyName>{escape(key.key_name)}</ds:KeyName></ds:KeyInfo>'
            f"<xenc:CipherData><xenc:CipherValue>{wrapped}</xenc:CipherValue></xenc:CipherData>"
            f'<xenc:ReferenceList><xenc:DataReference URI="#{data_id}"/></xenc:ReferenceList></xenc:EncryptedKey>'
        )
    return (
        f'<saml2:EncryptedID xmlns:saml2="{SAML}"><xenc:EncryptedData xmlns:xenc="{XENC}" Id="{data_id}" Type="{ELEMENT_TYPE}">'
        f'<xenc:EncryptionMethod Algorithm="{AES256_CBC}"/><ds:KeyInfo xmlns:ds="{DS}">'
        f'<ds:RetrievalMethod Type="{ENCRYPTED_KEY_TYPE}" URI="#{key_ids[0]}"/></ds:KeyInfo>'
        f"<xenc:CipherData><xenc:CipherValue>{cipher_text}</xenc:CipherValue></xenc:CipherData></xenc:EncryptedData>"
        + "".join(encrypted_keys) + "</saml2:EncryptedID>"
    )

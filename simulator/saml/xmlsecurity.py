"""XML security for DDCC: safe parsing, enveloped signatures, EncryptedID encryption.

Signing is done here with lxml's exclusive c14n and `cryptography`, because the eID 4.x shape needs exact control
(KeyName-only KeyInfo, the Signature right after Issuer, nested signed assertions). Incoming signatures are
verified with signxml, and only the element signxml returns as signed is used afterwards."""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, padding as sym_padding
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from lxml import etree
from importlib import resources

from signxml import DigestAlgorithm, SignatureConfiguration, SignatureMethod, XMLVerifier
from signxml.exceptions import InvalidInput, InvalidSignature

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


def _ds(parent: etree._Element, name: str, **attrib: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{DS}}}{name}", attrib, nsmap={"ds": DS})


def sign(element: etree._Element, signer: SigningKey) -> None:
    """Add an enveloped RSA-SHA256 signature (exclusive c14n, KeyName only) right after the element's Issuer."""
    ref_id = element.get("ID")
    if not ref_id:
        raise ValueError("only an element with an ID can be signed")
    # The enveloped transform removes the Signature again, so the digest is over the element as it is now.
    digest = base64.b64encode(hashlib.sha256(_c14n(element)).digest()).decode()
    signature = etree.Element(f"{{{DS}}}Signature", nsmap={"ds": DS})
    signed_info = _ds(signature, "SignedInfo")
    _ds(signed_info, "CanonicalizationMethod", Algorithm=EXC_C14N)
    _ds(signed_info, "SignatureMethod", Algorithm=RSA_SHA256)
    reference = _ds(signed_info, "Reference", URI=f"#{ref_id}")
    transforms = _ds(reference, "Transforms")
    _ds(transforms, "Transform", Algorithm=ENVELOPED)
    _ds(transforms, "Transform", Algorithm=EXC_C14N)
    _ds(reference, "DigestMethod", Algorithm=SHA256)
    _ds(reference, "DigestValue").text = digest
    value = _ds(signature, "SignatureValue")
    key_info = _ds(signature, "KeyInfo")
    _ds(key_info, "KeyName").text = signer.key_name
    issuer = element.find(f"{{{SAML}}}Issuer")
    if issuer is not None:
        issuer.addnext(signature)
    else:
        element.insert(0, signature)
    raw = signer.key.sign(_c14n(signed_info), padding.PKCS1v15(), hashes.SHA256())
    value.text = base64.b64encode(raw).decode()


# signxml checks a Signature against the XML-DSig schema, whose CanonicalizationMethod content is a strict
# wildcard: an exc-c14n `ec:InclusiveNamespaces` there (valid, and what xmlsec1 and Java's Santuario accept) needs
# the exc-c14n schema's global declaration, which signxml does not load. This schema is signxml's own XML-DSig
# schema plus that one declaration (PrefixList as a string: "#default" is no NMTOKEN, yet the spec allows it).
_EXC_C14N_SCHEMA = f"""<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="{EXC_C14N}"
    elementFormDefault="qualified">
  <xs:import namespace="{DS}" schemaLocation="{{location}}"/>
  <xs:element name="InclusiveNamespaces">
    <xs:complexType><xs:attribute name="PrefixList" type="xs:string"/></xs:complexType>
  </xs:element>
</xs:schema>"""


class _Verifier(XMLVerifier):
    _schema: etree.XMLSchema | None = None

    @classmethod
    def schemas(cls) -> list[etree.XMLSchema]:
        if cls._schema is None:
            with resources.as_file(resources.files("signxml.schemas") / "xmldsig1-schema.xsd") as path:
                text = _EXC_C14N_SCHEMA.replace("{location}", path.as_uri())
                cls._schema = etree.XMLSchema(etree.fromstring(text, base_url=path.with_name("exc-c14n.xsd").as_uri()))
        return [cls._schema]


# SHA-1 signatures, for what production still accepts them in: django-digid-eherkenning signs its SP metadata with
# RSA-SHA1 by default ("still used with DigiD"), and Logius takes such metadata.
LEGACY_SHA1 = SignatureConfiguration(
    location="./",
    expect_references=1,
    signature_methods=frozenset(SignatureMethod),
    digest_algorithms=frozenset(DigestAlgorithm),
)


def verify_enveloped(root: etree._Element, certificates: list[x509.Certificate], what: str, allow_sha1: bool = False) -> etree._Element:
    """Verify the enveloped signature on `root` with one of `certificates` and return the element as signed.

    The signature must be a direct child of `root` and reference `root` itself; anything else (a signature over
    some other element, a second copy of the message: signature wrapping) is refused."""
    signatures = root.findall(f"{{{DS}}}Signature")
    if not signatures:
        raise XmlRejected(f"{what} is not signed (no ds:Signature child)")
    if len(signatures) > 1:
        raise XmlRejected(f"{what} has {len(signatures)} signatures; expected one")
    root_id = root.get("ID")
    if not root_id:
        raise XmlRejected(f"{what} has no ID attribute")
    uris = [r.get("URI") for r in signatures[0].iterfind(f"{{{DS}}}SignedInfo/{{{DS}}}Reference")]
    if uris != [f"#{root_id}"]:
        raise XmlRejected(f"signature of {what} does not cover the message itself: Reference URI {uris} is not ['#{root_id}']")
    if len(root.xpath("//*[@ID=$id]", id=root_id)) != 1:
        raise XmlRejected(f"{what}: more than one element has ID {root_id!r} (signature wrapping)")
    if not certificates:
        raise XmlRejected(f"no signing certificate registered to verify {what}")
    problem = ""
    config = LEGACY_SHA1 if allow_sha1 else SignatureConfiguration(location="./", expect_references=1)
    for certificate in certificates:
        try:
            result = _Verifier().verify(root, x509_cert=certificate, expect_config=config)
        except (InvalidSignature, InvalidInput) as exc:  # InvalidSignature covers InvalidDigest, InvalidCertificate
            problem = str(exc)
            continue
        except Exception as exc:  # noqa: BLE001 - signxml and lxml raise many types for bad input; none is a 5xx
            raise XmlRejected(f"signature of {what} cannot be verified (XML-DSig/exc-c14n): {type(exc).__name__}: {exc}") from None
        signed = result.signed_xml  # type: ignore[union-attr]
        if signed is None or signed.tag != root.tag or signed.get("ID") != root_id:
            raise XmlRejected(f"signature of {what} covers a different element (signature wrapping)")
        return signed
    raise XmlRejected(f"signature of {what} does not verify with the registered signing certificate: {problem}")


# -- encryption ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EncryptionKey:
    """One published encryption certificate of a DV, with the KeyName its metadata gives it."""

    certificate: x509.Certificate
    key_name: str


def new_id() -> str:
    return "_" + os.urandom(16).hex()


def _xenc(parent: etree._Element | None, name: str, **attrib: str) -> etree._Element:
    tag = f"{{{XENC}}}{name}"
    if parent is None:
        return etree.Element(tag, attrib, nsmap={"xenc": XENC})
    return etree.SubElement(parent, tag, attrib, nsmap={"xenc": XENC})


def encrypt_id(name_id: etree._Element, keys: list[EncryptionKey], recipient: str) -> etree._Element:
    """A saml:EncryptedID holding `name_id`: AES-256-CBC data, one RSA-OAEP-MGF1P EncryptedKey per key.

    Each EncryptedKey carries the DV's KeyName and Recipient = the DV entity ID, which is how clients pick theirs."""
    if not keys:
        raise ValueError(f"no encryption certificate registered for {recipient}")
    content_key = os.urandom(32)
    iv = os.urandom(16)
    padder = sym_padding.PKCS7(128).padder()  # the last byte gives the pad length, as XML Encryption requires
    plain = padder.update(etree.tostring(name_id)) + padder.finalize()
    encryptor = Cipher(algorithms.AES(content_key), modes.CBC(iv)).encryptor()
    cipher_text = iv + encryptor.update(plain) + encryptor.finalize()

    data_id = new_id()
    key_ids = [new_id() for _ in keys]
    encrypted_id = etree.Element(f"{{{SAML}}}EncryptedID", nsmap={"saml": SAML})
    data = _xenc(encrypted_id, "EncryptedData", Id=data_id, Type=ELEMENT_TYPE)
    _xenc(data, "EncryptionMethod", Algorithm=AES256_CBC)
    key_info = _ds(data, "KeyInfo")
    _ds(key_info, "RetrievalMethod", Type=ENCRYPTED_KEY_TYPE, URI=f"#{key_ids[0]}")
    _xenc(_xenc(data, "CipherData"), "CipherValue").text = base64.b64encode(cipher_text).decode()
    oaep = padding.OAEP(mgf=padding.MGF1(hashes.SHA1()), algorithm=hashes.SHA1(), label=None)
    for key, key_id in zip(keys, key_ids):
        public_key = key.certificate.public_key()
        assert isinstance(public_key, rsa.RSAPublicKey)
        encrypted_key = _xenc(encrypted_id, "EncryptedKey", Id=key_id, Recipient=recipient)
        method = _xenc(encrypted_key, "EncryptionMethod", Algorithm=RSA_OAEP_MGF1P)
        _ds(method, "DigestMethod", Algorithm=SHA1)
        _ds(_ds(encrypted_key, "KeyInfo"), "KeyName").text = key.key_name
        wrapped = public_key.encrypt(content_key, oaep)
        _xenc(_xenc(encrypted_key, "CipherData"), "CipherValue").text = base64.b64encode(wrapped).decode()
        _xenc(_xenc(encrypted_key, "ReferenceList"), "DataReference", URI=f"#{data_id}")
    return encrypted_id

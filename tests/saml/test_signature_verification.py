"""The shared verifier of enveloped signatures (simulator.saml.xmlsecurity.verify_enveloped), rule by rule.

Each test signs a message correctly except for the one thing the rule is about, with a signer of its own (the
test's `signed`, built here from XML-DSig itself) or with libxmlsec1 (for ECDSA), so a refusal is for that rule and
not for a broken signature."""

from __future__ import annotations

import base64
import copy
import datetime as dt
import hashlib
from pathlib import Path

import pytest
import xmlsec
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import NameOID
from lxml import etree

from simulator.pki import load_pair
from simulator.saml.xmlsecurity import DS, ENVELOPED, EXC_C14N, RSA_SHA256, SAML, SAMLP, SHA1, SHA256, XmlRejected, verify_enveloped

CERTS = Path(__file__).resolve().parents[2] / "certs"
KEY, CERTIFICATE = load_pair(CERTS, "test-sp-signing")
RSA_SHA1 = f"{DS}rsa-sha1"
HMAC_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#hmac-sha256"
XPATH = "http://www.w3.org/TR/1999/REC-xpath-19991116"


def message(issuer: str = "urn:sp", message_id: str = "_m1") -> etree._Element:
    root = etree.Element(f"{{{SAMLP}}}AuthnRequest", ID=message_id, Version="2.0", nsmap={"samlp": SAMLP, "saml": SAML})
    root.text = "\n  "
    etree.SubElement(root, f"{{{SAML}}}Issuer").text = issuer
    etree.SubElement(root, f"{{{SAMLP}}}NameIDPolicy", AllowCreate="true").tail = "\n"
    return root


def _ds(parent: etree._Element, name: str, text: str | None = None, **attrib: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{DS}}}{name}", attrib)
    element.text = text
    return element


def _c14n(element: etree._Element) -> bytes:
    return etree.tostring(element, method="c14n", exclusive=True, with_comments=False)


def signed(
    root: etree._Element,
    uri: str | None = None,
    transforms: tuple[str, ...] = (ENVELOPED, EXC_C14N),
    method: str = RSA_SHA256,
    digest: str = SHA256,
    references: int = 1,
    key: rsa.RSAPrivateKey = KEY,
) -> etree._Element:
    """`root` with an enveloped signature after its Issuer, as XML-DSig computes it, in the shape the arguments say."""
    root = copy.deepcopy(root)
    algorithm = {SHA256: hashlib.sha256, SHA1: hashlib.sha1}[digest]
    # The enveloped transform: root as it is now; XML-DSig's default c14n (inclusive 1.0) without a c14n transform.
    canonical = _c14n(root) if EXC_C14N in transforms else etree.tostring(root, method="c14n", with_comments=False)
    value = base64.b64encode(algorithm(canonical).digest()).decode()
    signature = etree.Element(f"{{{DS}}}Signature", nsmap={"ds": DS})
    info = _ds(signature, "SignedInfo")
    _ds(info, "CanonicalizationMethod", Algorithm=EXC_C14N)
    _ds(info, "SignatureMethod", Algorithm=method)
    for _ in range(references):
        reference = _ds(info, "Reference", URI=uri if uri is not None else f"#{root.get('ID')}")
        steps = _ds(reference, "Transforms")
        for transform in transforms:
            _ds(steps, "Transform", Algorithm=transform)
        _ds(reference, "DigestMethod", Algorithm=digest)
        _ds(reference, "DigestValue", value)
    signature_value = _ds(signature, "SignatureValue")
    root.find(f"{{{SAML}}}Issuer").addnext(signature)
    data = _c14n(info)
    hash_ = hashes.SHA1() if method == RSA_SHA1 else hashes.SHA256()
    signature_value.text = base64.b64encode(key.sign(data, padding.PKCS1v15(), hash_)).decode()
    return etree.fromstring(etree.tostring(root))


def refused(root: etree._Element, *reason: str, certificates: list[x509.Certificate] | None = None, allow_sha1: bool = False) -> str:
    with pytest.raises(XmlRejected) as caught:
        verify_enveloped(root, certificates or [CERTIFICATE], "AuthnRequest", allow_sha1)
    text = str(caught.value)
    for part in reason:
        assert part in text, text
    return text


def test_a_correct_signature_gives_the_message_as_signed_and_leaves_the_tree_as_it_was() -> None:
    root = signed(message())
    before = etree.tostring(root)
    result = verify_enveloped(root, [CERTIFICATE], "AuthnRequest")
    assert etree.tostring(root) == before  # the Signature is back, with its tail text
    assert result.get("ID") == "_m1" and result.findtext(f"{{{SAML}}}Issuer") == "urn:sp"
    assert result.find(f"{{{DS}}}Signature") is None  # what was digested: the message without its Signature


def test_the_message_must_be_signed_once_by_a_direct_child() -> None:
    refused(message(), "is not signed")
    root = signed(message())
    root.append(copy.deepcopy(root.find(f"{{{DS}}}Signature")))
    refused(root, "2 signatures")
    nested = message()
    nested.find(f"{{{SAMLP}}}NameIDPolicy").append(copy.deepcopy(signed(message()).find(f"{{{DS}}}Signature")))
    refused(nested, "is not signed")


def test_the_reference_must_be_the_messages_own_id() -> None:
    refused(signed(message(), uri="#_other"), "does not cover the message itself")
    refused(signed(message(), uri=""), "does not cover the message itself")
    no_id = signed(message())
    del no_id.attrib["ID"]
    refused(no_id, "has no ID")


def test_one_reference_only() -> None:
    refused(signed(message(), references=2), "one Reference")


def test_the_id_on_a_second_element_is_wrapping() -> None:
    root = signed(message())
    etree.SubElement(root, f"{{{SAMLP}}}Extensions", ID="_m1")
    refused(root, "more than one element has ID", "wrapping")


ORDER = "Transforms must be the enveloped-signature transform"


@pytest.mark.parametrize(
    ("transforms", "reason"),
    [((EXC_C14N,), ORDER), ((EXC_C14N, ENVELOPED), ORDER), ((ENVELOPED, XPATH), f"Transform {XPATH!r} is not one of"),
     ((ENVELOPED, EXC_C14N, EXC_C14N), ORDER), ((), ORDER)],
    ids=["no enveloped", "enveloped last", "XPath", "two c14n", "none"],
)
def test_only_the_enveloped_transform_and_one_canonicalization(transforms: tuple[str, ...], reason: str) -> None:
    refused(signed(message(), transforms=transforms), reason)


def test_the_default_canonicalization_after_the_enveloped_transform_is_inclusive_c14n() -> None:
    # XML-DSig: without a c14n transform the node set is canonicalised with inclusive c14n 1.0 (which renders
    # saml's namespace on the root, where exclusive c14n puts it on the Issuer).
    assert verify_enveloped(signed(message(), transforms=(ENVELOPED,)), [CERTIFICATE], "AuthnRequest").get("ID") == "_m1"


def test_sha1_only_where_the_caller_allows_it() -> None:
    legacy = signed(message(), method=RSA_SHA1, digest=SHA1)
    refused(legacy, "SignatureMethod", "not allowed")
    assert verify_enveloped(legacy, [CERTIFICATE], "SP metadata", allow_sha1=True).get("ID") == "_m1"
    refused(signed(message(), digest=SHA1), "DigestMethod", "not allowed")


def test_no_hmac_signature_method() -> None:
    refused(signed(message(), method=HMAC_SHA256), "SignatureMethod", "not allowed")


def test_a_comment_cannot_change_what_the_signed_element_says() -> None:
    # The classic comment injection: comments are not signed, so one may be put into the Issuer after signing.
    # The signature still verifies, but the element returned is what was signed: its Issuer text is whole.
    root = signed(message(issuer="urn:evil.example.good"))
    issuer = root.find(f"{{{SAML}}}Issuer")
    issuer.text = "urn:evil"
    issuer.append(etree.Comment("x"))
    issuer[0].tail = ".example.good"
    assert issuer.text == "urn:evil"
    result = verify_enveloped(root, [CERTIFICATE], "AuthnRequest")
    assert result.findtext(f"{{{SAML}}}Issuer") == "urn:evil.example.good"


def test_a_change_after_signing_or_another_key_does_not_verify() -> None:
    changed = signed(message())
    changed.set("ForceAuthn", "true")
    refused(changed, "does not verify", "digest")
    _, other = load_pair(CERTS, "demo-sp-signing")
    refused(signed(message()), "does not verify", certificates=[other])
    signed_info_changed = signed(message())
    signed_info_changed.find(f"{{{DS}}}Signature/{{{DS}}}SignedInfo/{{{DS}}}SignatureMethod").set("Algorithm", RSA_SHA256 + " ")
    refused(signed_info_changed, "not allowed")


def test_signed_info_is_read_from_what_was_signed() -> None:
    # A comment inside DigestValue is not signed; the canonical SignedInfo (comments removed) is what counts.
    root = signed(message())
    value = root.find(f"{{{DS}}}Signature/{{{DS}}}SignedInfo/{{{DS}}}Reference/{{{DS}}}DigestValue")
    text = value.text or ""
    value.text = text[:5]
    value.append(etree.Comment("unsigned"))
    value[0].tail = text[5:]
    assert verify_enveloped(root, [CERTIFICATE], "AuthnRequest").get("ID") == "_m1"


def _certificate(key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey, days: tuple[int, int] = (-1, 30)) -> x509.Certificate:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "test")])
    now = dt.datetime.now(dt.timezone.utc)
    return (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now + dt.timedelta(days=days[0])).not_valid_after(now + dt.timedelta(days=days[1]))
        .sign(key, hashes.SHA256())
    )


def test_an_ecdsa_signature_from_libxmlsec1_verifies() -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    root = message()
    signature = xmlsec.template.create(root, xmlsec.Transform.EXCL_C14N, xmlsec.Transform.ECDSA_SHA256, ns="ds")
    reference = xmlsec.template.add_reference(signature, xmlsec.Transform.SHA256, uri="#_m1")
    xmlsec.template.add_transform(reference, xmlsec.Transform.ENVELOPED)
    xmlsec.template.add_transform(reference, xmlsec.Transform.EXCL_C14N)
    root.find(f"{{{SAML}}}Issuer").addnext(signature)
    context = xmlsec.SignatureContext()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    context.key = xmlsec.Key.from_memory(pem, xmlsec.constants.KeyDataFormatPem)
    context.register_id(root, "ID")
    context.sign(signature)
    root = etree.fromstring(etree.tostring(root))
    assert verify_enveloped(root, [_certificate(key)], "AuthnRequest").get("ID") == "_m1"
    refused(root, "does not verify")  # with the RSA certificate


def test_a_registered_certificate_outside_its_validity_is_refused() -> None:
    refused(signed(message()), "no registered signing certificate is valid now", certificates=[_certificate(KEY, (-30, -1))])


def test_a_key_value_beside_the_registered_certificate_must_be_its_key() -> None:
    def with_key_value(key: rsa.RSAPrivateKey) -> etree._Element:
        root = signed(message())
        numbers = key.public_key().public_numbers()
        info = _ds(root.find(f"{{{DS}}}Signature"), "KeyInfo")
        value = _ds(_ds(info, "KeyValue"), "RSAKeyValue")
        _ds(value, "Modulus", base64.b64encode(numbers.n.to_bytes(256, "big")).decode())
        _ds(value, "Exponent", base64.b64encode(numbers.e.to_bytes(3, "big")).decode())
        return root

    assert verify_enveloped(with_key_value(KEY), [CERTIFICATE], "AuthnRequest").get("ID") == "_m1"
    refused(with_key_value(rsa.generate_private_key(65537, 2048)), "KeyValue is not the key")
    other_kind = signed(message())
    _ds(_ds(_ds(other_kind.find(f"{{{DS}}}Signature"), "KeyInfo"), "KeyValue"), "DSAKeyValue")
    refused(other_kind, "KeyValue other than RSAKeyValue")


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda s: _ds(s.find(f"{{{DS}}}SignedInfo"), "Extra"), "SignedInfo must hold"),
        (lambda s: s.insert(0, etree.Element(f"{{{DS}}}KeyInfo")), "Signature must hold"),
        (lambda s: s.find(f"{{{DS}}}SignatureValue").__setattr__("text", "%%%"), "SignatureValue is not valid base64"),
        (lambda s: s.find(f"{{{DS}}}SignedInfo").__setattr__("text", "junk"), "SignedInfo holds text"),
    ],
    ids=["foreign element in SignedInfo", "KeyInfo first", "SignatureValue not base64", "text in SignedInfo"],
)
def test_the_signature_has_the_xml_dsig_shape(change, reason: str) -> None:  # type: ignore[no-untyped-def]
    root = signed(message())
    change(root.find(f"{{{DS}}}Signature"))
    refused(root, reason)

"""Signing requests with xmlsec (libxmlsec1's Python binding) in every shape XML-DSig and exc-c14n allow.

The simulator verifies with signxml; these signatures come from another implementation, in the shapes real
clients send: `ec:InclusiveNamespaces` in `SignedInfo/CanonicalizationMethod` (as Java/Santuario signers write
it), in the exc-c14n Transform (DigiD's own messages), or nowhere; KeyInfo with a KeyName, an X509Certificate,
both or neither."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Literal

import xmlsec
from lxml import etree

DS = "http://www.w3.org/2000/09/xmldsig#"
SAML = "urn:oasis:names:tc:SAML:2.0:assertion"
CERTS = Path(__file__).resolve().parents[2] / "certs"
KeyInfo = Literal["keyname", "x509", "both", "none"]
PREFIXES = "ds saml samlp"


def xmlsec_signed(
    root: etree._Element,
    stem: str = "test-sp-signing",
    c14n_inclusive: bool = False,
    transform_inclusive: bool = False,
    key_info: KeyInfo = "keyname",
) -> etree._Element:
    """A signed copy of `root` (which carries an ID): enveloped, RSA-SHA256, SHA-256, exclusive c14n, the
    Signature right after the Issuer."""
    root = copy.deepcopy(root)
    for old in root.findall(f"{{{DS}}}Signature"):
        root.remove(old)
    signature = xmlsec.template.create(root, xmlsec.Transform.EXCL_C14N, xmlsec.Transform.RSA_SHA256, ns="ds")
    if c14n_inclusive:
        xmlsec.template.transform_add_c14n_inclusive_namespaces(signature.find(f"{{{DS}}}SignedInfo/{{{DS}}}CanonicalizationMethod"), PREFIXES)
    reference = xmlsec.template.add_reference(signature, xmlsec.Transform.SHA256, uri=f"#{root.get('ID')}")
    xmlsec.template.add_transform(reference, xmlsec.Transform.ENVELOPED)
    c14n = xmlsec.template.add_transform(reference, xmlsec.Transform.EXCL_C14N)
    if transform_inclusive:
        xmlsec.template.transform_add_c14n_inclusive_namespaces(c14n, PREFIXES)
    if key_info != "none":
        info = xmlsec.template.ensure_key_info(signature)
        if key_info in ("keyname", "both"):
            xmlsec.template.add_key_name(info, "test-key")
        if key_info in ("x509", "both"):
            xmlsec.template.add_x509_data(info)
    issuer = root.find(f"{{{SAML}}}Issuer")
    if issuer is not None:
        issuer.addnext(signature)
    else:
        root.insert(0, signature)
    context = xmlsec.SignatureContext()
    key = xmlsec.Key.from_file(str(CERTS / f"{stem}.key"), xmlsec.constants.KeyDataFormatPem)
    key.load_cert_from_file(str(CERTS / f"{stem}.crt"), xmlsec.constants.KeyDataFormatPem)
    context.key = key
    context.register_id(root, "ID")
    context.sign(signature)
    # Re-parsed: nodes libxmlsec1 creates are not all found by lxml's namespace-aware find() until then.
    return etree.fromstring(etree.tostring(root))


def xmlsec1_verifies(root: etree._Element, stem: str = "test-sp-signing") -> bool:
    """What libxmlsec1 says of the signature (the reference verifier for these shapes)."""
    root = copy.deepcopy(root)
    context = xmlsec.SignatureContext()
    context.key = xmlsec.Key.from_file(str(CERTS / f"{stem}.crt"), xmlsec.constants.KeyDataFormatCertPem)
    context.register_id(root, "ID")
    try:
        context.verify(root.find(f"{{{DS}}}Signature"))
    except xmlsec.Error:
        return False
    return True

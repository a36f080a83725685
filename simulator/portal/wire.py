"""The wire panel's view of a message: pretty-printed XML with tag names, attributes and the lines that carry the
key facts (issuer, audience, status, level, subjects, representation type, validity) highlighted, and long
base64 values (signatures, certificates, ciphertext) shortened so that what matters fits on a phone. The
download link gives the message complete."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

# Lines worth a reader's eye in a DDCC exchange.
KEY_LINE = re.compile(
    r"<(?:\w+:)?(?:Issuer|Audience|StatusCode|StatusMessage|AuthnContextClassRef|NameID)\b"
    r"|<(?:\w+:)?(?:Attribute|Conditions|SubjectConfirmationData)\b|AttributeValue>urn:|Destination=|\"(?:bsn|bevoegd|redenCode|burgerservicenummer)\""
)
TAG = re.compile(r"(&lt;/?)([\w.:-]+)")
ATTRIBUTE = re.compile(r"([\w.:-]+)=(&#34;|&quot;)(.*?)\2")
# A base64 value over 160 characters, possibly broken over lines.
BASE64_RUN = re.compile(r"[A-Za-z0-9+/=\n]{161,}")
SHOWN_BASE64 = 48


def _shorten(text: str) -> str:
    def cut(match: re.Match[str]) -> str:
        value = match.group(0).strip("\n")
        return f"{value[:SHOWN_BASE64]}… ({len(value)} tekens; volledig in de download)"

    return BASE64_RUN.sub(cut, text)


def highlight(text: str, content_type: str = "xml") -> Markup:
    """The message as safe HTML for a `<pre>`: escaped, then marked up."""
    lines = []
    for line in _shorten(text).splitlines():
        html = str(escape(line))
        if content_type == "xml":
            html = ATTRIBUTE.sub(r'<span class="xa">\1</span>=<span class="xv">"\3"</span>', html)
            html = TAG.sub(r'\1<span class="xt">\2</span>', html)
        if KEY_LINE.search(line):
            html = f"<mark>{html}</mark>"
        lines.append(html)
    return Markup("\n".join(lines))

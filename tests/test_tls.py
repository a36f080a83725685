"""simulator.tls: the OINs a client certificate carries (subject serialNumber)."""

from __future__ import annotations

import datetime as dt

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from simulator.tls import oin_of, oins_of


def _certificate(*serial_numbers: str) -> x509.Certificate:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "client")] + [x509.NameAttribute(NameOID.SERIAL_NUMBER, s) for s in serial_numbers])
    start = dt.datetime.now(dt.timezone.utc)
    return (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(1).not_valid_before(start).not_valid_after(start + dt.timedelta(days=1)).sign(key, hashes.SHA256())
    )


def test_exactly_one_serial_number_is_an_oin() -> None:
    assert oin_of(_certificate("00000099000000009200")) == "00000099000000009200"
    assert oin_of(_certificate()) is None
    # Several: ambiguous, so none speaks for the caller (it used to be read as the first).
    two = _certificate("00000099000000009200", "00000099000000009300")
    assert oins_of(two) == ["00000099000000009200", "00000099000000009300"] and oin_of(two) is None

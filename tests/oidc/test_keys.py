"""The OP's signing key: parsed once per content (every namespace's app loads it), and a changed file is honoured."""

from __future__ import annotations

import shutil
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from simulator.oidc.keys import KEY_STEM, load_key

CERTS = Path(__file__).resolve().parents[2] / "certs"


def test_the_same_files_give_the_same_parsed_key(tmp_path: Path) -> None:
    for suffix in (".key", ".crt"):
        if (CERTS / f"{KEY_STEM}{suffix}").is_file():
            shutil.copy(CERTS / f"{KEY_STEM}{suffix}", tmp_path)
    assert load_key(tmp_path) is load_key(CERTS)  # one parse shared, not one per app


def test_a_changed_key_file_is_read_anew(tmp_path: Path) -> None:
    first = load_key(CERTS)
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    (tmp_path / f"{KEY_STEM}.key").write_bytes(
        other.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    changed = load_key(tmp_path)
    assert changed.kid != first.kid and changed.certificate_der is None

"""Values as the sqlite and redis backends store them: pickled, and signed with HMAC-SHA256.

Pickle keeps the interfaces free of serialisation code (a door's pending login is a dataclass holding scenario
objects and certificates; it comes back as the same typed object in another process). Unpickling runs code, so
nothing is unpickled unless its signature verifies with the secret every replica shares: someone who can write to
the Redis but lacks the secret gets a refusal, not code execution."""

from __future__ import annotations

import hashlib
import hmac
import io
import pickle
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from . import StateUnavailable

MAC_BYTES = 32


def _certificate(der: bytes) -> x509.Certificate:
    return x509.load_der_x509_certificate(der)


class _Pickler(pickle.Pickler):
    # cryptography's certificates cannot be pickled; they travel as DER.
    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, x509.Certificate):
            return _certificate, (obj.public_bytes(Encoding.DER),)
        return NotImplemented


class Sealer:
    def __init__(self, secret: bytes):
        # A fixed key when none is given: still refuses values that are not pickles of ours by accident.
        self._key = hashlib.sha256(b"simulator-state:" + secret).digest()

    def seal(self, value: Any) -> bytes:
        buffer = io.BytesIO()
        _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
        data = buffer.getvalue()
        return hmac.new(self._key, data, hashlib.sha256).digest() + data

    def open(self, sealed: bytes) -> Any:
        mac, data = sealed[:MAC_BYTES], sealed[MAC_BYTES:]
        if not hmac.compare_digest(mac, hmac.new(self._key, data, hashlib.sha256).digest()):
            raise StateUnavailable("a stored value fails its integrity check (written with another SIMULATOR_STATE_SECRET, or not by the simulator)")
        return pickle.loads(data)

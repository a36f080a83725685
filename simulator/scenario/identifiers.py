"""Dutch identifiers: BSN and RSIN (elfproef), KvK numbers, OINs and eID entity IDs.

These checks are shared by scenario validation, the generator and every interface's input validation, so the
rules live in exactly one place."""

from __future__ import annotations

import re

_NINE_DIGITS = re.compile(r"^[0-9]{9}$")
_KVK = re.compile(r"^[0-9]{8}$")
_OIN = re.compile(r"^[0-9]{20}$")
ENTITY_ID = re.compile(r"^urn:nl-eid-gdi:1\.0:(AD|DV|BVD|LC|RD|TD):([0-9]{20}):entities:([0-9]{4})$")
# eHerkenning (eToegang) entity IDs: urn:etoegang:<role>:<OIN>:entities:<index>, role DV (dienstverlener), HM
# (herkenningsmakelaar), AD (authenticatiedienst), MR (machtigingenregister).
ETOEGANG_ENTITY_ID = re.compile(r"^urn:etoegang:(DV|HM|AD|MR):([0-9]{20}):entities:([0-9]{1,4})$")


def elfproef(number: str) -> bool:
    """The BSN/RSIN eleven test: 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 is a multiple of 11 (and not all zeros)."""
    # The shape without a regular expression: this is the cheap first check of every BSN a load validates.
    if len(number) != 9 or not number.isdigit() or not number.isascii() or number == "000000000":
        return False
    return _eleven_sum(number) % 11 == 0


def _eleven_sum(number: str) -> int:
    # Written out on the character codes: a load of 100k persons checks some 200k numbers.
    b = number.encode("ascii")
    return 9 * b[0] + 8 * b[1] + 7 * b[2] + 6 * b[3] + 5 * b[4] + 4 * b[5] + 3 * b[6] + 2 * b[7] - b[8] - 43 * 48


def bsn_problem(value: str) -> str | None:
    """Why `value` is not a valid BSN, or None when it is."""
    if not _NINE_DIGITS.match(value):
        return f"{value!r} is not 9 digits"
    if value == "000000000" or _eleven_sum(value) % 11:
        return f"{value!r} fails the elfproef"
    return None


def kvk_problem(value: str) -> str | None:
    """Why `value` is not a KvK number (8 digits, not all zeros), or None.

    KvK numbers have no public check digit since 2016 (new numbers are issued without an elfproef), so only the
    shape is checked."""
    if not _KVK.match(value):
        return f"{value!r} is not an 8-digit KvK number"
    if value == "00000000":
        return f"{value!r} is not a KvK number"
    return None


def oin_problem(value: str) -> str | None:
    """Why `value` is not a 20-digit OIN, or None."""
    if not _OIN.match(value):
        return f"{value!r} is not a 20-digit OIN"
    return None


def complete_elfproef(prefix8: str) -> str | None:
    """The 9-digit number that starts with `prefix8` and passes the elfproef, or None if no ninth digit fits."""
    digits = [int(c) for c in prefix8]
    partial = sum(d * w for d, w in zip(digits, range(9, 1, -1)))
    last = partial % 11
    if last > 9:
        return None
    candidate = prefix8 + str(last)
    return candidate if elfproef(candidate) else None

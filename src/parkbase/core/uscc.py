"""Unified social credit code (统一社会信用代码, GB 32100-2015).

``stdnum.cn.uscc.validate`` insists that the first eight characters are digits and
so rejects valid codes of registering departments A, N and Y; we use its
check-character function under our own structural rule.
"""

from __future__ import annotations

import operator

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {c: i for i, c in enumerate(ALPHABET)}
_ALLOWED = frozenset(ALPHABET)
_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))  # GB 32100-2015: 3^i mod 31
REGISTERING_DEPARTMENTS = set("123456789ANY")
_FULLWIDTH = {
    ord(c): ord(c) - 0xFEE0
    for c in "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ"
}


class USCCError(ValueError):
    """Carries a machine code: 'length', 'alphabet', 'department', 'division', 'check'."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def compact(value: str) -> str:
    if value.__class__ is str and value.isascii() and value.isalnum():
        return value.upper()  # nothing to remove (an import's codes are compact already)
    return (value or "").translate(_FULLWIDTH).replace(" ", "").replace("-", "").strip().upper()


def check_character(first17: str) -> str:
    """The 18th character (what ``stdnum.cn.uscc.calc_check_digit`` computes, with
    one C-level pass: an import checks every row's code)."""
    total = sum(map(operator.mul, map(_VALUE.__getitem__, first17), _WEIGHTS))
    return ALPHABET[-total % 31]


def validate(value: str) -> str:
    """Return the compact code or raise USCCError naming the broken rule."""
    code = compact(value)
    if len(code) != 18:
        raise USCCError("length", f"must be 18 characters, got {len(code)}")
    bad = [] if _ALLOWED.issuperset(code) else sorted(set(code) - _VALUE.keys())
    if bad:
        raise USCCError("alphabet", f"contains characters not allowed: {''.join(bad)}")
    if code[0] not in REGISTERING_DEPARTMENTS:
        raise USCCError("department", f"unknown registering department {code[0]!r}")
    if not code[2:8].isdigit():
        raise USCCError("division", "characters 3–8 must be the 6-digit division code")
    expected = check_character(code[:17])
    if code[17] != expected:
        raise USCCError("check", f"check character is {code[17]!r}, should be {expected!r}")
    return code


def is_valid(value: str) -> bool:
    try:
        validate(value)
    except USCCError:
        return False
    return True

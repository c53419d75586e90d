"""Case numbers and case secrets. The worker keeps the secret (seal.js's newCaseSecret: 28
Crockford base32 symbols, 140 bits, shown as XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX); the server
keeps only `hash_secret`'s string, so a copy of the database does not open anyone's case.

Scrypt cost n=2**14, r=8, p=1 (16 MiB, tens of milliseconds per check): the secret is 140
random bits, so no amount of hashing is what stops guessing (2**140 tries are out of reach
even at one hash each); the slow hash is the issue's defence in depth, kept cheap enough
for a small Lambda (16 MiB of its 128 MB and well under a second per check) and for an
attacker who tries many wrong secrets to cost us little. The parameters are stored with
each hash, so they can be raised later without breaking stored cases."""
from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import unicodedata

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
SECRET_SYMBOLS = 28
N, R, P = 2**14, 8, 1
SALT_BYTES = 16
HASH_BYTES = 32
MAXMEM = 64 * 1024 * 1024   # OpenSSL's default limit (32 MiB) is too close to the 16 MiB used
MAX_WORK = 2**25            # 128*n*r*p a stored string may ask for (twice ours): a changed
                            # row must not make one check take seconds

# Typed by hand: Crockford's look-alikes, and the separators a phone keyboard offers
# (spaces, hyphens, dashes, the katakana long vowel mark, after NFKC folds full-width forms).
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212\u30fc]+")


def _symbols(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return _SEPARATORS.sub("", text).upper().translate(_LOOKALIKES)


def normalise(text: str) -> str:
    """The secret as typed or pasted -> its 28 canonical symbols; ValueError if it cannot be one."""
    symbols = _symbols(text)
    if len(symbols) != SECRET_SYMBOLS or any(c not in CROCKFORD for c in symbols):
        raise ValueError(f"a case secret is {SECRET_SYMBOLS} letters and digits (Crockford base32)")
    return symbols


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _scrypt(symbols: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    return hashlib.scrypt(symbols.encode("ascii"), salt=salt, n=n, r=r, p=p, maxmem=MAXMEM, dklen=length)


def hash_secret(secret: str) -> str:
    """`scrypt$16384$8$1$<salt, base64>$<hash, base64>`: a new random salt each time."""
    salt = secrets.token_bytes(SALT_BYTES)
    digest = _scrypt(normalise(secret), salt, N, R, P, HASH_BYTES)
    return f"scrypt${N}${R}${P}${_b64(salt)}${_b64(digest)}"


def verify_secret(secret: str, stored: str) -> bool:
    """Whether `secret` (as typed) is the one `stored` was made from. A malformed secret is
    simply wrong (False), like any other wrong one."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        n, r, p = int(n), int(r), int(p)
        salt, digest = base64.b64decode(salt, validate=True), base64.b64decode(digest, validate=True)
    except ValueError:
        raise ValueError("not a stored case secret hash (scrypt$n$r$p$salt$hash)") from None
    if scheme != "scrypt" or min(n, r, p) < 1 or n & (n - 1) or 128 * n * r * p > MAX_WORK:
        raise ValueError(f"unsupported case secret hash parameters: {scheme} n={n} r={r} p={p}")
    try:
        symbols = normalise(secret)
    except ValueError:
        return False
    return hmac.compare_digest(_scrypt(symbols, salt, n, r, p, len(digest)), digest)


def new_case_number() -> str:
    """`C-` and 8 random Crockford symbols (40 bits): short enough to read out, and it says
    nothing about how many cases the desk has (not a counter). Not secret: the secret is.
    The store must keep it unique and draw again on a clash (any two of 1,000 cases share a
    number with a chance of about 1 in 2 million)."""
    return "C-" + "".join(secrets.choice(CROCKFORD) for _ in range(8))


def normalise_case_number(text: str) -> str:
    """A case number as typed ("c-7k3m9qxa", "7K3M 9QXA") -> "C-7K3M9QXA"; ValueError otherwise."""
    symbols = _symbols(text)
    if len(symbols) == 9 and symbols[0] == "C":
        symbols = symbols[1:]
    if len(symbols) != 8 or any(c not in CROCKFORD for c in symbols):
        raise ValueError("a case number is C- and 8 letters and digits")
    return "C-" + symbols

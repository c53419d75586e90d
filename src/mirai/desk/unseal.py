"""Opens a consultation sealed by seal.js (JWE compact, ECDH-ES + A256GCM) with the desk's
private key. Only that one algorithm pair is accepted, checked here before joserfc is asked
(and joserfc is told the same): a token never chooses how it is decrypted, so no "dir",
RSA, CBC or "none" token can steer the key into another algorithm."""
from __future__ import annotations

import base64
import binascii
import json
from pathlib import Path
from typing import Any

from joserfc import jwe
from joserfc.errors import JoseError
from joserfc.jwk import ECKey

from mirai.desk.keys import load_private_key

ALG = "ECDH-ES"
ENC = "A256GCM"
HEADER_FIELDS = {"alg", "enc", "kid", "epk"}  # what seal.js writes; anything else is refused


class UnsealError(ValueError):
    """A token the desk will not open, and why (never the plaintext)."""


def _header(token: str) -> dict:
    parts = token.split(".")
    if len(parts) != 5:
        raise UnsealError(f"not a JWE compact token: {len(parts)} parts, not 5")
    if parts[1]:
        raise UnsealError(f"refused: an encrypted key is present; {ALG} (direct) has none")
    try:
        raw = base64.urlsafe_b64decode(parts[0] + "=" * (-len(parts[0]) % 4))
        header = json.loads(raw.decode("utf-8"))
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise UnsealError("the protected header is not base64url JSON (the token was changed)") from None
    if not isinstance(header, dict):
        raise UnsealError("the protected header is not a JSON object")
    return header


def unseal(token: str, private_key: ECKey | Path | str) -> Any:
    """The JSON payload of `token`; `private_key` is the desk's key or its file's path."""
    key = private_key if isinstance(private_key, ECKey) else load_private_key(Path(private_key))
    kid = key.kid or key.thumbprint()  # keys.py writes the thumbprint as kid
    token = token.strip()
    header = _header(token)
    if header.get("alg") != ALG or header.get("enc") != ENC:
        raise UnsealError(f"refused: alg {header.get('alg')!r}, enc {header.get('enc')!r}; "
                          f"only {ALG} with {ENC} is accepted")
    extra = set(header) - HEADER_FIELDS
    if extra:  # zip, crit, jku...: nothing seal.js sends, nothing to trust
        raise UnsealError(f"refused: unexpected header fields {sorted(extra)}")
    epk = header.get("epk")
    if not (isinstance(epk, dict) and set(epk) == {"kty", "crv", "x", "y"}
            and epk["kty"] == "EC" and epk["crv"] == "P-256"):
        raise UnsealError("refused: the ephemeral key (epk) is not a P-256 public key")
    if header.get("kid") != kid:
        raise UnsealError(f"sealed to another key: kid {header.get('kid')!r}, this desk key is {kid!r}")
    try:
        plaintext = jwe.decrypt_compact(token, key, algorithms=[ALG, ENC]).plaintext
    except (JoseError, ValueError, KeyError, TypeError) as e:  # GCM's tag: a wrong key or a changed byte
        raise UnsealError(f"cannot decrypt: the token was changed or sealed to another key ({e})") from None
    try:
        return json.loads(plaintext.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise UnsealError("decrypted, but the payload is not UTF-8 JSON") from None

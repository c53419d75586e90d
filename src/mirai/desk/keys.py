"""The desk's key pair: P-256, as JWKs. The private key goes to a file only its owner can read
(0600), which is never overwritten: replacing it would lock the desk out of every consultation
sealed to the old public key. The public key, with its RFC 7638 thumbprint as `kid`, is what
the site gives seal.js."""
from __future__ import annotations

import json
import os
from pathlib import Path

from joserfc.jwk import ECKey


def generate_desk_key(private_path: Path, public_path: Path) -> dict:
    """Writes a new key pair to the two files (neither may exist); returns the public JWK."""
    private_path, public_path = Path(private_path), Path(public_path)
    for path in (private_path, public_path):
        if path.exists():
            raise FileExistsError(f"{path} exists: a desk key is never overwritten")
    key = ECKey.generate_key("P-256", private=True)
    kid = key.thumbprint()  # RFC 7638, SHA-256: the same key always gets the same id
    public = {**key.as_dict(private=False), "kid": kid}
    private = {**key.as_dict(private=True), "kid": kid}
    # O_EXCL: refused if the file appeared meanwhile; the mode is set at creation, so the
    # private key is never readable by others, not even for a moment.
    fd = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        os.fchmod(f.fileno(), 0o600)  # in case the umask asked for less than we need, not more
        json.dump(private, f, indent=2)
        f.write("\n")
    with open(public_path, "x", encoding="utf-8") as f:
        json.dump(public, f, indent=2)
        f.write("\n")
    return public


def load_private_key(path: Path) -> ECKey:
    """The desk's private key from its file (a P-256 EC JWK with `d`)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if data.get("kty") != "EC" or data.get("crv") != "P-256" or "d" not in data:
        raise ValueError(f"{path} is not a P-256 private key (JWK with kty EC, crv P-256, d)")
    return ECKey.import_key(data)


# ---------------------------------------------------------------- the key the site seals to

PUBLIC_KEY_SETTING = "MIRAI_DESK_PUBLIC_KEY"


def load_public_key(path: Path) -> dict:
    """The desk's public JWK as the consultation page gives it to seal.js."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if data.get("kty") != "EC" or data.get("crv") != "P-256" or "d" in data or not data.get("kid"):
        raise ValueError(f"{path} is not the desk's public key (P-256 EC JWK with kid, without d)")
    return {k: data[k] for k in ("kty", "crv", "x", "y", "kid")}


def development_key(folder: Path) -> Path:
    """A local desk key pair for `mirai serve` (folder/private.jwk, folder/public.jwk), made
    once: a developer reads the consultations sent to a local site with
    `mirai desk read C-... --key var/desk/private.jwk`. Production builds name their key."""
    folder.mkdir(parents=True, exist_ok=True)
    public = folder / "public.jwk"
    if not public.exists():
        generate_desk_key(folder / "private.jwk", public)
    return public

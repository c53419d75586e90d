"""The consultation desk's cryptography: seal.js in real Chromium (page and Web Worker) seals,
mirai.desk.unseal opens with joserfc; refusals of other keys, changed tokens and other
algorithms; joserfc's own tokens; case secrets (browser code and scrypt hashes); key files."""
from __future__ import annotations

import base64
import hashlib
import json
import re
import stat

import pytest
import rjsmin
from conftest import in_web_worker, page_with_script
from joserfc import jwe
from joserfc.jwk import ECKey

from mirai.desk import case_secret
from mirai.desk.keys import generate_desk_key, load_private_key
from mirai.desk.unseal import UnsealError, unseal
from mirai.paths import ROOT

JS = ROOT / "docs/assets/mirai/seal.js"

PAYLOADS = [
    {"message": "My employer keeps my passport.", "contact": {"kind": "email", "value": "a@example.org"}},
    {"message": "ဆရာဝန် နဲ့ တွေ့ချင်ပါတယ်", "contact": {"kind": "none"}},  # Burmese: "doctor"
    {"message": "老板不给我加班费。", "contact": {"kind": "line", "value": "wang_123"}},
    {"message": "Help 🙏🏽👷‍♀️ — ok? ✓", "contact": None},
    {"message": "x" * 10_000 + "ဆ" * 3_400, "contact": {"kind": "phone", "value": "+81 90 0000 0000"}},  # ~20 KB UTF-8
    {"message": "", "contact": {}, "employer": ""},
    "",
    [],
]

SEAL_ALL = "async ([payloads, key]) => Promise.all(payloads.map(p => self.MiraiSeal.seal(p, key)))"
SEAL_ERROR = "async key => { try { await self.MiraiSeal.seal('x', key); } catch (e) { return e.message; } }"


def b64url_json(part: str):
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def b64url(data) -> str:
    raw = json.dumps(data).encode() if not isinstance(data, bytes) else data
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    folder = tmp_path_factory.mktemp("desk")
    public = generate_desk_key(folder / "desk-private.jwk", folder / "desk-public.jwk")
    return folder / "desk-private.jwk", public


@pytest.fixture(scope="module")
def other_desk(tmp_path_factory):
    folder = tmp_path_factory.mktemp("other")
    public = generate_desk_key(folder / "private.jwk", folder / "public.jwk")
    return folder / "private.jwk", public


ORIGIN = "http://localhost:8123"


@pytest.fixture(scope="module")
def js_page(browser):
    """A page that loaded seal.js, at a secure origin (Web Crypto exists only there; about:blank
    is not one): http://localhost answered by Playwright, which refuses any other request."""
    context = browser.new_context()
    others = []

    def answer(route):
        url = route.request.url
        if url == f"{ORIGIN}/":
            route.fulfill(content_type="text/html", body='<meta charset=utf-8><script src="/seal.js"></script>')
        elif url == f"{ORIGIN}/seal.js":
            route.fulfill(content_type="text/javascript", path=str(JS))
        else:
            others.append(url)
            route.abort()

    context.route("**/*", answer)
    page = context.new_page()
    page.goto(f"{ORIGIN}/")
    assert page.evaluate("isSecureContext && typeof self.MiraiSeal.seal === 'function'")
    yield page
    context.close()
    assert others == []


@pytest.fixture(scope="module")
def sealed(js_page, desk):
    return js_page.evaluate(SEAL_ALL, [PAYLOADS, desk[1]])


# (a) seal.js in Chromium -> unseal in Python


@pytest.mark.browser
@pytest.mark.parametrize("index", range(len(PAYLOADS)))
def test_page_seals_what_python_unseals(sealed, desk, index):
    assert unseal(sealed[index], desk[0]) == PAYLOADS[index]


@pytest.mark.browser
def test_web_worker_seals_what_python_unseals(js_page, desk):
    tokens = in_web_worker(js_page, JS, SEAL_ALL, [PAYLOADS, desk[1]])
    assert [unseal(t, desk[0]) for t in tokens] == PAYLOADS


@pytest.mark.browser
def test_minified_seal_js_as_the_site_serves_it(js_page, desk):
    minified = rjsmin.jsmin(JS.read_text(encoding="utf-8"))
    tokens = in_web_worker(js_page, minified, SEAL_ALL, [PAYLOADS[:4], desk[1]])
    assert [unseal(t, desk[0]) for t in tokens] == PAYLOADS[:4]


@pytest.mark.browser
def test_token_is_standard_jwe_compact(sealed, desk):
    big = sealed[4]
    part = "[A-Za-z0-9_-]"  # base64url, no padding; empty encrypted key, 12-byte IV, 16-byte tag
    assert re.fullmatch(rf"{part}+\.\.{part}{{16}}\.{part}+\.{part}{{22}}", big)
    header = b64url_json(big.split(".")[0])
    assert header == {"alg": "ECDH-ES", "enc": "A256GCM", "kid": desk[1]["kid"], "epk": header["epk"]}
    assert set(header["epk"]) == {"kty", "crv", "x", "y"} and header["epk"]["crv"] == "P-256"
    assert len(big) > 20_000 * 4 / 3  # the whole message is there, encrypted
    # joserfc alone (not through unseal) opens it too
    opened = jwe.decrypt_compact(big, load_private_key(desk[0]), algorithms=["ECDH-ES", "A256GCM"])
    assert json.loads(opened.plaintext) == PAYLOADS[4]


@pytest.mark.browser
def test_every_seal_has_its_own_ephemeral_key_and_iv(js_page, desk):
    a, b = js_page.evaluate(SEAL_ALL, [["same", "same"], desk[1]])
    assert a != b
    assert b64url_json(a.split(".")[0])["epk"] != b64url_json(b.split(".")[0])["epk"]
    assert a.split(".")[2] != b.split(".")[2]


@pytest.mark.browser
def test_seal_refuses_a_key_that_is_not_the_desks(js_page, desk):
    no_kid = {k: v for k, v in desk[1].items() if k != "kid"}
    for key in (no_kid, {**desk[1], "crv": "P-384"}, None):
        error = js_page.evaluate(SEAL_ERROR, key)
        assert error and "desk key" in error


@pytest.mark.browser
def test_seal_says_why_on_a_page_without_web_crypto(browser):
    """about:blank, like a plain-http page, is no secure context: no crypto.subtle."""
    for page in page_with_script(browser, JS):
        error = page.evaluate(SEAL_ERROR, {"kty": "EC", "crv": "P-256", "kid": "k"})
        assert "no Web Crypto here" in error
        assert SECRET.fullmatch(page.evaluate("self.MiraiSeal.newCaseSecret()"))  # getRandomValues is everywhere


def test_seal_js_loads_nothing():
    source = JS.read_text(encoding="utf-8")
    assert not re.search(r"\bfetch\(|importScripts|https?://|\bimport\(", source)


# (b) refusals


@pytest.mark.browser
def test_token_for_another_key_is_refused_clearly(sealed, other_desk):
    with pytest.raises(UnsealError, match="sealed to another key"):
        unseal(sealed[0], other_desk[0])


@pytest.mark.browser
def test_kid_forged_to_match_still_fails(sealed, desk, other_desk):
    header, *rest = sealed[0].split(".")
    forged = {**b64url_json(header), "kid": other_desk[1]["kid"]}
    with pytest.raises(UnsealError, match="cannot decrypt"):
        unseal(".".join([b64url(forged), *rest]), other_desk[0])


def flip(part: str, at: int) -> str:
    """`part` with one base64url character replaced (a changed byte)."""
    return part[:at] + ("A" if part[at] != "A" else "B") + part[at + 1:]


@pytest.mark.browser
@pytest.mark.parametrize("where", ["iv", "ciphertext-start", "ciphertext-middle", "tag"])
def test_changed_byte_is_refused(sealed, desk, where):
    parts = sealed[0].split(".")
    index, at = {"iv": (2, 3), "ciphertext-start": (3, 0), "ciphertext-middle": (3, len(parts[3]) // 2),
                 "tag": (4, 5)}[where]
    parts[index] = flip(parts[index], at)
    with pytest.raises(UnsealError, match="cannot decrypt"):
        unseal(".".join(parts), desk[0])


@pytest.mark.browser
def test_changed_header_is_refused(sealed, desk):
    header, *rest = sealed[0].split(".")
    # Any byte of the header's text: refused, whether it breaks the JSON or not.
    for at in range(0, len(header), 7):
        with pytest.raises(UnsealError):
            unseal(".".join([flip(header, at), *rest]), desk[0])
    # A header that still parses and names the right key: the additional data differs.
    same_json = json.dumps(b64url_json(header), indent=1)
    with pytest.raises(UnsealError, match="cannot decrypt"):
        unseal(".".join([b64url(same_json.encode()), *rest]), desk[0])


@pytest.mark.browser
@pytest.mark.parametrize("alg, enc", [("dir", "A256GCM"), ("RSA-OAEP", "A256GCM"), ("ECDH-ES", "A128CBC-HS256"),
                                      ("ECDH-ES+A256KW", "A256GCM"), ("none", "A256GCM"), (None, "A256GCM")])
def test_other_algorithms_are_refused(sealed, desk, alg, enc):
    header, *rest = sealed[0].split(".")
    changed = {**b64url_json(header), "alg": alg, "enc": enc}
    with pytest.raises(UnsealError, match="refused: alg"):
        unseal(".".join([b64url(changed), *rest]), desk[0])


@pytest.mark.browser
def test_ephemeral_key_must_be_p256_and_on_the_curve(sealed, desk):
    header, *rest = sealed[0].split(".")
    original = b64url_json(header)
    for epk, message in [({**original["epk"], "crv": "P-384"}, "not a P-256"),
                         ({**original["epk"], "d": original["epk"]["x"]}, "not a P-256"),
                         ("key", "not a P-256"),
                         ({**original["epk"], "y": original["epk"]["x"]}, "cannot decrypt")]:  # off the curve
        with pytest.raises(UnsealError, match=message):
            unseal(".".join([b64url({**original, "epk": epk}), *rest]), desk[0])


def test_joserfc_dir_token_is_refused(desk):
    """A real "dir" token (a symmetric key the attacker chose) is refused before decryption."""
    from joserfc.jwk import OctKey

    token = jwe.encrypt_compact({"alg": "dir", "enc": "A256GCM", "kid": load_private_key(desk[0]).kid},
                                b'{"m": 1}', OctKey.generate_key(256))
    with pytest.raises(UnsealError, match="refused: alg 'dir'"):
        unseal(token, desk[0])


@pytest.mark.parametrize("token, message", [
    ("abc", "1 parts, not 5"), ("a.b.c.d.e.f", "6 parts, not 5"), ("!!!..a.b.c", "not base64url JSON"),
    (b64url([1]) + "..a.b.c", "not a JSON object"),
])
def test_malformed_tokens_are_refused(desk, token, message):
    with pytest.raises(UnsealError, match=message):
        unseal(token, desk[0])


def test_extra_header_fields_and_encrypted_key_are_refused(desk):
    key = load_private_key(desk[0])
    token = jwe.encrypt_compact({"alg": "ECDH-ES", "enc": "A256GCM", "kid": key.kid, "zip": "DEF"}, b"{}", key)
    with pytest.raises(UnsealError, match="unexpected header fields \\['zip'\\]"):
        unseal(token, desk[0])
    header, _, *rest = jwe.encrypt_compact({"alg": "ECDH-ES", "enc": "A256GCM", "kid": key.kid}, b"{}", key).split(".")
    with pytest.raises(UnsealError, match="encrypted key is present"):
        unseal(".".join([header, "AAAA", *rest]), desk[0])


# (c) joserfc's own tokens


@pytest.mark.parametrize("payload", PAYLOADS[:5])
def test_joserfc_tokens_unseal(desk, payload):
    key = ECKey.import_key(desk[1])  # the public half only, as a sender has it
    token = jwe.encrypt_compact({"alg": "ECDH-ES", "enc": "A256GCM", "kid": desk[1]["kid"]},
                                json.dumps(payload, ensure_ascii=False).encode(), key)
    assert unseal(token, desk[0]) == payload


def test_not_json_payload_is_reported(desk):
    key = ECKey.import_key(desk[1])
    token = jwe.encrypt_compact({"alg": "ECDH-ES", "enc": "A256GCM", "kid": desk[1]["kid"]}, b"\xff not json", key)
    with pytest.raises(UnsealError, match="not UTF-8 JSON"):
        unseal(token, desk[0])


# (d) case secrets

SECRET = re.compile(r"[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){6}")


@pytest.mark.browser
def test_browser_case_secrets_are_140_random_bits(js_page):
    secrets = js_page.evaluate("n => Array.from({length: n}, () => self.MiraiSeal.newCaseSecret())", 2000)
    assert all(SECRET.fullmatch(s) for s in secrets)
    assert len(set(secrets)) == len(secrets)
    symbols = "".join(s.replace("-", "") for s in secrets)
    assert len(symbols) == 2000 * 28 and 28 * 5 >= 128  # 28 symbols of 5 bits each
    # Every symbol is used about equally often (56,000 draws, 1,750 expected per symbol).
    counts = [symbols.count(c) for c in case_secret.CROCKFORD]
    assert min(counts) > 1500 and max(counts) < 2000
    # ... in every position (no position stuck on a few symbols)
    for position in range(28):
        assert len({s.replace("-", "")[position] for s in secrets}) == 32
    assert all(case_secret.normalise(s) == s.replace("-", "") for s in secrets[:50])


@pytest.mark.browser
def test_case_secret_in_web_worker(js_page):
    secret = in_web_worker(js_page, JS, "() => self.MiraiSeal.newCaseSecret()", None)
    assert SECRET.fullmatch(secret)


CODE = "7K3M-9QXA-B2CD-EFGH-JKMN-PQRS-T0W1"


@pytest.mark.parametrize("typed", [
    CODE, CODE.lower(), CODE.replace("-", ""), CODE.replace("-", " "), " " + CODE.lower().replace("-", "") + "\n",
    CODE.replace("0", "O").replace("1", "I"), CODE.replace("0", "o").replace("1", "l"),
    "７Ｋ３Ｍ－９ＱＸＡ－Ｂ２ＣＤ－ＥＦＧＨ－ＪＫＭＮ－ＰＱＲＳ－Ｔ０Ｗ１",  # full-width (Japanese keyboard)
    CODE.replace("-", "ー"),
])
def test_normalise_accepts_the_code_as_typed(typed):
    assert case_secret.normalise(typed) == CODE.replace("-", "")


@pytest.mark.parametrize("typed", ["", CODE[:-1], CODE + "X", CODE.replace("K", "U"), CODE.replace("-", "_"),
                                   CODE + "?"])
def test_normalise_refuses_what_cannot_be_a_secret(typed):
    with pytest.raises(ValueError):
        case_secret.normalise(typed)


def test_scrypt_hash_verifies_and_rejects():
    stored = case_secret.hash_secret(CODE)
    assert re.fullmatch(r"scrypt\$16384\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=", stored)
    assert case_secret.verify_secret(CODE, stored)
    assert case_secret.verify_secret(CODE.lower().replace("-", "").replace("0", "o"), stored)
    assert not case_secret.verify_secret(CODE.replace("7K3M", "7K3N"), stored)
    assert not case_secret.verify_secret("not a secret", stored)
    assert not case_secret.verify_secret("", stored)


def test_two_hashes_of_one_secret_differ_and_hold_no_secret():
    a, b = case_secret.hash_secret(CODE), case_secret.hash_secret(CODE)
    assert a != b and a.split("$")[4] != b.split("$")[4]
    for stored in (a, b):
        for form in (CODE, CODE.replace("-", ""), CODE.lower(), CODE.replace("-", "").lower()):
            assert form not in stored
            assert base64.b64encode(form.encode()).decode()[:12] not in stored


@pytest.mark.parametrize("stored", ["", "scrypt$1$2", "bcrypt$16384$8$1$AAAA$AAAA", "scrypt$16383$8$1$AAAA$AAAA",
                                    "scrypt$1048576$8$1$AAAA$AAAA", "scrypt$16384$8$1$!!$AAAA"])
def test_bad_stored_hashes_are_errors_not_answers(stored):
    with pytest.raises(ValueError):
        case_secret.verify_secret(CODE, stored)


def test_case_numbers_are_short_unambiguous_and_not_sequential():
    numbers = [case_secret.new_case_number() for _ in range(2000)]
    assert all(re.fullmatch(r"C-[0-9A-HJKMNP-TV-Z]{8}", n) for n in numbers)
    assert len(set(numbers)) == len(numbers)
    assert numbers != sorted(numbers)
    assert case_secret.normalise_case_number("c-7k3m 9qxa") == "C-7K3M9QXA"
    assert case_secret.normalise_case_number("7K3M-9QXO") == "C-7K3M9QX0"
    # (with its C- dropped too, a number missing its last symbol can read as another number,
    # which is then simply not found)
    for bad in ("C-7K3M9Q", "7K3M9QXAB2", "C-7K3M9QXU", "D-7K3M9QXA"):
        with pytest.raises(ValueError):
            case_secret.normalise_case_number(bad)


# key files


def test_key_files(tmp_path):
    private, public = tmp_path / "desk.jwk", tmp_path / "desk.pub.jwk"
    jwk = generate_desk_key(private, public)
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert json.loads(public.read_text()) == jwk and "d" not in jwk
    assert set(jwk) == {"kty", "crv", "x", "y", "kid"} and jwk["crv"] == "P-256"
    key = load_private_key(private)
    assert jwk["kid"] == key.thumbprint() == json.loads(private.read_text())["kid"]
    # RFC 7638 by hand: SHA-256 of the required members, sorted, no spaces
    canonical = json.dumps({k: jwk[k] for k in ("crv", "kty", "x", "y")}, separators=(",", ":"), sort_keys=True)
    assert jwk["kid"] == base64.urlsafe_b64encode(hashlib.sha256(canonical.encode()).digest()).rstrip(b"=").decode()


def test_key_files_are_never_overwritten(tmp_path):
    private, public = tmp_path / "desk.jwk", tmp_path / "desk.pub.jwk"
    generate_desk_key(private, public)
    before = private.read_bytes(), public.read_bytes()
    with pytest.raises(FileExistsError):
        generate_desk_key(private, tmp_path / "other.pub.jwk")
    with pytest.raises(FileExistsError):
        generate_desk_key(tmp_path / "other.jwk", public)
    assert (private.read_bytes(), public.read_bytes()) == before
    assert not (tmp_path / "other.jwk").exists() and not (tmp_path / "other.pub.jwk").exists()


def test_public_key_file_is_not_a_private_key(desk):
    with pytest.raises(ValueError, match="not a P-256 private key"):
        load_private_key(desk[0].parent / "desk-public.jwk")

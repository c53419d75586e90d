/* The seal: a consultation's private fields are encrypted to the desk's public key in the
   browser, before they enter the outbox, so the endpoint and its database only ever hold
   ciphertext. Only the desk's private key (kept off the server) opens it (mirai.desk.unseal).

   Format: JWE compact serialization (RFC 7516), so any JOSE library can decrypt it:
     BASE64URL(header) . "" . BASE64URL(iv) . BASE64URL(ciphertext) . BASE64URL(tag)
   header = {"alg":"ECDH-ES","enc":"A256GCM","kid":<desk key id>,"epk":{"kty":"EC","crv":"P-256","x":..,"y":..}}
   - ECDH-ES direct key agreement (RFC 7518 §4.6): a fresh ephemeral P-256 key per message,
     its shared secret run through the Concat KDF (SHA-256, apu/apv empty) gives the AES key.
     Not ECDH-ES+A256KW: wrapping a content key only pays when one message goes to several
     recipients, and a compact JWE has exactly one; direct mode is one step less, and every
     message still gets its own key (the ephemeral key is new each time).
   - A256GCM with a random 96-bit IV; the header's base64url text is the additional data,
     so a changed header fails to decrypt like a changed ciphertext.
   Web Crypto only (crypto.subtle), no library: works in a page and in the service worker.

   newCaseSecret(): the worker's case secret, see CASE_SECRET below. */
(function (scope) {
  "use strict";
  if (scope.MiraiSeal) return;

  const ALG = "ECDH-ES";
  const ENC = "A256GCM";
  const ECDH = { name: "ECDH", namedCurve: "P-256" };
  const utf8 = new TextEncoder();

  function base64url(bytes) {
    let binary = "";
    for (const byte of new Uint8Array(bytes)) binary += String.fromCharCode(byte);
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function uint32(n) {
    return new Uint8Array([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
  }

  function concat(...parts) {
    const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
    let at = 0;
    for (const p of parts) { out.set(p, at); at += p.length; }
    return out;
  }

  /* RFC 7518 §4.6.2 Concat KDF for a 256-bit key: one SHA-256 round (counter 1) over
     Z, AlgorithmID (the "enc" value in direct mode), empty PartyUInfo and PartyVInfo
     (each a zero length) and SuppPubInfo (the key length in bits). */
  async function concatKdf(sharedSecret) {
    const algorithmId = utf8.encode(ENC);
    const info = concat(uint32(1), new Uint8Array(sharedSecret),
                        uint32(algorithmId.length), algorithmId, uint32(0), uint32(0), uint32(256));
    return crypto.subtle.digest("SHA-256", info);
  }

  /* The desk's public key: a JWK {kty:"EC", crv:"P-256", x, y, kid}. Only the curve
     coordinates go to importKey (it would refuse a "use" or "key_ops" that names no ECDH). */
  async function importDeskKey(jwk) {
    if (!(scope.crypto && crypto.subtle)) {  // only secure contexts have it: https, or localhost
      throw new Error("MiraiSeal: no Web Crypto here (the page is not https)");
    }
    if (!jwk || jwk.kty !== "EC" || jwk.crv !== "P-256" || typeof jwk.kid !== "string" || !jwk.kid) {
      throw new TypeError("MiraiSeal: the desk key must be a P-256 EC public JWK with a kid");
    }
    return crypto.subtle.importKey("jwk", { kty: "EC", crv: "P-256", x: jwk.x, y: jwk.y }, ECDH, false, []);
  }

  /* Encrypts `payload` (any JSON value, sent as UTF-8 JSON) to the desk's public JWK;
     resolves to the JWE compact string. */
  async function seal(payload, deskJwk) {
    const json = JSON.stringify(payload);
    if (json === undefined) throw new TypeError("MiraiSeal: the payload is not JSON");
    const deskKey = await importDeskKey(deskJwk);
    const ephemeral = await crypto.subtle.generateKey(ECDH, true, ["deriveBits"]);
    const shared = await crypto.subtle.deriveBits({ name: "ECDH", public: deskKey }, ephemeral.privateKey, 256);
    const cek = await crypto.subtle.importKey("raw", await concatKdf(shared), "AES-GCM", false, ["encrypt"]);

    const epk = await crypto.subtle.exportKey("jwk", ephemeral.publicKey);
    const header = { alg: ALG, enc: ENC, kid: deskJwk.kid, epk: { kty: "EC", crv: "P-256", x: epk.x, y: epk.y } };
    const protectedHeader = base64url(utf8.encode(JSON.stringify(header)));
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const sealed = new Uint8Array(await crypto.subtle.encrypt(
      { name: "AES-GCM", iv, additionalData: utf8.encode(protectedHeader), tagLength: 128 },
      cek, utf8.encode(json)));
    const ciphertext = sealed.subarray(0, sealed.length - 16);  // Web Crypto appends the tag
    const tag = sealed.subarray(sealed.length - 16);
    return [protectedHeader, "", base64url(iv), base64url(ciphertext), base64url(tag)].join(".");
  }

  /* CASE_SECRET: 28 symbols of Crockford's base32 (0-9 and A-Z without I, L, O, U), each
     5 random bits, so 140 bits (at least the 128 the desk promises), shown as seven groups
     of four: "7K3M-9QXA-B2CD-EFGH-JKMN-PQRS-TVWX". 28 symbols rather than 26 (130 bits) so
     the groups are even, which is easier to read out and copy. The desk reads it
     case-insensitively, without dashes or spaces, O as 0 and I or L as 1
     (mirai.desk.case_secret.normalise). */
  const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  const SECRET_SYMBOLS = 28;

  function newCaseSecret() {
    // One byte per symbol, its low 5 bits: 256 is a multiple of 32, so every symbol is equally likely.
    const bytes = crypto.getRandomValues(new Uint8Array(SECRET_SYMBOLS));
    const symbols = Array.from(bytes, (b) => CROCKFORD[b & 31]).join("");
    return symbols.match(/.{4}/g).join("-");
  }

  scope.MiraiSeal = { seal, newCaseSecret, ALG, ENC };
  // Material's instant navigation loads a page's scripts in any order: say this one is here.
  if (scope.document) scope.document.dispatchEvent(new Event("mirai:loaded"));
})(self);

"""The consultation desk (issue 7). Its cryptography: a worker's message and contact details
are sealed in the browser (`docs/assets/mirai/seal.js`) to the desk's public key as a JWE
(ECDH-ES, A256GCM), so the endpoint stores ciphertext it cannot read, and only an operator
with the private key file opens it (`unseal.py`; the key pair from `keys.py`, whose private
half never goes to the server). Each case gets a number and a secret the worker keeps; the
server stores only a slow hash of the secret (`case_secret.py`, standard library only, so the
endpoint needs no JOSE library). The desk's other parts (the directory of consultation
windows, ...) have their own modules here."""

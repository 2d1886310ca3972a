"""The one small interface to commercial cryptography (GB/T 39786).

SM3 for integrity (audit chain, password hashing, blind indexes) and SM4-GCM
for confidentiality of data at rest. Everything cryptographic in the project
goes through here, so a certified module can replace it in one place.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings

_VERSION = b"\x01"


def sm3_hex(data: bytes) -> str:
    return hashlib.new("sm3", data).hexdigest()


def hmac_sm3_hex(key: bytes, data: bytes) -> str:
    return hmac.new(key, data, "sm3").hexdigest()


def pbkdf2_sm3(password: bytes, salt: bytes, iterations: int) -> bytes:
    return hashlib.pbkdf2_hmac("sm3", password, salt, iterations)


@lru_cache(maxsize=4)
def _key(hex_key: str) -> bytes:
    return bytes.fromhex(hex_key)


def field_key() -> bytes:
    return _key(settings.FIELD_ENCRYPTION_KEY)


def sm4_encrypt(plaintext: str) -> str:
    """Encrypt text with SM4-GCM; returns ASCII (version, IV, ciphertext, tag)."""
    iv = os.urandom(12)
    encryptor = Cipher(algorithms.SM4(field_key()), modes.GCM(iv)).encryptor()
    body = encryptor.update(plaintext.encode()) + encryptor.finalize()
    return base64.b64encode(_VERSION + iv + body + encryptor.tag).decode("ascii")


class DecryptionError(ValueError):
    pass


def sm4_decrypt(token: str) -> str:
    raw = base64.b64decode(token)
    if raw[:1] != _VERSION or len(raw) < 1 + 12 + 16:
        raise DecryptionError("unknown ciphertext format")
    iv, body, tag = raw[1:13], raw[13:-16], raw[-16:]
    decryptor = Cipher(algorithms.SM4(field_key()), modes.GCM(iv, tag)).decryptor()
    try:
        return (decryptor.update(body) + decryptor.finalize()).decode()
    except InvalidTag as exc:
        raise DecryptionError("ciphertext was altered or the key is wrong") from exc


def blind_index(value: str) -> str:
    """A keyed SM3 digest, to find an encrypted value by equality without decrypting."""
    return hmac_sm3_hex(field_key(), value.strip().upper().encode())

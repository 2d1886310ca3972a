"""PBKDF2 over HMAC-SM3: a commercial-cryptography password hash (GB/T 39786)."""

import base64

from django.conf import settings
from django.contrib.auth.hashers import BasePasswordHasher, mask_hash
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_noop as _

from core.crypto import pbkdf2_sm3


class PBKDF2SM3PasswordHasher(BasePasswordHasher):
    algorithm = "pbkdf2_sm3"

    @property
    def iterations(self) -> int:
        return settings.PASSWORD_SM3_ITERATIONS

    def encode(self, password, salt, iterations=None):
        self._check_encode_args(password, salt)
        iterations = iterations or self.iterations
        digest = pbkdf2_sm3(password.encode(), salt.encode(), iterations)
        hash_b64 = base64.b64encode(digest).decode("ascii").strip()
        return f"{self.algorithm}${iterations}${salt}${hash_b64}"

    def decode(self, encoded):
        algorithm, iterations, salt, hash_b64 = encoded.split("$", 3)
        assert algorithm == self.algorithm
        return {"algorithm": algorithm, "hash": hash_b64, "iterations": int(iterations), "salt": salt}

    def verify(self, password, encoded):
        decoded = self.decode(encoded)
        encoded_2 = self.encode(password, decoded["salt"], decoded["iterations"])
        return constant_time_compare(encoded, encoded_2)

    def safe_summary(self, encoded):
        decoded = self.decode(encoded)
        return {
            _("algorithm"): decoded["algorithm"],
            _("iterations"): decoded["iterations"],
            _("salt"): mask_hash(decoded["salt"]),
            _("hash"): mask_hash(decoded["hash"]),
        }

    def must_update(self, encoded):
        return self.decode(encoded)["iterations"] != self.iterations

    def harden_runtime(self, password, encoded):
        extra = self.iterations - self.decode(encoded)["iterations"]
        if extra > 0:
            self.encode(password, self.salt(), extra)

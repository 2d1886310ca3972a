"""Test settings: the real settings with fixed keys, a fast password hash and synchronous jobs."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-0123456789abcdef")
os.environ.setdefault("FIELD_ENCRYPTION_KEY", "00112233445566778899aabbccddeeff")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECURE_COOKIES", "false")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("HUEY_IMMEDIATE", "true")
os.environ.setdefault("DATABASE_URL", "sqlite:///:memory:")

from config.settings import *  # noqa: E402,F403
from config.settings import DATABASES  # noqa: E402

# The SM3 hasher is tested on its own; the suite logs in hundreds of times.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", "core.hashers.PBKDF2SM3PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SECURE_HSTS_SECONDS = 0
if DATABASES["default"]["ENGINE"] in ("django.db.backends.sqlite3", "core.db.sqlite3"):
    # In memory, per xdist worker (":memory:" explicitly: pytest-django suffixes any other name of an engine
    # that is not exactly Django's SQLite backend, which would put the suite on files).
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
else:
    DATABASES["default"]["CONN_MAX_AGE"] = 600

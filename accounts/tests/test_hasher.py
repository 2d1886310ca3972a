"""The PBKDF2-HMAC-SM3 password hasher (core/hashers.py), the production default."""

import pytest
from django.contrib.auth.hashers import check_password, identify_hasher, make_password
from django.test import override_settings

from core.hashers import PBKDF2SM3PasswordHasher

SM3_FIRST = ["core.hashers.PBKDF2SM3PasswordHasher", "django.contrib.auth.hashers.MD5PasswordHasher"]


@override_settings(PASSWORD_HASHERS=SM3_FIRST, PASSWORD_SM3_ITERATIONS=1000)
def test_hash_and_verify_round_trip():
    encoded = make_password("Zugong@2026")
    assert encoded.startswith("pbkdf2_sm3$1000$")
    assert identify_hasher(encoded).algorithm == "pbkdf2_sm3"
    assert check_password("Zugong@2026", encoded)
    assert not check_password("zugong@2026", encoded)


@override_settings(PASSWORD_HASHERS=SM3_FIRST, PASSWORD_SM3_ITERATIONS=1000)
def test_the_same_password_hashes_differently_each_time():
    assert make_password("Zugong@2026") != make_password("Zugong@2026")


def test_known_answer():
    """Pins the algorithm: PBKDF2 with HMAC-SM3, so a change of implementation cannot lock everyone out."""
    hasher = PBKDF2SM3PasswordHasher()
    with override_settings(PASSWORD_SM3_ITERATIONS=2):
        encoded = hasher.encode("password", "salt")
    import base64
    import hashlib

    expected = base64.b64encode(hashlib.pbkdf2_hmac("sm3", b"password", b"salt", 2)).decode()
    assert encoded == f"pbkdf2_sm3$2$salt${expected}"


def test_must_update_when_iterations_change():
    hasher = PBKDF2SM3PasswordHasher()
    with override_settings(PASSWORD_SM3_ITERATIONS=1000):
        encoded = hasher.encode("Zugong@2026", hasher.salt())
        assert not hasher.must_update(encoded)
    with override_settings(PASSWORD_SM3_ITERATIONS=2000):
        assert hasher.must_update(encoded)
        assert hasher.verify("Zugong@2026", encoded)


@pytest.mark.django_db
@override_settings(PASSWORD_HASHERS=SM3_FIRST, PASSWORD_SM3_ITERATIONS=1000)
def test_login_rehashes_an_old_hash_with_the_new_iterations(client):
    from accounts.models import User

    user = User(username="rehash", full_name="重算", must_change_password=False)
    user.set_password("Zugong@2026")
    user.save()
    with override_settings(PASSWORD_SM3_ITERATIONS=1500):
        client.post("/accounts/login/", {"username": "rehash", "password": "Zugong@2026"})
    assert User.objects.get(pk=user.pk).password.startswith("pbkdf2_sm3$1500$")


def test_safe_summary_masks_the_hash():
    hasher = PBKDF2SM3PasswordHasher()
    with override_settings(PASSWORD_SM3_ITERATIONS=10):
        encoded = hasher.encode("Zugong@2026", "abcdefghijkl")
    summary = hasher.safe_summary(encoded)
    assert summary["iterations"] == 10
    assert "abcdefghijkl" not in str(summary.values())

"""Test helpers shared by every app's tests (used by the root conftest's `login` fixture)."""

from __future__ import annotations

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import policy


def force_login_verified(client, user) -> None:
    """Log `user` in on `client` as if through the whole login: password, second factor when required, fresh password.

    The session is marked the way django-otp marks it after a correct code, with a confirmed
    TOTP device created for the user if they have none. A required password change
    (`must_change_password`) still applies: tests of that flow set it on purpose.
    """
    client.force_login(user)
    session = client.session
    session_policy = policy.policy_for(user)
    session_policy["password_expired"] = False
    session[policy.SESSION_POLICY] = session_policy
    if user.admin_role or user.totp_enabled or session_policy["unit_totp"]:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def totp_code_for_secret(secret: str) -> str:
    """The current code for the secret shown as text on the enrolment page (e.g. in a browser test).

    Browser tests that log an administrator in through the form land on the enrolment page
    first: read `[data-testid=totp-secret]`, fill in this code, submit.
    """
    import base64

    from django_otp.oath import totp

    secret = secret.replace(" ", "").upper()
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{totp(key, step=30, t0=0, digits=6, drift=0):06d}"

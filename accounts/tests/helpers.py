"""Small helpers for the accounts tests."""

from __future__ import annotations

import binascii

from django.urls import reverse
from django_otp.oath import totp

from audit.models import AuditEvent
from org.tests.cast import PASSWORD

LOGIN_URL = reverse("accounts:login")


def post_login(client, username: str, password: str = PASSWORD, **extra):
    return client.post(LOGIN_URL, {"username": username, "password": password, **extra})


def code_for(key_hex: str) -> str:
    """The code an authenticator app shows now (time_machine moves "now") for this device key."""
    return f"{totp(binascii.unhexlify(key_hex), step=30, t0=0, digits=6, drift=0):06d}"


def events(action: str):
    return AuditEvent.objects.filter(action=action).order_by("id")

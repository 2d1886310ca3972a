import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def cast(db):
    from org.tests.cast import build_cast

    return build_cast()


@pytest.fixture
def login(client):
    """Log a user in (skipping the login form and OTP) and return the client."""

    def _login(person):
        user = getattr(person, "user", person)
        client.force_login(user)
        return client

    return _login


from core.tests.browser_fixtures import _playwright, chromium, live_cast, page, phone_page  # noqa: E402,F401

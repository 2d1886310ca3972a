import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def cast(db):
    from org.tests.cast import build_cast

    return build_cast()


@pytest.fixture
def login(client):
    """Log a user in (skipping the login form) and return the client.

    Administrators, and anyone else who must log in with two factors, come out
    OTP-verified, so admin screens can be tested with `login(cast.sysadmin)`.
    """
    from accounts.testing import force_login_verified

    def _login(person):
        user = getattr(person, "user", person)
        force_login_verified(client, user)
        return client

    return _login


@pytest.fixture(scope="session", autouse=True)
def _work_calendar_survives_flush():
    """Transactional and browser tests flush every table, the calendar the data migration seeded included.
    Django sends post_migrate after each flush: put the built-in years back then, so later tests still have them."""
    from django.apps import apps
    from django.db.models.signals import post_migrate

    from worktime.testing import reseed_after_flush

    post_migrate.connect(reseed_after_flush, sender=apps.get_app_config("worktime"), dispatch_uid="worktime_reseed")
    yield
    post_migrate.disconnect(sender=apps.get_app_config("worktime"), dispatch_uid="worktime_reseed")


@pytest.fixture(autouse=True)
def _fresh_worktime_caches():
    """The work calendar and work hours are cached per process and thread (worktime.calendar); each test's
    rows are rolled back behind the cache's back, so every test starts with an empty cache."""
    from worktime import calendar, policies

    calendar.clear_cache()
    policies.clear_cache()


@pytest.fixture(scope="session", autouse=True)
def _flush_past_audit_triggers():
    """Transactional and browser tests empty every table between tests (DELETE on SQLite, TRUNCATE on
    PostgreSQL), which the append-only audit triggers refuse. Only in tests, Django's flush drops the
    triggers, flushes and installs them again, so every test still runs with them in place."""
    from django.core.management.commands.flush import Command
    from django.db import DEFAULT_DB_ALIAS, connections

    from audit import triggers

    original = Command.handle

    def handle(self, **options):
        connection = connections[options.get("database") or DEFAULT_DB_ALIAS]
        triggers.drop(connection)
        try:
            return original(self, **options)
        finally:
            triggers.install(connection)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Command, "handle", handle)
        yield


from core.tests.browser_fixtures import _playwright, chromium, live_cast, page, phone_page  # noqa: E402,F401

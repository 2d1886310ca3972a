"""The session engine: database sessions whose row says whose session it is (`accounts.models.Session`).

Every signed-in request reads its session, then its account, then (in nearly every business view) the
account's staff profile. Here one statement built once (core.rows) reads all three: the session row
joined to the account and the staff profile through the session's `user` column. The account read
is handed to the authentication backend (`accounts.backends`) by `AuthenticationMiddleware` below,
which otherwise does exactly what Django's does — the backend still refuses a disabled account, and
Django's `get_user` still checks the session's password hash.

Decoding a session (checking its signature, then JSON) is remembered per process by its stored text:
the same text always decodes to the same data, and a changed or forged text is checked afresh.
Writing, expiry and clearing stay Django's own (`SESSION_ENGINE = "accounts.sessions"`).
"""

from __future__ import annotations

import contextvars
import threading
from typing import Any

from django.contrib import auth
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.middleware import AuthenticationMiddleware as DjangoAuthenticationMiddleware
from django.contrib.sessions.backends import db
from django.core import signing
from django.db import connections, router
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from core.rows import fetch_one

# The session store whose account the backend may take instead of reading it, while Django's
# get_user runs for that store's request (set by AuthenticationMiddleware, below).
_reading: contextvars.ContextVar[SessionStore | None] = contextvars.ContextVar("session_reading", default=None)

# The "not expired yet" condition on the session row, per database vendor: (SQL, the expiry field).
_EXPIRE_DATE: dict[str, tuple[str, Any]] = {}

_DECODED_MAX = 10_000  # remembered session texts per process (a text is ~300 bytes)
_decoded: dict[str, bytes] = {}
_decoded_lock = threading.Lock()


class SessionStore(db.SessionStore):
    _account: tuple[str, Any] | None = None  # (the account's id as the session holds it, the account or None)

    @classmethod
    def get_model_class(cls):
        from accounts.models import Session

        return Session

    def _get_session_from_db(self):
        model = self.model
        using = router.db_for_read(model)
        connection = connections[using]
        expire = _EXPIRE_DATE.get(connection.vendor)
        if expire is None:
            field = model._meta.get_field("expire_date")
            expire = _EXPIRE_DATE[connection.vendor] = (f"t0.{connection.ops.quote_name(field.column)} > %s", field)
        session = fetch_one(
            model,
            "session_key",
            self.session_key,
            with_related=("user", "user__staff"),
            extra_where=expire[0],
            extra_params=[expire[1].get_db_prep_value(timezone.now(), connection)],
            using=using,
        )
        if session is None:
            self._session_key = None
        elif session.user_id is not None:
            self._account = (str(session.user_id), session.user)
        return session

    def account(self, user_id: Any) -> tuple[bool, Any]:
        """(True, the account read with the session) when the session named account `user_id`;
        (False, None) when it was not read with it (the backend then reads it itself)."""
        if self._account is not None and self._account[0] == str(user_id):
            return True, self._account[1]
        return False, None

    def create_model_instance(self, data):
        instance = super().create_model_instance(data)
        user_id = data.get(SESSION_KEY)
        instance.user_id = instance._meta.get_field("user").to_python(user_id) if user_id is not None else None
        return instance

    def decode(self, session_data: str) -> dict:
        payload = _decoded.get(session_data)
        if payload is not None:
            return self.serializer().loads(payload)
        try:
            payload = signing.loads(session_data, salt=self.key_salt, serializer=_Raw)
        except Exception:
            return super().decode(session_data)  # Django's own handling: logged, and an empty session
        with _decoded_lock:
            if len(_decoded) >= _DECODED_MAX:
                _decoded.clear()
            _decoded[session_data] = payload
        return self.serializer().loads(payload)


class _Raw:
    """A 'serializer' for signing.loads that returns the checked payload's bytes as they are."""

    def loads(self, data: bytes) -> bytes:
        return data


def _get_user(request: HttpRequest):
    if not hasattr(request, "_cached_user"):
        token = _reading.set(request.session)
        try:
            request._cached_user = auth.get_user(request)
        finally:
            _reading.reset(token)
    return request._cached_user


def account_read_with_session(user_id: Any) -> tuple[bool, Any]:
    """For the backend: the account read with the current request's session, if it was (see SessionStore.account)."""
    store = _reading.get()
    if isinstance(store, SessionStore):
        return store.account(user_id)
    return False, None


class AuthenticationMiddleware(DjangoAuthenticationMiddleware):
    """Django's, except that the account read with the session is used instead of a second query."""

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)  # its checks (a session middleware before it), request.auser
        request.user = SimpleLazyObject(lambda: _get_user(request))

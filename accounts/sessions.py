"""The session engine: Django's database sessions, read with a statement built once (core.rows).

Every signed-in request reads its session first; through the ORM that read is mostly query
compilation. Writing, expiry and clearing stay Django's own (`SESSION_ENGINE = "accounts.sessions"`).
"""

from __future__ import annotations

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone

from core.rows import fetch_one


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        model = self.model
        using = router.db_for_read(model)
        expire = connections[using].ops.quote_name(model._meta.get_field("expire_date").column)
        session = fetch_one(
            model,
            "session_key",
            self.session_key,
            extra_where=f"t0.{expire} > %s",
            extra_params=[model._meta.get_field("expire_date").get_db_prep_value(timezone.now(), connections[using])],
            using=using,
        )
        if session is None:
            self._session_key = None
        return session

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
        connection = connections[using]
        expire = model._meta.get_field("expire_date")
        session = fetch_one(
            model,
            "session_key",
            self.session_key,
            extra_where=f"t0.{connection.ops.quote_name(expire.column)} > %s",
            extra_params=[expire.get_db_prep_value(timezone.now(), connection)],
            using=using,
        )
        if session is None:
            self._session_key = None
        return session

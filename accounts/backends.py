"""The account backend: Django's ModelBackend, whose per-request lookup also reads the staff profile.

`request.user` is loaded on every signed-in request and nearly every business view then asks for
`request.user.staff`. The session engine (`accounts.sessions`) reads both with the session itself;
when it did, that account is used here, else one statement (core.rows) reads them. Either way a
disabled account is refused. Checking passwords and permissions stays Django's own.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.db import router

from accounts.sessions import account_read_with_session
from core.rows import fetch_one


class ModelBackend(DjangoModelBackend):
    def get_user(self, user_id):
        read, user = account_read_with_session(user_id)
        if not read:
            model = get_user_model()
            try:
                user = fetch_one(model, "id", user_id, with_related=("staff",), using=router.db_for_read(model))
            except (TypeError, ValueError):  # a session holding an id that is not one
                return None
        if user is None:
            return None
        return user if self.user_can_authenticate(user) else None

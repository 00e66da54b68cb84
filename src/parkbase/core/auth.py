"""Authentication reads users before anyone is known: a named scope bypass."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend

from parkbase.core.scoping import bypass, mark_read_by


class ScopedModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        with bypass("authentication: find the user signing in"):
            return super().authenticate(request, username, password, **kwargs)

    def get_user(self, user_id):
        with bypass("authentication: the session's user"):
            user = super().get_user(user_id)
        if user is not None:
            # the signed-in user may read their own record and its relations in scope
            mark_read_by(user, user)
        return user

"""Authentication: a user may type their user name (for producers, their email address) in any
case; it matches when exactly one account has that name ignoring case."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class CaseInsensitiveModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username:
            matches = list(get_user_model()._default_manager.filter(username__iexact=username.strip())
                           .values_list("username", flat=True)[:2])
            if len(matches) == 1:
                username = matches[0]
        return super().authenticate(request, username=username, password=password, **kwargs)

"""The email-verification link of a new account: a signed, timestamped token (django.core.signing)
carrying the user's id and the email it was sent to. It expires after
`settings.EMAIL_VERIFICATION_MAX_AGE`; it is single-use in effect because the service activates
only an account that is inactive and has never logged in."""

from django.conf import settings
from django.core import signing

SALT = "producers.email-verification"


class TokenExpired(Exception):
    """An authentic link past its age; `payload` still says whose it was (to offer a new one)."""

    def __init__(self, payload):
        super().__init__("expired")
        self.payload = payload


class TokenInvalid(Exception):
    """A link that was not issued by us, or was altered."""


def valid_days():
    """How many days a link works, as told to the user."""
    return max(1, settings.EMAIL_VERIFICATION_MAX_AGE // (24 * 3600))


def make_token(user):
    return signing.dumps({"u": user.pk, "e": user.email}, salt=SALT)


def read_token(token, *, max_age=None):
    """The payload {"u": user id, "e": email} of a token no older than `max_age` seconds (the
    setting by default). Raises TokenExpired or TokenInvalid."""
    max_age = settings.EMAIL_VERIFICATION_MAX_AGE if max_age is None else max_age
    try:
        payload = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise TokenExpired(_payload_or_none(token)) from exc
    except signing.BadSignature as exc:
        raise TokenInvalid from exc
    if not isinstance(payload, dict) or not isinstance(payload.get("u"), int):
        raise TokenInvalid
    return payload


def _payload_or_none(token):
    try:
        return signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None

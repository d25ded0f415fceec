"""Rows of the permission matrix for this area's routes; `tests/permission_matrix.py` adds them
to CASES and `tests/test_permission_matrix.py` walks them. `PICKERS` maps a label used in a
case's kwargs to a function returning the demo object it opens; `setup(users)` creates, inside
the walk's demo transaction, the objects the demo lacks (`users`: persona name → User).

The API token pages. Provincial staff and a superuser give and revoke the tokens of their
province's office accounts; anyone else gets 403 on every page (a local officer uses a token but
does not manage one). The revoke page opens the token the walk gives the local officer persona
(the old Từ Sơn district office, "Phần mềm một cửa"): another province's staff may manage tokens
but not that one (404). Revoking is the POST of that page; the walk only GETs it."""

from tests.permission_matrix import Case, outcomes

MANAGERS = outcomes(403, anonymous=302, provincial_staff=200, superuser=200, other_province=200)

CASES = [
    Case("api-tokens", MANAGERS),
    Case("api-token-create", MANAGERS),
    Case("api-token-revoke", {**MANAGERS, "other_province": 404}, kwargs={"pk": "core.apitoken:tuson"}, label="Từ Sơn"),
]


def _tuson_token():
    from ocop_portal.core.models import ApiToken

    return ApiToken.objects.filter(user__username="huyen.tuson", name="Phần mềm một cửa").order_by("pk").first()


PICKERS = {"core.apitoken:tuson": _tuson_token}


def setup(users):
    """The walk's set-up already gives the local officer persona its token."""

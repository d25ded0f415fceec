"""Rows of the permission matrix for this area's routes; `tests/permission_matrix.py` adds them
to CASES and `tests/test_permission_matrix.py` walks them. `PICKERS` maps a label used in a
case's kwargs to a function returning the demo object it opens; `setup(users)` creates, inside
the walk's demo transaction, the objects the demo lacks (`users`: persona name → User).

The webhooks area (/api/v1/webhooks/): for territory roles only (the office API's
`HasTerritoryRole`: 403 for a producer's users and council members, 401 anonymous). The list is
filtered (each office its own, possibly empty). The endpoint the cases open belongs to the old Từ
Sơn district office: its page and its delivery log are 404 to another province and to a commune
office outside the old Từ Sơn."""

from tests.permission_matrix import Case, outcomes

URL = "https://mot-cua.tuson.example/ocop/webhook"  # never resolves: the walk sends nothing
OFFICE = outcomes(200, anonymous=401, producer=403, council_member=403, conflicted_member=403, other_producer=403,
                  other_council=403)
TU_SON = {**OFFICE, "other_province": 404, "other_commune": 404}
ENDPOINT = {"pk": "webhooks.webhookendpoint:tuson"}

CASES = [
    Case("api:webhook-list", OFFICE),
    Case("api:webhook-detail", TU_SON, kwargs=ENDPOINT, label="Từ Sơn"),
    Case("api:webhook-deliveries", TU_SON, kwargs=ENDPOINT, label="Từ Sơn"),
]


def _tu_son_endpoint():
    from ocop_portal.webhooks.models import WebhookEndpoint

    return WebhookEndpoint.objects.filter(url=URL).order_by("pk").first()


PICKERS = {"webhooks.webhookendpoint:tuson": _tu_son_endpoint}


def setup(users):
    """The Từ Sơn office's endpoint (registered through the service) and one delivery in its log,
    also the rows the admin's cases open."""
    from evaluations.models import Application
    from ocop_portal.webhooks.models import WebhookDelivery, WebhookEvent
    from ocop_portal.webhooks.services import webhook_endpoint_create

    endpoint, _secret = webhook_endpoint_create(actor=users["local_officer"], unit_code="261", url=URL,
                                                description="Phần mềm một cửa thị xã Từ Sơn")
    application = Application.objects.filter(product__producer__unit__path__startswith=endpoint.unit.path).order_by("pk").first()
    WebhookDelivery.objects.create(endpoint=endpoint, event=WebhookEvent.APPLICATION_STATUS_CHANGED,
                                   application_id=application.pk, payload={"event": WebhookEvent.APPLICATION_STATUS_CHANGED})

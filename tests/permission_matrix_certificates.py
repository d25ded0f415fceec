"""Rows of the permission matrix for this area's routes; `tests/permission_matrix.py` adds them
to CASES and `tests/test_permission_matrix.py` walks them. `PICKERS` maps a label used in a
case's kwargs to a function returning the demo object it opens; `setup(users)` creates, inside
the walk's demo transaction, the objects the demo lacks (`users`: persona name → User).

The certificates area. The verification page (where a certificate's QR code leads), the form to
type a code and the catalogue are public: 200 for everyone, logged in or not; an unknown code is
404 for everyone. The certificates API is for logged-in users (401 otherwise), each seeing the
certificates of the results they may see: the detail of a Đình Bảng (old Từ Sơn) certificate of
2020 is 404 to another province, another commune's office, another producer and another council.
The walk makes 2 × 13 lookups from one address, within the 30 a minute the page allows."""

from tests.permission_matrix import Case, outcomes

DINH_BANG = "2300412345"  # the producer persona's producer (2020, old Từ Sơn)
CODE = "0123456789abcdef"  # given to the Đình Bảng certificate by `setup` (demo codes are random)
SEES_DINH_BANG = outcomes(404, anonymous=401, producer=200, local_officer=200, provincial_staff=200, council_member=200,
                          conflicted_member=200, approver=200, finance=200, superuser=200)

CASES = [
    Case("verify", outcomes(200), kwargs={"code": CODE}, label="known code"),
    Case("verify", outcomes(404), kwargs={"code": "ffffffffffffffff"}, label="unknown code"),
    Case("evaluations:certificate-lookup", outcomes(200)),
    Case("catalogue", outcomes(200)),
    Case("api:certificate-list", outcomes(200, anonymous=401)),  # each sees their own (possibly empty) list
    Case("api:certificate-list", outcomes(200, anonymous=401), query={"year": 2020}, label="year"),
    Case("api:certificate-detail", SEES_DINH_BANG, kwargs={"pk": "evaluations.certificate:dinhbang"}, label="Đình Bảng"),
]


def _dinh_bang_certificate():
    from evaluations.models import Certificate

    return (Certificate.objects.filter(result__application__product__producer__registration_number=DINH_BANG)
            .order_by("pk").first())


PICKERS = {"evaluations.certificate:dinhbang": _dinh_bang_certificate}


def setup(users):
    from django.core.cache import cache

    from evaluations.models import Certificate

    Certificate.objects.filter(pk=_dinh_bang_certificate().pk).update(verification_code=CODE)
    cache.delete("certificate-lookups:127.0.0.1")
    _admin_rows()


def _admin_rows():
    """A notice and a ministry's answer for the admin's rows (the demo sends and refers none)."""
    import datetime
    from decimal import Decimal

    from evaluations.models import Application, CertificateNotice, MinistryAnswer

    CertificateNotice.objects.create(certificate=_dinh_bang_certificate(), kind="expired")
    # Not the first dossier: the issuing rows open that one's referral page and expect no referral.
    MinistryAnswer.objects.create(application=Application.objects.filter(status="recognised").order_by("-pk").first(), outcome="below_90",
                                  decision_number="12/QĐ-BNNMT", decision_date=datetime.date(2020, 12, 1),
                                  central_score=Decimal("86.00"))


CASES += [
    Case("evaluations:certificate-detail", outcomes(404, anonymous=302, producer=200, local_officer=200, provincial_staff=200,
                                                    superuser=200), kwargs={"pk": "evaluations.certificate:dinhbang"}),
    Case("evaluations:certificate-revoke", outcomes(405, anonymous=302), kwargs={"pk": "evaluations.certificate:dinhbang"}),
]

"""Rows of the permission matrix for this area's routes; `tests/permission_matrix.py` adds them
to CASES and `tests/test_permission_matrix.py` walks them. `PICKERS` maps a label used in a
case's kwargs to a function returning the demo object it opens; `setup(users)` creates, inside
the walk's demo transaction, the objects the demo lacks (`users`: persona name → User).

Producer accounts: sign-up and email verification are public (a logged-in user is sent home from
the sign-up form). A producer's pages are for its users and, read only, for the territory roles
over its unit (the old Từ Sơn district office, the province's staff, approver and finance);
everyone else gets 404. Editing the profile and managing its people are the owner's (403 for the
officers who may read); confirming a new producer is the local office's or the province's staff's
(403 for approver and finance). The lists (producers waiting for confirmation) and the create
form are for every logged-in user (the list filtered to their territory)."""

from tests.permission_matrix import Case, outcomes

DINH_BANG = {"pk": "producers.producer:dinh-bang"}  # the producer persona's, in the old Từ Sơn district, confirmed
UNCONFIRMED = {"pk": "producers.producer:unconfirmed-tu-son"}  # a new household in old Từ Sơn, owned by nobody walked

SEEN = outcomes(404, anonymous=302, producer=200, local_officer=200, provincial_staff=200, approver=200, finance=200,
                superuser=200)
OWNERS_ONLY = {**SEEN, "local_officer": 403, "provincial_staff": 403, "approver": 403, "finance": 403}
POST_ONLY = outcomes(405, anonymous=302)

CASES = [
    Case("producers:signup", outcomes(302, anonymous=200)),
    Case("producers:check-email", outcomes(200)),
    Case("producers:resend", outcomes(200)),
    Case("producers:verify", outcomes(200), kwargs={"token": "lien-ket-khong-hop-le"}),  # the page says so, offers a new one
    Case("producers:create", outcomes(200, anonymous=302)),
    Case("producers:communes", outcomes(200, anonymous=302)),
    Case("producers:pending", outcomes(200, anonymous=302)),
    Case("producers:detail", SEEN, kwargs=DINH_BANG),
    Case("producers:members", SEEN, kwargs=DINH_BANG),
    Case("producers:training", SEEN, kwargs=DINH_BANG),
    Case("producers:edit", OWNERS_ONLY, kwargs=DINH_BANG),
    Case("producers:member-role", POST_ONLY, kwargs={"pk": "producers.producermembership"}),
    Case("producers:member-remove", OWNERS_ONLY, kwargs={"pk": "producers.producermembership"}),
    Case("producers:training-delete", OWNERS_ONLY, kwargs={"pk": "producers.trainingrecord"}),
    Case("producers:confirm", outcomes(404, anonymous=302, local_officer=200, provincial_staff=200, superuser=200,
                                       approver=403, finance=403), kwargs=UNCONFIRMED, label="unconfirmed"),
    Case("producers:confirm", {**SEEN, "producer": 403, "approver": 403, "finance": 403}, kwargs=DINH_BANG,
         label="confirmed"),
]


def _producer(registration_number):
    from producers.models import Producer

    return Producer.objects.get(registration_number=registration_number)


def _training_record():
    from producers.models import TrainingRecord

    return TrainingRecord.objects.get(producer__registration_number="2300412345", course="Kỹ năng xây dựng hồ sơ OCOP")


PICKERS = {
    "producers.producer:dinh-bang": lambda: _producer("2300412345"),
    "producers.producer:unconfirmed-tu-son": lambda: _producer("21A8009999"),
    "producers.trainingrecord": _training_record,
}


def setup(users):
    import datetime

    from ocop_portal.core.models import AdministrativeUnit, UnitLevel
    from producers.models import Gender, ProducerKind
    from producers.services import producer_create, training_record_add

    tam_son_2020 = AdministrativeUnit.objects.get(level=UnitLevel.COMMUNE, code="09370", parent__code="261")
    producer_create(kind=ProducerKind.HOUSEHOLD, name="Hộ kinh doanh Nguyễn Văn Minh", registration_number="21A8009999",
                    unit=tam_son_2020, address="Khu phố Tam Sơn", representative_name="Nguyễn Văn Minh",
                    representative_gender=Gender.MALE)
    training_record_add(producer=_producer("2300412345"), person_name="Nguyễn Thị Hạnh", position="Giám đốc",
                        course="Kỹ năng xây dựng hồ sơ OCOP", organiser="Sở Nông nghiệp và PTNT Bắc Ninh",
                        attended_on=datetime.date(2020, 5, 20))

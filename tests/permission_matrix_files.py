"""Rows of the permission matrix for this area's routes; `tests/permission_matrix.py` adds them
to CASES and `tests/test_permission_matrix.py` walks them. `PICKERS` maps a label used in a
case's kwargs to a function returning the demo object it opens; `setup(users)` creates, inside
the walk's demo transaction, the objects the demo lacks (`users`: persona name → User).

The files area: a dossier's files page and its evidence downloads follow the dossier (whoever may
open it: its producer's users, the territory roles over its commune once submitted, the council
it is scored by less a member conflicted on it). A producer's documents page is for its users and
the officers over its unit; a standing document is read by those, and by whoever may open a dossier
that uses it. Every action is POST only (the walk's GET gets 405). Another producer and another
local office get 404 on every file and every document."""

import io

from tests.permission_matrix import Case, outcomes

DINH_BANG = "2300412345"  # the producer persona's producer (2020, old Từ Sơn)
TRAN_VAN_SON = "21B8002468"  # the household behind the 2026 submitted dossier (Giò bò Yên Phong, today's Xã Yên Phong)

# Who opens the 2020 dossier (Đình Bảng) and the 2026 submitted one (Yên Phong), as INTAKE lists them.
SEES_2020 = outcomes(404, anonymous=302, producer=200, local_officer=200, provincial_staff=200, council_member=200,
                     approver=200, finance=200, superuser=200)
SEES_2026 = outcomes(404, anonymous=302, provincial_staff=200, approver=200, finance=200, superuser=200)
POST_ONLY = outcomes(405, anonymous=302)

CASES = [
    Case("files:dossier-files", SEES_2020, kwargs={"pk": "evaluations.application"}, label="2020"),
    Case("files:dossier-files", SEES_2026, kwargs={"pk": "evaluations.application:2026-submitted"}, label="2026 submitted"),
    Case("files:evidence-download", SEES_2020, kwargs={"pk": "evaluations.evidencefile:2020"}, label="2020"),
    Case("files:evidence-download", SEES_2026, kwargs={"pk": "evaluations.evidencefile:2026-submitted"}, label="2026 submitted"),
    Case("files:evidence-upload", POST_ONLY, kwargs={"pk": "evaluations.application:2026-submitted"}),
    Case("files:evidence-delete", POST_ONLY, kwargs={"pk": "evaluations.evidencefile:2026-submitted"}),
    Case("files:standing-attach", POST_ONLY, kwargs={"pk": "evaluations.application:2026-submitted"}),
    # the documents page: the producer's users and the officers over its unit
    Case("files:documents", outcomes(404, anonymous=302, producer=200, local_officer=200, provincial_staff=200, superuser=200),
         kwargs={"pk": "producers.producer:dinhbang"}, label="Đình Bảng"),
    Case("files:documents", outcomes(404, anonymous=302, provincial_staff=200, superuser=200),
         kwargs={"pk": "producers.producer:tranvanson"}, label="Trần Văn Sơn"),
    # a document used by a dossier: also whoever opens that dossier (its council, less the conflicted member)
    Case("files:standing-download", SEES_2020, kwargs={"pk": "producers.standingdocument:dinhbang"}, label="used in 2020"),
    Case("files:standing-download", SEES_2026, kwargs={"pk": "producers.standingdocument:tranvanson"}, label="used in 2026"),
    Case("files:standing-download", outcomes(404, anonymous=302, producer=200, local_officer=200, provincial_staff=200,
                                             superuser=200),
         kwargs={"pk": "producers.standingdocument:dinhbang-unused"}, label="unused"),
    Case("files:standing-delete", POST_ONLY, kwargs={"pk": "producers.standingdocument:dinhbang-unused"}),
]


def _pdf():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _with_file(obj):
    """Each test of the walk has its own PRIVATE_MEDIA_ROOT (conftest) while the objects `setup`
    made live for the whole module: put the file back where this test's storage looks."""
    from django.core.files.base import ContentFile

    storage = obj.file.storage
    if not storage.exists(obj.file.name):
        assert storage.save(obj.file.name, ContentFile(_pdf())) == obj.file.name
    return obj


def _evidence(name):
    from evaluations.models import EvidenceFile

    return _with_file(EvidenceFile.objects.get(original_name=name))


def _document(name):
    from producers.models import StandingDocument

    return _with_file(StandingDocument.objects.get(original_name=name))


def _producer(registration_number):
    from producers.models import Producer

    return Producer.objects.get(registration_number=registration_number)


PICKERS = {
    "evaluations.evidencefile:2020": lambda: _evidence("minh-chung-2020.pdf"),
    "evaluations.evidencefile:2026-submitted": lambda: _evidence("minh-chung-2026.pdf"),
    "producers.standingdocument:dinhbang": lambda: _document("dkkd-dinh-bang.pdf"),
    "producers.standingdocument:dinhbang-unused": lambda: _document("nhan-hieu-dinh-bang.pdf"),
    "producers.standingdocument:tranvanson": lambda: _document("dkkd-tran-van-son.pdf"),
    "producers.producer:dinhbang": lambda: _producer(DINH_BANG),
    "producers.producer:tranvanson": lambda: _producer(TRAN_VAN_SON),
}


def setup(users):
    """One evidence file on each dossier the rows open, and standing documents of both producers
    (one of Đình Bảng's used by its 2020 dossier, one unused; Trần Văn Sơn's used by the 2026
    submitted dossier). Written as rows: those dossiers are past the stage where the services let a
    producer change them."""
    import hashlib

    from django.core.files.base import ContentFile

    from evaluations.models import Application, EvidenceFile
    from producers.models import StandingDocument, StandingDocumentKind

    data = _pdf()
    facts = {"content_type": "application/pdf", "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    dossier_2020 = Application.objects.order_by("pk").first()
    dossier_2026 = Application.objects.get(product__name="Giò bò Yên Phong")
    assert dossier_2020.product.producer.registration_number == DINH_BANG

    for application, name in ((dossier_2020, "minh-chung-2020.pdf"), (dossier_2026, "minh-chung-2026.pdf")):
        evidence = EvidenceFile(application=application, original_name=name, uploaded_by=users["superuser"], **facts)
        evidence.file.save(name, ContentFile(data), save=False)
        evidence.save()
    for registration_number, name, kind, used_by in (
        (DINH_BANG, "dkkd-dinh-bang.pdf", StandingDocumentKind.BUSINESS_REGISTRATION, dossier_2020),
        (DINH_BANG, "nhan-hieu-dinh-bang.pdf", StandingDocumentKind.TRADEMARK, None),
        (TRAN_VAN_SON, "dkkd-tran-van-son.pdf", StandingDocumentKind.BUSINESS_REGISTRATION, dossier_2026),
    ):
        document = StandingDocument(producer=_producer(registration_number), kind=kind, title=name, original_name=name, **facts)
        document.file.save(name, ContentFile(data), save=False)
        document.save()
        if used_by is not None:
            used_by.standing_documents.add(document)

"""Rows of the permission matrix for this area's routes; `tests/permission_matrix.py` adds them
to CASES and `tests/test_permission_matrix.py` walks them. `PICKERS` maps a label used in a
case's kwargs to a function returning the demo object it opens; `setup(users)` creates, inside
the walk's demo transaction, the objects the demo lacks (`users`: persona name → User).

The documents area: a PDF is read by whoever the rule of its kind lets in (evaluations.documents):
the decision by the province's staff; a certificate by its producer's users, the officers over the
producer's unit and the province's staff; the minutes by the province's staff and the council's
seats; a blank scoring sheet by anyone logged in. Everyone else gets 404 (the document's existence
is not revealed). Requests and retries are POST only (the walk's GET gets 405)."""

from tests.permission_matrix import Case, outcomes

DINH_BANG = "2300412345"  # the producer persona's producer (2020, old Từ Sơn)
POST_ONLY = outcomes(405, anonymous=302)

READS_DECISION = outcomes(404, anonymous=302, provincial_staff=200, superuser=200)
READS_CERTIFICATE = outcomes(404, anonymous=302, producer=200, local_officer=200, provincial_staff=200, superuser=200)
READS_MINUTES = outcomes(404, anonymous=302, provincial_staff=200, council_member=200, conflicted_member=200, superuser=200)
READS_SHEET = outcomes(200, anonymous=302)

DOCUMENTS = {"decision": READS_DECISION, "certificate": READS_CERTIFICATE, "minutes": READS_MINUTES, "blank_sheet": READS_SHEET}

CASES = [
    *[Case(route, expected, kwargs={"pk": f"core.document:{name}"}, label=name)
      for route in ("document-download", "document-status") for name, expected in DOCUMENTS.items()],
    Case("document-retry", POST_ONLY, kwargs={"pk": "core.document:certificate"}),
    Case("docs:sheet-list", outcomes(200, anonymous=302)),
    Case("docs:sheet-request", POST_ONLY, kwargs={"pk": "evaluations.scoringsheet"}),
    Case("docs:decision-request", POST_ONLY, kwargs={"pk": "evaluations.recognitiondecision"}),
    Case("docs:decision-progress", READS_DECISION, kwargs={"pk": "evaluations.recognitiondecision"}),
    Case("docs:minutes-request", POST_ONLY, kwargs={"pk": "evaluations.councilsession"}),
]


def _pdf():
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _subjects():
    from evaluations.documents import BLANK_SHEET, CERTIFICATE, DECISION, MINUTES
    from evaluations.models import Certificate, CouncilSession, RecognitionDecision, ScoringSheet

    return {
        "decision": (DECISION, RecognitionDecision.objects.order_by("pk").first()),
        "certificate": (CERTIFICATE, Certificate.objects.filter(
            result__application__product__producer__registration_number=DINH_BANG).order_by("pk").first()),
        "minutes": (MINUTES, CouncilSession.objects.filter(round__year=2020, status="closed").order_by("pk").first()),
        "blank_sheet": (BLANK_SHEET, ScoringSheet.objects.order_by("pk").first()),
    }


def _document(name):
    """The ready document of `name`; its file put back where this test's storage looks (each test
    of the walk has its own PRIVATE_MEDIA_ROOT, the rows live for the whole module)."""
    from django.core.files.base import ContentFile

    from ocop_portal.core.documents import document_for

    kind, subject = _subjects()[name]
    document = document_for(subject, kind)
    storage = document.file.storage
    if not storage.exists(document.file.name):
        assert storage.save(document.file.name, ContentFile(_pdf())) == document.file.name
    return document


PICKERS = {f"core.document:{name}": (lambda name=name: _document(name)) for name in DOCUMENTS}


def setup(users):
    """One ready document of each kind (a stand-in PDF: the walk checks who opens it, the render
    tests check what it says). Written as rows: rendering four real PDFs here would only slow the
    walk down."""
    import hashlib

    from django.core.files.base import ContentFile

    from ocop_portal.core.documents import document_request
    from ocop_portal.core.models import DocumentStatus

    data = _pdf()
    for kind, subject in _subjects().values():
        assert subject is not None, kind
        document = document_request(obj=subject, kind=kind, actor=users["superuser"])
        document.file.save(f"{kind}-{subject.pk}.pdf", ContentFile(data), save=False)
        document.status, document.sha256, document.size = DocumentStatus.READY, hashlib.sha256(data).hexdigest(), len(data)
        document.save()

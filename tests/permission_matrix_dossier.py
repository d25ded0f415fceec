"""Rows of the permission matrix for this area's routes; `tests/permission_matrix.py` adds them
to CASES and `tests/test_permission_matrix.py` walks them. `PICKERS` maps a label used in a
case's kwargs to a function returning the demo object it opens; `setup(users)` creates, inside
the walk's demo transaction, the objects the demo lacks (`users`: persona name → User).

The producer's dossier pages (/dossiers/). Registering is for a user who acts for a producer
(anyone else may not act: 403). A draft is the producer's own: its users and the superuser see
it, everyone else gets 404, the officers of its territory included (`applications_visible_to`
shows them a dossier once submitted). Changing and handing in a dossier are for its producer's
users only: the superuser, who may see it, gets 403. The walk opens a 2026 draft of the
`producer` persona's own company (made by `setup`), the demo's own 2026 draft (Dưa lê Yên Phong,
of a producer no persona acts for) and a submitted 2026 dossier of today's Yên Phong."""

from tests.permission_matrix import Case, outcomes

OWN_DRAFT_PRODUCT = "Bánh gai Đình Bảng"  # a draft of the producer persona's company, made by setup()
OWN_DRAFT = {"pk": "evaluations.application:2026-draft-own"}
DEMO_DRAFT = {"pk": "evaluations.application:2026-draft"}
SUBMITTED = {"pk": "evaluations.application:2026-submitted"}

ACTS_FOR_A_PRODUCER = outcomes(403, anonymous=302, producer=200, other_producer=200)
OWNER_SEES = outcomes(404, anonymous=302, producer=200, superuser=200)
OWNER_ACTS = outcomes(404, anonymous=302, producer=200, superuser=403)
POST_ONLY = outcomes(405, anonymous=302)

CASES = [
    Case("dossiers:register", ACTS_FOR_A_PRODUCER),
    Case("dossiers:detail", OWNER_SEES, kwargs=OWN_DRAFT, label="own draft"),
    Case("dossiers:detail", outcomes(404, anonymous=302, superuser=200), kwargs=DEMO_DRAFT, label="demo draft"),
    # once submitted, whoever may see the dossier reads its page (the province's roles here)
    Case("dossiers:detail", outcomes(404, anonymous=302, provincial_staff=200, approver=200, finance=200, superuser=200),
         kwargs=SUBMITTED, label="submitted"),
    Case("dossiers:edit", OWNER_ACTS, kwargs=OWN_DRAFT, label="own draft"),
    Case("dossiers:edit", outcomes(404, anonymous=302, superuser=403), kwargs=DEMO_DRAFT, label="demo draft"),
    Case("dossiers:self-assessment", OWNER_SEES, kwargs=OWN_DRAFT, label="own draft"),
    Case("dossiers:self-assessment", outcomes(404, anonymous=302, superuser=200), kwargs=DEMO_DRAFT, label="demo draft"),
    Case("dossiers:self-assessment", outcomes(404, anonymous=302, provincial_staff=200, approver=200, finance=200, superuser=200),
         kwargs=SUBMITTED, label="submitted"),
    Case("dossiers:general-save", POST_ONLY, kwargs=OWN_DRAFT),
    Case("dossiers:answer", POST_ONLY, kwargs=OWN_DRAFT),
    Case("dossiers:submit", OWNER_ACTS, kwargs=OWN_DRAFT, label="own draft"),
    Case("dossiers:submit", outcomes(404, anonymous=302, superuser=403), kwargs=DEMO_DRAFT, label="demo draft"),
]


def _application(**lookup):
    from evaluations.models import Application

    return Application.objects.get(**lookup)


PICKERS = {
    "evaluations.application:2026-draft-own": lambda: _application(product__name=OWN_DRAFT_PRODUCT),
    "evaluations.application:2026-draft": lambda: _application(product__name="Dưa lê Yên Phong", status="draft"),
}


def setup(users):
    """A 2026 draft of the producer persona's own company (the demo's 2026 drafts belong to
    producers no persona acts for)."""
    from evaluations import services
    from evaluations.models import EvaluationRound, ScoringSheet
    from producers.models import Producer, ProductSet
    from producers.services import product_create

    producer = Producer.objects.get(memberships__user=users["producer"])
    rnd = EvaluationRound.objects.get(year=2026)
    product_set = ProductSet.objects.get(number=6)
    product = product_create(producer=producer, name=OWN_DRAFT_PRODUCT, product_set=product_set)
    sheet = ScoringSheet.objects.get(regulation=rnd.regulation, product_set=product_set)
    services.application_create(product=product, round=rnd, sheet=sheet, actor=users["producer"])
    _dossier_parts_for_the_admin(users)


def _dossier_parts_for_the_admin(users):
    """The admin's rows of a dossier's parts (self-assessment, an answer, an advisory request) on
    the first 2020 dossier, which the province's staff see and the other province does not."""
    from evaluations.models import AdvisoryRequest, Application, SelfAssessment, SelfAssessmentAnswer

    application = Application.objects.order_by("pk").first()
    criterion = application.sheet.criteria.order_by("position").first()
    SelfAssessment.objects.create(application=application, history="Thành lập năm 2015.")
    SelfAssessmentAnswer.objects.create(application=application, criterion=criterion,
                                        option=criterion.options.order_by("position").first(), description="Minh chứng kèm theo")
    AdvisoryRequest.objects.create(application=application, kind="field_visit", description="Khảo sát cơ sở")

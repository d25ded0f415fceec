"""Explicit hooks of the evaluations app: the places where a higher app (rewards) asks to be told
of an event here, without evaluations knowing anything about it (ARCHITECTURE.md: "the lower app
offers an explicit hook that the higher one registers with — never a hidden signal").

A higher app registers its handler once, in its `AppConfig.ready()`; the issuing services call
the hook at the end of their work, inside their transaction, so whatever the handlers write is
committed or rolled back with the issuing itself. A handler that raises stops the issuing."""

_certificates_issued = []
_ministry_answer = []
_application_status_changed = []


def on_certificates_issued(handler):
    """Register `handler(*, decision, certificates, actor)`, called when certificates are issued
    under a recognition decision (a decision issued, or one certificate added to an issued
    decision by a local recognition). Registering the same handler twice keeps one."""
    if handler not in _certificates_issued:
        _certificates_issued.append(handler)
    return handler


def on_ministry_answer(handler):
    """Register `handler(*, answer, actor)`, called when the ministry's answer on a referred
    product is recorded (either outcome; the handler looks at `answer.outcome`)."""
    if handler not in _ministry_answer:
        _ministry_answer.append(handler)
    return handler


def on_application_status_changed(handler):
    """Register `handler(*, application, from_status, to_status, actor)`, called after every move
    of a dossier through its status machine, inside the move's transaction (the webhooks tell the
    offices; whatever a handler enqueues goes `on_commit`, so a rolled-back move sends nothing)."""
    if handler not in _application_status_changed:
        _application_status_changed.append(handler)
    return handler


def certificates_issued(*, decision, certificates, actor=None):
    for handler in list(_certificates_issued):
        handler(decision=decision, certificates=list(certificates), actor=actor)


def ministry_answer_recorded(*, answer, actor=None):
    for handler in list(_ministry_answer):
        handler(answer=answer, actor=actor)


def application_status_changed(*, application, from_status, to_status, actor=None):
    for handler in list(_application_status_changed):
        handler(application=application, from_status=from_status, to_status=to_status, actor=actor)

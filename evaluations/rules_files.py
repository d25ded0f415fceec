"""Predicates of the files area: who may add and remove a dossier's evidence, attach the
producer's standing documents to it, and keep those documents. Who may *see* a file is the
selectors' answer (`evidence_visible_to`, `standing_documents_readable_by`): an outsider gets 404.

Only the producer's own users change a dossier's files: an officer reads them, never replaces
what the producer submitted."""

import rules

from ocop_portal.core.rules import is_superuser
from producers.rules import acts_for_producer, oversees_producer

from . import selectors
from .rules import producer_of_application


@rules.predicate
def dossier_open_for_changes(user, application):
    """The producer holds the dossier: a draft, returned by the local office, or to be completed."""
    return application is not None and selectors.dossier_files_editable(application)


# The upload and removal views ask this; the services then refuse a dossier no longer open, with
# a message that says why.
can_add_evidence = producer_of_application
# What the pages show: the upload form and the attach/detach controls.
can_change_dossier_files = producer_of_application & dossier_open_for_changes

# A producer's documents page: its users keep the documents, the officers over its unit read them.
can_see_producer_documents = is_superuser | acts_for_producer | oversees_producer
can_manage_standing_documents = acts_for_producer

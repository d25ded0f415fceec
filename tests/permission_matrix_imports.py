"""Rows of the permission matrix for this area's routes; `tests/permission_matrix.py` adds them
to CASES and `tests/test_permission_matrix.py` walks them. `PICKERS` maps a label used in a
case's kwargs to a function returning the demo object it opens; `setup(users)` creates, inside
the walk's demo transaction, the objects the demo lacks (`users`: persona name → User).

The imports area: POST /api/v1/imports/producers/ and /api/v1/imports/products/ (POST only, so a
GET is 405 for whoever may import). DRF checks the permissions before the method: anonymous is
asked for credentials (401); a producer's user or a council member holds no territory role (403);
the approver and finance hold one but do not register producers (403): importing is for the
offices that confirm producers (local officers, provincial staff) and superusers. Which rows an
office may import is checked row by row against its territory (tests/test_imports.py)."""

from tests.permission_matrix import Case, outcomes

IMPORTERS = outcomes(403, anonymous=401, local_officer=405, provincial_staff=405, superuser=405, other_province=405,
                     other_commune=405)

CASES = [
    Case("api:import-producers", IMPORTERS),
    Case("api:import-products", IMPORTERS),
]

PICKERS = {}


def setup(users):
    pass

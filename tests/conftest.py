import pytest
from django.core.management import call_command
from django.db import transaction

from evaluations.catalogue_services import catalogue_load
from ocop_portal import demo


@pytest.fixture(scope="module")
def bac_ninh_2020(django_db_setup, django_db_blocker):
    """The criteria catalogue and the Bắc Ninh 2020 demo, built once per module through the real
    services and rolled back at the end of the module."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            catalogue_load()
            users, _created = demo.seed_demo()
            yield users
            transaction.set_rollback(True)


@pytest.fixture
def api_token():
    from rest_framework.authtoken.models import Token

    def make(user):
        return Token.objects.get_or_create(user=user)[0].key

    return make


@pytest.fixture
def run_command():
    import io

    def run(*args, **kwargs):
        out = io.StringIO()
        call_command(*args, stdout=out, **kwargs)
        return out.getvalue()

    return run

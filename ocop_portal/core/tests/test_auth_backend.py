"""A producer logs in with their email address however they type its case."""

import pytest
from django.contrib.auth import authenticate

from ocop_portal.core.models import User

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


def test_the_user_name_matches_ignoring_case():
    User.objects.create_user("lan.nguyen@example.vn", password="mật-khẩu-đủ-dài-2026")

    assert authenticate(username="Lan.Nguyen@Example.VN", password="mật-khẩu-đủ-dài-2026").username == "lan.nguyen@example.vn"
    assert authenticate(username=" lan.nguyen@example.vn ", password="mật-khẩu-đủ-dài-2026") is not None
    assert authenticate(username="Lan.Nguyen@Example.VN", password="sai") is None


def test_two_accounts_differing_only_by_case_match_only_exactly():
    User.objects.create_user("Son", password="mật-khẩu-một-2026")
    User.objects.create_user("son", password="mật-khẩu-hai-2026")

    assert authenticate(username="SON", password="mật-khẩu-một-2026") is None
    assert authenticate(username="son", password="mật-khẩu-hai-2026").username == "son"

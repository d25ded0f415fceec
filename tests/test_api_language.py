"""The API answers in the language of Accept-Language (Vietnamese when absent or unsupported), all
of one response in one language: our own message and Django REST framework's details alike. DRF
ships almost no Vietnamese, so locale/vi/LC_MESSAGES/django.po translates its messages (and
django-filter's); these tests hold the translation and the compiled catalog in place.

Only the 400 (bad `year`: validation comes before any data is read) and 401 answers are used, so
the tests do not depend on what the statistics themselves contain."""

import ast
import gettext
import glob
import re
import shutil
import subprocess
from pathlib import Path

import django_filters
import pytest
import rest_framework
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from ocop_portal.core.services import api_token_create

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

URL = reverse("api:stats-summary")
VI_PO = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.po"
VI_MO = VI_PO.with_suffix(".mo")

INVALID_VI = "Dữ liệu gửi lên không hợp lệ."
INVALID_EN = "The submitted data is not valid."  # locale/en/LC_MESSAGES/django.po
INTEGER_VI = "Giá trị phải là số nguyên hợp lệ."
INTEGER_EN = "A valid integer is required."
NO_CREDENTIALS_VI = "Chưa cung cấp thông tin xác thực."
NO_CREDENTIALS_EN = "Authentication credentials were not provided."
BAD_TOKEN_VI = "Khóa API không hợp lệ hoặc đã bị thu hồi."


@pytest.fixture
def token():
    admin = get_user_model().objects.create_superuser(username="quantri.ngonngu", email="qt@example.vn",
                                                      password="mat-khau-thu")
    return api_token_create(user=admin, name="test")[1]


def get(client, token=None, language=None, **params):
    headers = {}
    if token:
        headers["HTTP_AUTHORIZATION"] = f"Token {token}"
    if language:
        headers["HTTP_ACCEPT_LANGUAGE"] = language
    return client.get(URL, params, **headers)


# --- 400: our message and DRF's details in one language ---------------------------------------

def test_without_accept_language_a_validation_error_is_vietnamese_throughout(client, token):
    response = get(client, token, year="abc")

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["message"] == INVALID_VI
    assert error["details"]["year"] == [INTEGER_VI]


def test_english_is_asked_for_and_given_throughout(client, token):
    response = get(client, token, language="en", year="abc")

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["message"] == INVALID_EN
    assert error["details"]["year"] == [INTEGER_EN]


@pytest.mark.parametrize("language", ["fr", "fr-FR,fr;q=0.9", "vi", "vi-VN,vi;q=0.9,en;q=0.8"])
def test_vietnamese_or_an_unsupported_language_gets_vietnamese(client, token, language):
    response = get(client, token, language=language, year="abc")

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["message"] == INVALID_VI
    assert error["details"]["year"] == [INTEGER_VI]


# --- 401 --------------------------------------------------------------------------------------

def test_without_a_token_the_401_is_vietnamese(client):
    response = get(client, year="abc")

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
    assert response.json()["error"]["message"] == NO_CREDENTIALS_VI


def test_without_a_token_the_401_is_english_when_asked(client):
    response = get(client, language="en", year="abc")

    assert response.status_code == 401
    assert response.json()["error"]["message"] == NO_CREDENTIALS_EN


def test_an_invalid_token_gets_a_vietnamese_401(client):
    response = client.get(URL, {"year": "2020"}, HTTP_AUTHORIZATION="Token abc")

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"
    assert response.json()["error"]["message"] == BAD_TOKEN_VI


# --- the catalog ------------------------------------------------------------------------------

def _parse_po(path):
    """msgid -> msgstr of a .po file without plural forms or contexts (enough for this catalog);
    obsolete (#~) entries are skipped, the header is left out."""
    entries, key, parts = {}, None, {}
    for line in [*Path(path).read_text(encoding="utf-8").splitlines(), ""]:
        line = line.strip()
        match = re.match(r"^(msgid|msgstr|msgctxt|msgid_plural)\s+(\".*\")$", line)
        if match:
            key = match.group(1)
            parts[key] = [match.group(2)]
        elif line.startswith('"') and key:
            parts[key].append(line)
        elif not line or line.startswith("#"):
            if "msgid" in parts:
                assert "msgctxt" not in parts and "msgid_plural" not in parts, "the tiny parser reads no contexts or plurals"
                msgid, msgstr = ("".join(ast.literal_eval(p) for p in parts[k]) for k in ("msgid", "msgstr"))
                if msgid:
                    assert msgid not in entries, f"duplicate msgid {msgid!r}"
                    entries[msgid] = msgstr
            key, parts = None, {}
    return entries


def _parse_mo(path):
    with open(path, "rb") as fh:
        translations = gettext.GNUTranslations(fh)
    return translations, {k: v for k, v in translations._catalog.items() if k}


def test_vi_mo_is_compiled_from_the_po():
    po = _parse_po(VI_PO)
    translations, mo = _parse_mo(VI_MO)

    assert translations.info()["language"] == "vi"
    assert translations.info()["plural-forms"] == "nplurals=1; plural=0;"
    assert len(mo) == len(po)
    assert mo == po, "locale/vi/LC_MESSAGES/django.mo is stale: run msgfmt -o ….mo ….po"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="msgfmt (gettext) is not installed")
def test_vi_po_passes_msgfmt_check_and_compiles_to_the_committed_mo(tmp_path):
    compiled = tmp_path / "django.mo"
    result = subprocess.run(["msgfmt", "--check", "--statistics", "-o", str(compiled), str(VI_PO)],
                            check=False, capture_output=True, text=True)

    assert result.returncode == 0, result.stderr
    assert "fuzzy" not in result.stderr and "untranslated" not in result.stderr, result.stderr
    assert _parse_mo(compiled)[1] == _parse_mo(VI_MO)[1]


def test_every_translation_keeps_the_placeholders_and_is_translated():
    placeholder = re.compile(r"\{[^{}]*\}|%(?:\(\w+\))?[sd]")
    for msgid, msgstr in _parse_po(VI_PO).items():
        assert msgstr.strip(), f"untranslated: {msgid!r}"
        assert sorted(placeholder.findall(msgstr)) == sorted(placeholder.findall(msgid)), msgid


def test_every_message_of_the_installed_drf_and_django_filter_is_translated():
    """Upgrading DRF or django-filter may bring new messages: they must be translated here."""
    ours = set(_parse_po(VI_PO))
    theirs = set()
    for package in (rest_framework, django_filters):
        for mo in glob.glob(str(Path(package.__file__).parent / "locale" / "*" / "LC_MESSAGES" / "django.mo")):
            theirs |= set(_parse_mo(mo)[1])

    assert theirs, "no catalogs found in the installed packages"
    assert sorted(theirs - ours) == []

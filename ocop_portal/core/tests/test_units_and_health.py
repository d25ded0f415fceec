import datetime

import pytest
from django.urls import reverse

from ocop_portal.core.models import AdministrativeUnit, UnitLevel
from ocop_portal.core.services import units_load_bac_ninh

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


def test_bac_ninh_before_and_after_the_2025_reform():
    old, new = units_load_bac_ninh()

    before = AdministrativeUnit.objects.valid_on(datetime.date(2020, 9, 4))
    after = AdministrativeUnit.objects.valid_on(datetime.date(2026, 1, 1))
    assert set(before.filter(level=UnitLevel.PROVINCE).values_list("code", flat=True)) == {"27"}
    assert set(after.filter(level=UnitLevel.PROVINCE).values_list("code", flat=True)) == {"24"}
    assert before.filter(level=UnitLevel.DISTRICT).count() == 8
    assert after.filter(level=UnitLevel.DISTRICT).count() == 0
    phu_lang_2020 = before.get(level=UnitLevel.COMMUNE, code="09292")
    assert (phu_lang_2020.parent.name, phu_lang_2020.province) == ("Huyện Quế Võ", old)
    assert after.get(level=UnitLevel.COMMUNE, code="09292").parent == new


def test_todays_units_know_the_units_they_replaced():
    old, new = units_load_bac_ninh()
    new_phu_lang = AdministrativeUnit.objects.get(level=UnitLevel.COMMUNE, code="09292", valid_from__isnull=False)
    old_phu_lang = AdministrativeUnit.objects.get(level=UnitLevel.COMMUNE, code="09292", valid_from__isnull=True)

    assert AdministrativeUnit.objects.lineage_ids(new) == {new.pk, old.pk}
    assert AdministrativeUnit.objects.lineage_ids(old) == {old.pk}
    assert AdministrativeUnit.objects.lineage_ids(new_phu_lang) == {new_phu_lang.pk, old_phu_lang.pk}


def test_loading_units_twice_changes_nothing():
    units_load_bac_ninh()
    before = list(AdministrativeUnit.objects.values_list("pk", "path", "name"))

    units_load_bac_ninh()

    assert list(AdministrativeUnit.objects.values_list("pk", "path", "name")) == before


def test_subtree_scoping_follows_the_tree():
    units_load_bac_ninh()
    tu_son = AdministrativeUnit.objects.get(level=UnitLevel.DISTRICT, code="261")

    codes = set(AdministrativeUnit.objects.subtree(tu_son).values_list("code", flat=True))

    assert codes == {"261", "09370", "09379", "09385"}


def test_vietnamese_is_the_default_even_for_an_english_browser(client):
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert response.headers["Content-Language"] == "vi"
    assert '<html lang="vi"' in response.content.decode()


def test_the_language_switch_gives_english(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    response = client.get(reverse("home"))

    assert response.headers["Content-Language"] == "en"

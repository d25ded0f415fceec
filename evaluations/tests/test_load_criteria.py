import csv
import datetime
import io
import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from evaluations.catalogue import DATA_DIR
from evaluations.catalogue_services import CatalogueInvalid, catalogue_load
from evaluations.models import Criterion, Option, RegulationVersion, ScoringSheet, SheetPart, SheetSection
from producers.models import ProductSet

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

MODELS = (ProductSet, RegulationVersion, ScoringSheet, SheetPart, SheetSection, Criterion, Option)


@pytest.fixture
def loaded():
    return catalogue_load()


@pytest.fixture
def broken_data_dir(tmp_path):
    """A copy of the data where set 5, criterion 1.3 tops out at 2 instead of 3."""
    target = tmp_path / "criteria"
    shutil.copytree(DATA_DIR, target)
    path = target / "qd-26-2026-criteria.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields, rows = reader.fieldnames, list(reader)
    for row in rows:
        if (row["set_no"], row["criterion_code"], row["option_points"]) == ("5", "1.3", "3"):
            row["option_points"] = "2"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return target


def snapshot():
    return {m.__name__: sorted(m.objects.values_list("pk", flat=True)) for m in MODELS}


def test_load_creates_the_three_versions_with_their_sheets(loaded):
    versions = {r.code: r for r in RegulationVersion.objects.all()}

    assert sorted(versions) == ["1048/2019", "148/2023", "26/2026"]
    assert versions["26/2026"].effective_from == datetime.date(2026, 5, 22)
    assert (versions["1048/2019"].part_a_max, versions["1048/2019"].part_c_max) == (35, 40)
    assert versions["1048/2019"].effective_until == datetime.date(2023, 2, 23)
    assert versions["1048/2019"].has_star_markers is False
    assert versions["26/2026"].sheets.count() == 26
    assert versions["1048/2019"].sheets.count() == 25
    assert versions["148/2023"].sheets.count() == 0
    assert "chưa có phiếu đánh giá" in versions["148/2023"].source
    assert ProductSet.objects.count() == 26
    assert Criterion.objects.filter(sheet__regulation__code="26/2026").count() == 787
    assert Option.objects.filter(criterion__sheet__regulation__code="26/2026").count() == 2579


def test_every_2026_sheet_in_the_database_sums_to_100(loaded):
    sheets = ScoringSheet.objects.filter(regulation__code="26/2026").prefetch_related("criteria__options", "parts")

    for sheet in sheets:
        best = {c.code: max(o.points for o in c.options.all()) for c in sheet.criteria.all()}
        assert sum(best.values()) == 100, sheet.set_number
        assert [(p.code, p.max_points) for p in sheet.parts.all()] == [("A", 40), ("B", 25), ("C", 35)]
        assert sheet.product_set.number == sheet.set_number
        assert sheet.usable is True


def test_corrections_are_visible_on_the_sheets(loaded):
    sheets = {s.set_number: s for s in ScoringSheet.objects.filter(regulation__code="26/2026", set_number__in=[4, 7, 11])}

    assert "“Có trên 2 chỉ tiêu”: bản gốc in 13 điểm, sửa thành 3" in sheets[4].corrections
    assert "ô điểm trong bản gốc để trống, ghi 0 điểm" in sheets[4].corrections
    assert "“Có rất ít tạp chất, chấp nhận được”: bản gốc in 11 điểm, sửa thành 1" in sheets[11].corrections
    assert "Tiêu chí 3.1" in sheets[7].corrections
    assert "“Có sử dụng song ngữ” (1 điểm)" in sheets[7].corrections
    assert sheets[7].corrections.count("\n- ") == 2


def test_set_7_carries_stars_knockouts_and_the_story_condition(loaded):
    criteria = {c.code: c for c in Criterion.objects.filter(sheet__regulation__code="26/2026", sheet__set_number=7)}

    stars_15 = list(criteria["1.5"].options.filter(min_star__isnull=False).values_list("points", "min_star"))

    assert stars_15 == [(2, 4), (3, 5)]
    assert list(criteria["1.1"].options.values_list("points", "min_star")) == [(1, 3), (2, None), (3, None)]
    assert criteria["1.1"].knockout_rule.startswith("Bị loại nếu sử dụng toàn bộ nguyên liệu nhập khẩu")
    assert "không đánh giá các bước tiếp theo" in criteria["6.1"].knockout_rule
    assert criteria["5.2"].applies_if == criteria["5.1"]
    assert criteria["3.1"].knockout_rule == ""


def test_the_three_incomplete_1048_types_are_unusable_with_reasons(loaded):
    sheets = ScoringSheet.objects.filter(regulation__code="1048/2019", usable=False).order_by("set_number")

    reasons = {s.set_number: s.unusable_reason for s in sheets}

    assert list(reasons) == [21, 23, 24]
    assert "thiếu tiêu chí giữa 6.3 và 6.5" in reasons[24]
    assert all("phần C 38/40" in r for r in reasons.values())
    assert not ScoringSheet.objects.filter(regulation__code="1048/2019", set_number=10).exists()
    assert ScoringSheet.objects.get(regulation__code="1048/2019", set_number=15).product_set.number == 1
    assert ScoringSheet.objects.get(regulation__code="1048/2019", set_number=18).product_set is None


def test_loading_twice_changes_nothing(loaded):
    before = snapshot()

    second = catalogue_load()

    assert snapshot() == before
    assert second.changed == 0
    assert loaded.created["option"] == Option.objects.count()


def test_a_hand_edit_is_put_back_on_the_next_load(loaded):
    option = Option.objects.get(criterion__sheet__regulation__code="26/2026", criterion__sheet__set_number=4,
                                criterion__code="7", position=3)
    Option.objects.filter(pk=option.pk).update(points=13)

    summary = catalogue_load()

    option.refresh_from_db()
    assert option.points == 3
    assert summary.updated["option"] == 1


def test_command_prints_a_summary_per_version():
    out = io.StringIO()

    call_command("load_criteria", stdout=out)

    text = out.getvalue()
    assert "QĐ 26/2026: 26 phiếu (26 dùng được, 0 không dùng được)" in text
    assert "QĐ 1048/2019: 25 phiếu (22 dùng được, 3 không dùng được)" in text
    assert "Không nạp: bộ 10 Gạo, ngũ cốc" in text
    assert "32 ghi chú sửa lỗi" in text


def test_check_writes_nothing_and_passes_on_the_shipped_data():
    out = io.StringIO()

    call_command("load_criteria", "--check", stdout=out)

    assert "Dữ liệu hợp lệ" in out.getvalue()
    assert ScoringSheet.objects.count() == 0


def test_check_fails_on_a_broken_data_file(broken_data_dir):
    out, err = io.StringIO(), io.StringIO()

    with pytest.raises(CommandError, match="4 lỗi ở phiếu dùng được"):
        call_command("load_criteria", "--check", "--data-dir", str(broken_data_dir), stdout=out, stderr=err)

    assert "QĐ 26/2026, bộ 5, tiêu chí 1.3" in out.getvalue()
    assert ScoringSheet.objects.count() == 0


def test_load_refuses_a_broken_2026_sheet_and_names_the_criterion(broken_data_dir):
    with pytest.raises(CatalogueInvalid) as excinfo:
        catalogue_load(data_dir=broken_data_dir)

    assert [str(p) for p in excinfo.value.problems][0].startswith("QĐ 26/2026, bộ 5, tiêu chí 1.3 ")
    assert "phương án cao nhất 2 điểm khác điểm tối đa 3" in str(excinfo.value)
    assert RegulationVersion.objects.count() == 0


def test_sheets_carry_their_dossier_knockout_paragraph(loaded):
    knockouts = dict(ScoringSheet.objects.filter(regulation__code="26/2026").values_list("set_number", "dossier_knockout"))

    assert knockouts[7].startswith("Hồ sơ bị loại khi: Giả mạo hồ sơ hoặc không tuân thủ")
    assert knockouts[19].startswith("Bị loại khi: Giả mạo hồ sơ")  # set 19 prints it without “Hồ sơ”
    assert knockouts[26] == ""
    assert sorted(n for n, text in knockouts.items() if text) == [n for n in range(1, 26)]
    assert knockouts[1].count("Hồ sơ bị loại khi") == 1  # printed twice in the source, loaded once
    assert not ScoringSheet.objects.filter(regulation__code="1048/2019").exclude(dossier_knockout="").exists()


def test_a_changed_dossier_knockout_counts_as_one_update_and_a_second_load_changes_nothing(loaded):
    ScoringSheet.objects.filter(regulation__code="26/2026", set_number=7).update(dossier_knockout="sửa tay")

    summary = catalogue_load()
    again = catalogue_load()

    sheet = ScoringSheet.objects.get(regulation__code="26/2026", set_number=7)
    assert sheet.dossier_knockout.startswith("Hồ sơ bị loại khi: Giả mạo hồ sơ hoặc không tuân thủ")
    assert summary.updated["scoringsheet"] == 1
    assert summary.changed == 1
    assert again.changed == 0


def test_the_sheet_admin_shows_the_dossier_knockout_read_only(loaded, client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("quan-tri", "admin@example.vn", "x"))
    sheet = ScoringSheet.objects.get(regulation__code="26/2026", set_number=7)

    response = client.get(reverse("admin:evaluations_scoringsheet_change", args=[sheet.pk]))

    assert response.status_code == 200
    assert "dossier_knockout" not in response.context["adminform"].form.fields
    assert sheet.dossier_knockout in response.content.decode()

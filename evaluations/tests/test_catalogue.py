import csv
import dataclasses
import shutil

import pytest

from evaluations.catalogue import DATA_DIR, CatalogueError, catalogue_read, validate_regulation, validate_sheet

pytestmark = [pytest.mark.unit]


@pytest.fixture(scope="module")
def catalogue():
    return catalogue_read()


@pytest.fixture
def data_copy(tmp_path):
    target = tmp_path / "criteria"
    shutil.copytree(DATA_DIR, target)
    return target


def rewrite_csv(path, change):
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields, rows = reader.fieldnames, list(reader)
    for row in rows:
        change(row)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_every_2026_sheet_adds_up_to_100_with_parts_40_25_35(catalogue):
    regulation = catalogue.regulation("26/2026")

    problems = validate_regulation(regulation)

    assert problems == {}
    assert [s.set_number for s in regulation.sheets] == list(range(1, 27))
    for sheet in regulation.sheets:
        assert sheet.best_points == 100
        assert [(p.code, p.best_points) for p in sheet.parts] == [("A", 40), ("B", 25), ("C", 35)]


def test_bilingual_label_criterion_gets_two_options(catalogue):
    regulation = catalogue.regulation("26/2026")

    sheet_1, sheet_21 = regulation.sheet(1), regulation.sheet(21)

    assert [(o.text, o.points) for o in sheet_1.criterion("2.4").options] == [
        ("Không sử dụng song ngữ", 0), ("Có sử dụng song ngữ", 1),
    ]
    assert sheet_21.criterion("2.3").best_points == 1


def test_typos_are_corrected_and_said_so(catalogue):
    regulation = catalogue.regulation("26/2026")

    set_4, set_11, set_7 = regulation.sheet(4), regulation.sheet(11), regulation.sheet(7)

    assert [o.points for o in set_4.criterion("7").options] == [0, 1, 3]
    assert [o.points for o in set_11.criterion("6.1.1").options] == [0, 1, 2]
    assert [o.points for o in set_7.criterion("3.1").options] == [1, 2, 3]
    assert [o.points for o in set_7.criterion("1.2").options] == [0, 1, 2]
    assert "in 13 điểm, sửa thành 3" in set_4.corrections_text
    assert "in 11 điểm, sửa thành 1" in set_11.corrections_text
    assert "GIỮ NGUYÊN 1 điểm" in regulation.sheet(23).corrections_text
    assert "(35 Điểm)" in regulation.sheet(26).corrections_text
    assert [s.max_points for s in regulation.sheet(23).parts[2].sections if s.number == "9"] == [4]


def test_set_7_has_star_minimums_knockouts_and_the_story_condition(catalogue):
    sheet = catalogue.regulation("26/2026").sheet(7)

    stars = {c.code: [(o.points, o.min_star) for o in c.options if o.min_star] for c in sheet.criteria}

    assert stars["1.1"] == [(1, 3)]
    assert stars["1.5"] == [(2, 4), (3, 5)]
    assert stars["6.3"] == [(2, 4), (3, 5)]
    assert stars["1.2"] == []
    assert sheet.criterion("1.1").knockout_rule == "Bị loại nếu sử dụng toàn bộ nguyên liệu nhập khẩu hoặc không rõ nguồn gốc"
    assert sheet.criterion("6.1").knockout_rule.endswith("sẽ không đánh giá các bước tiếp theo.")
    assert sheet.criterion("5.2").applies_if == "5.1"
    assert sheet.criterion("5.1").applies_if == ""
    assert sheet.criterion("1.2").knockout_rule == ""


def test_three_level_sensory_codes_keep_their_subgroup(catalogue):
    regulation = catalogue.regulation("26/2026")

    set_11 = regulation.sheet(11)

    assert set_11.criterion("6.1.2").subgroup == "6.1 Ngoại hình"
    assert set_11.criterion("6.2.1").subgroup == "6.2 Nước pha"
    assert regulation.sheet(13).criterion("6.1.1").subgroup == "6.1 Ngoại hình"
    assert set_11.criterion("7").subgroup == ""


def test_tourism_alternatives_are_labelled(catalogue):
    sheet = catalogue.regulation("26/2026").sheet(26)

    groups = [o.alternative_group for o in sheet.criterion("8").options]

    assert groups == [
        "Trường hợp 1: Dịch vụ du lịch do cộng đồng cung cấp", "Trường hợp 1: Dịch vụ du lịch do cộng đồng cung cấp",
        "Trường hợp 2: Điểm dịch vụ du lịch", "Trường hợp 2: Điểm dịch vụ du lịch",
    ]
    assert sheet.criterion("8").best_points == 3


def test_breaking_a_point_names_the_criterion_section_and_part(catalogue):
    regulation = catalogue.regulation("26/2026")
    sheet = regulation.sheet(1)
    criterion = sheet.criterion("1.1")
    broken_option = dataclasses.replace(criterion.options[-1], points=5)
    broken_criterion = dataclasses.replace(criterion, options=(*criterion.options[:-1], broken_option))
    section = sheet.parts[0].sections[0]
    broken_section = dataclasses.replace(section, criteria=(broken_criterion, *section.criteria[1:]))
    part = sheet.parts[0]
    broken_part = dataclasses.replace(part, sections=(broken_section, *part.sections[1:]))
    broken = dataclasses.replace(sheet, parts=(broken_part, *sheet.parts[1:]))

    problems = [str(p) for p in validate_sheet(broken, regulation)]

    assert problems == [
        "QĐ 26/2026, bộ 1, tiêu chí 1.1 “Nguồn gốc sản phẩm”: phương án cao nhất 5 điểm khác điểm tối đa 3",
        "QĐ 26/2026, bộ 1, mục 1 “TỔ CHỨC SẢN XUẤT”: tổng điểm cao nhất của các tiêu chí là 20, khác điểm tối đa 18",
        "QĐ 26/2026, bộ 1, phần A: tổng điểm cao nhất là 42, phải là 40",
        "QĐ 26/2026, bộ 1, tổng: tổng điểm cao nhất là 102, phải là 100",
    ]


def test_a_changed_point_in_the_data_file_is_reported(data_copy):
    def change(row):
        if (row["set_no"], row["criterion_code"], row["option_points"]) == ("9", "4.1", "5"):
            row["option_points"] = "4"

    rewrite_csv(data_copy / "qd-26-2026-criteria.csv", change)

    regulation = catalogue_read(data_copy).regulation("26/2026")
    problems = validate_regulation(regulation)

    assert list(problems) == [9]
    assert str(problems[9][0]).startswith("QĐ 26/2026, bộ 9, tiêu chí 4.1 ")
    assert str(problems[9][0]).endswith("phương án cao nhất 4 điểm khác điểm tối đa 5")


def test_a_correction_that_no_longer_matches_the_data_stops_the_read(data_copy):
    def fix_typo_at_source(row):
        if row["set_no"] == "4" and row["option_text"] == "Có trên 2 chỉ tiêu":
            row["option_points"] = "3"

    rewrite_csv(data_copy / "qd-26-2026-criteria.csv", fix_typo_at_source)

    with pytest.raises(CatalogueError, match="26-set4-nutrition-13: bộ 4 không còn như mô tả"):
        catalogue_read(data_copy)


def test_1048_derives_maxima_and_flags_the_three_incomplete_types(catalogue):
    regulation = catalogue.regulation("1048/2019")

    problems = validate_regulation(regulation)
    unusable = {s.set_number: s.unusable_reason for s in regulation.sheets if not s.usable}

    assert sorted(problems) == [21, 23, 24]
    assert sorted(unusable) == [21, 23, 24]
    assert "thiếu tiêu chí giữa 6.3 và 6.5" in unusable[24]
    assert all("98/100" in reason for reason in unusable.values())
    assert [(p.code, p.max_points) for p in regulation.sheet(1).parts] == [("A", 35), ("B", 25), ("C", 40)]
    assert regulation.sheet(1).criterion("1.3").max_points == 4
    assert not regulation.has_star_markers
    assert [m.set_number for m in regulation.missing_sets] == [10]
    assert 10 not in [s.set_number for s in regulation.sheets]


def test_1048_duplicate_code_and_unlabelled_alternatives_are_resolved(catalogue):
    regulation = catalogue.regulation("1048/2019")

    coffee, tourism = regulation.sheet(6), regulation.sheet(8)

    assert (coffee.criterion("6.1.3").name, coffee.criterion("6.1.3b").name) == ("Màu sắc", "Mùi")
    assert [o.alternative_group for o in regulation.sheet(1).criterion("3.2").options] == [
        "Trường hợp 1", "Trường hợp 1", "Trường hợp 2", "Trường hợp 2",
    ]
    assert [o.alternative_group for o in tourism.criterion("9").options] == ["Trường hợp 1"] * 3 + ["Trường hợp 2"] * 3
    assert regulation.sheet(1).criterion("5.3").applies_if == "5.1"


def test_1048_types_link_to_2026_sets_only_by_identical_name(catalogue):
    regulation = catalogue.regulation("1048/2019")

    links = {s.set_number: s.product_set_number for s in regulation.sheets}

    assert links[15] == 1  # Rau, củ, quả, hạt tươi
    assert links[6] == 13  # Cà phê, Ca cao
    assert links[18] is None  # Thịt, trứng, sữa tươi: 26/2026 adds thủy sản
    assert links[21] is None


def test_product_sets_of_annex_i(catalogue):
    sets = {ps.number: ps for ps in catalogue.product_sets}

    assert len(sets) == 26
    assert (sets[1].name, sets[1].group, sets[1].sector) == ("Rau, củ, quả, hạt tươi", "Thực phẩm tươi sống", "Sản phẩm thực phẩm")
    assert (sets[13].name, sets[13].group) == ("Cà phê, ca cao", "Cà phê, ca cao")
    assert sets[26].group == "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch"


def test_dossier_knockouts_are_read_per_sheet(catalogue):
    regulation = catalogue.regulation("26/2026")

    with_text = [s.set_number for s in regulation.sheets if s.dossier_knockout]

    assert with_text == list(range(1, 26))
    assert regulation.sheet(7).dossier_knockout.startswith("Hồ sơ bị loại khi: Giả mạo hồ sơ hoặc không tuân thủ")
    assert regulation.sheet(26).dossier_knockout == ""
    assert all(s.dossier_knockout == "" for s in catalogue.regulation("1048/2019").sheets)


def test_a_dossier_knockout_for_an_unknown_set_stops_the_read(data_copy):
    path = data_copy / "dossier-knockouts-26-2026.csv"
    path.write_text(path.read_text(encoding="utf-8") + "27,Hồ sơ bị loại khi: thử\n", encoding="utf-8")

    with pytest.raises(CatalogueError, match="không có phiếu của bộ 27"):
        catalogue_read(data_copy)

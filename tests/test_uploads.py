"""What the portal accepts as an uploaded file (`ocop_portal.core.uploads.check_upload`): PDF,
JPEG and PNG, checked by their content; everything else refused with a message that names the file
and says what to do."""

import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter
from pypdf.actions import JavaScript
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from ocop_portal.core.uploads import DEFAULT_UPLOAD_MAX_BYTES, check_upload, format_size, safe_file_name

pytestmark = pytest.mark.unit


def pdf_bytes(change=None):
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    if change:
        change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image_bytes(fmt, size=(40, 30)):
    out = io.BytesIO()
    Image.new("RGB", size, "green").save(out, fmt)
    return out.getvalue()


def refusal(name, data, **kwargs):
    with pytest.raises(ValidationError) as caught:
        check_upload(SimpleUploadedFile(name, data), **kwargs)
    return caught.value.code, " ".join(caught.value.messages)


def open_action(action):
    def change(writer):
        writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
            {NameObject(k): (NameObject(v) if v.startswith("/") else TextStringObject(v)) for k, v in action.items()})
    return change


# --- Accepted -----------------------------------------------------------------------------------


def test_a_small_pdf_is_accepted_with_its_type_hash_size_and_name():
    data = pdf_bytes()
    upload = SimpleUploadedFile("Giấy chứng nhận ATTP.pdf", data)

    checked = check_upload(upload)

    assert checked == (checked.__class__(content_type="application/pdf", extension=".pdf", sha256=hashlib.sha256(data).hexdigest(),
                                         size=len(data), safe_name="Giấy chứng nhận ATTP.pdf"))
    assert upload.read() == data  # left rewound for the storage


@pytest.mark.parametrize(("name", "fmt", "content_type"), [
    ("anh-san-pham.jpg", "JPEG", "image/jpeg"), ("ANH.JPEG", "JPEG", "image/jpeg"), ("nhan-mac.png", "PNG", "image/png")])
def test_jpeg_and_png_photos_are_accepted(name, fmt, content_type):
    checked = check_upload(SimpleUploadedFile(name, image_bytes(fmt)))

    assert (checked.content_type, checked.extension) == (content_type, name[name.rindex("."):].lower())


def test_a_pdf_that_opens_on_its_first_page_is_accepted():
    # /OpenAction /GoTo (open at page 1) is an everyday action, not a script
    def goto(writer):
        writer._root_object[NameObject("/OpenAction")] = DictionaryObject({NameObject("/S"): NameObject("/GoTo")})

    assert check_upload(SimpleUploadedFile("a.pdf", pdf_bytes(goto))).content_type == "application/pdf"


# --- Refused: dangerous or disguised content ----------------------------------------------------


def test_a_pdf_with_document_javascript_is_refused():
    code, message = refusal("bao-cao.pdf", pdf_bytes(lambda w: w.add_open_action(JavaScript("app.alert('x');"))))

    assert code == "pdf_javascript"
    assert message.startswith("Tệp PDF “bao-cao.pdf” chứa mã JavaScript")


def test_a_pdf_whose_open_action_runs_javascript_is_refused():
    code, message = refusal("x.pdf", pdf_bytes(open_action({"/S": "/JavaScript", "/JS": "app.launchURL('http://x')"})))

    assert (code, "JavaScript" in message) == ("pdf_javascript", True)


def test_a_pdf_whose_page_runs_a_script_when_opened_is_refused():
    def page_aa(writer):
        writer.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): DictionaryObject(
            {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("this.print()")})})

    assert refusal("x.pdf", pdf_bytes(page_aa))[0] == "pdf_javascript"


def test_a_pdf_with_a_launch_action_is_refused():
    code, message = refusal("x.pdf", pdf_bytes(open_action({"/S": "/Launch", "/F": "cmd.exe"})))

    assert (code, "Launch" in message) == ("pdf_launch", True)


def test_a_pdf_carrying_an_embedded_file_is_refused():
    code, message = refusal("x.pdf", pdf_bytes(lambda w: w.add_attachment("virus.exe", b"MZ...")))

    assert (code, "đính kèm" in message) == ("pdf_embedded_files", True)


def test_a_password_protected_pdf_is_refused_with_how_to_remove_the_password():
    code, message = refusal("mat-khau.pdf", pdf_bytes(lambda w: w.encrypt("bi-mat")))

    assert code == "pdf_encrypted"
    assert "gỡ mật khẩu" in message


def test_a_damaged_pdf_is_refused():
    data = pdf_bytes()

    code, message = refusal("hong.pdf", data[:20] + b"\x00" * 50)

    assert code == "pdf_unreadable"
    assert message.startswith("Không đọc được tệp PDF “hong.pdf”")


@pytest.mark.parametrize(("head", "kind"), [
    (b"MZ\x90\x00\x03\x00\x00\x00", "Windows"), (b"\x7fELF\x02\x01\x01", "Linux"), (b"#!/bin/sh\nrm -rf /\n", "tập lệnh")])
def test_a_renamed_program_gets_its_own_message(head, kind):
    code, message = refusal("giay-phep.pdf", head + b"\x00" * 200)

    assert code == "executable"
    assert message.startswith("Tệp “giay-phep.pdf” thực chất là") and kind in message and "đuôi .pdf" in message


@pytest.mark.parametrize("name", ["bao-cao.docx", "bao-cao.pdf", "so-lieu.xls"])
def test_office_documents_and_archives_are_refused_with_the_way_to_pdf(name):
    head = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" if name.endswith(".xls") else b"PK\x03\x04\x14\x00\x06\x00"

    code, message = refusal(name, head + b"\x00" * 200)

    assert code == "office_document"
    assert "PDF" in message and "macro" in message


def test_a_png_named_pdf_is_refused_with_the_right_extension_to_use():
    code, message = refusal("giay-to.pdf", image_bytes("PNG"))

    assert code == "extension_mismatch"
    assert message == ("Tệp “giay-to.pdf” có nội dung là PNG nhưng tên tệp lại có đuôi “.pdf”. Hãy đổi tên tệp cho đúng "
                       "đuôi “.png” rồi tải lên lại.")


def test_a_pdf_named_jpg_is_refused():
    assert refusal("anh.jpg", pdf_bytes())[0] == "extension_mismatch"


def test_anything_else_is_refused_as_not_pdf_jpeg_or_png():
    code, message = refusal("trang.html", b"<html><script>alert(1)</script></html>")

    assert code == "unsupported_type"
    assert "PDF, JPG và PNG" in message


# --- Refused: size ------------------------------------------------------------------------------


def test_exactly_the_size_limit_is_accepted_and_one_byte_more_is_refused():
    data = pdf_bytes()

    at_limit = check_upload(SimpleUploadedFile("a.pdf", data), max_bytes=len(data))
    code, message = refusal("a.pdf", data + b"\n", max_bytes=len(data))

    assert at_limit.size == len(data)
    assert code == "too_large"
    assert message.startswith("Tệp “a.pdf” nặng")


def test_the_default_limit_is_10_mb_and_the_message_states_it_in_mb(settings):
    settings.UPLOAD_MAX_BYTES = DEFAULT_UPLOAD_MAX_BYTES
    big = SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n" + b"0" * DEFAULT_UPLOAD_MAX_BYTES)

    with pytest.raises(ValidationError) as caught:
        check_upload(big)

    assert caught.value.code == "too_large"
    assert "vượt giới hạn 10 MB cho mỗi tệp" in caught.value.messages[0]


def test_the_limit_follows_the_setting(settings):
    settings.UPLOAD_MAX_BYTES = 100

    assert refusal("a.pdf", pdf_bytes())[0] == "too_large"


def test_an_empty_file_is_refused():
    code, message = refusal("trong.pdf", b"")

    assert (code, message) == ("empty", "Tệp “trong.pdf” trống (0 byte): hãy chọn lại đúng tệp.")


# --- Refused: images ----------------------------------------------------------------------------


def test_a_corrupt_png_is_refused():
    data = image_bytes("PNG")

    code, message = refusal("anh.png", data[:40] + b"rac" * 20)

    assert (code, message.startswith("Không đọc được ảnh “anh.png”")) == ("image_unreadable", True)


def test_a_truncated_jpeg_is_refused():
    data = image_bytes("JPEG", size=(400, 300))

    assert refusal("anh.jpg", data[: len(data) // 2])[0] == "image_unreadable"


def test_an_image_over_the_pixel_limit_is_refused_before_it_is_decoded():
    code, message = refusal("anh.png", image_bytes("PNG", size=(200, 100)), max_pixels=19_999)

    assert code == "image_too_many_pixels"
    assert "(200 × 100)" in message


def test_a_real_decompression_bomb_is_refused():
    out = io.BytesIO()
    Image.new("1", (12_000, 6_000)).save(out, "PNG")  # 72 megapixels in a few kilobytes

    code, _message = refusal("bom.png", out.getvalue())

    assert (len(out.getvalue()) < 100_000, code) == (True, "image_too_many_pixels")


# --- Names and sizes as users read them ---------------------------------------------------------


@pytest.mark.parametrize(("given", "kept"), [
    ("../../etc/passwd.pdf", "passwd.pdf"),
    ("C:\\Users\\Lan\\Giấy phép.pdf", "Giấy phép.pdf"),
    ("bao\x00cao\n.pdf", "baocao.pdf"),
    ('a<b>:"c|?*.png', "a_b___c___.png"),
    (".pdf", "tep.pdf"),
    ("  .  ", "tep"),
])
def test_the_kept_name_has_no_path_and_no_control_or_reserved_characters(given, kept):
    assert safe_file_name(given) == kept


def test_sizes_read_in_mb_kb_and_bytes():
    assert [format_size(n) for n in (10 * 1024 * 1024, 2_621_440, 819_200, 120)] == ["10 MB", "2,5 MB", "800 KB", "120 byte"]


def test_a_truncated_jpeg_is_refused_even_once_weasyprint_has_relaxed_pillow():
    import weasyprint  # noqa: F401 (sets Pillow's process-wide LOAD_TRUNCATED_IMAGES on import)
    from PIL import ImageFile

    data = image_bytes("JPEG", size=(400, 300))

    assert ImageFile.LOAD_TRUNCATED_IMAGES is True
    assert refusal("anh.jpg", data[: len(data) // 2])[0] == "image_unreadable"
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # left as WeasyPrint wants it

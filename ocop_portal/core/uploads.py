"""What the portal accepts as an uploaded file, checked by its content, never by its name.

Accepted: PDF, JPEG and PNG. Producers are household businesses as often as companies: what
they hold is paper (scanned or photographed with a phone) or a document their office software
exports to PDF. Office documents (Word, Excel, PowerPoint: ZIP or OLE containers) are not
accepted: they can carry macros that run when a council member opens them, they render
differently on every machine (the council must see what the producer saw), and every office
package can save or print to PDF. An archive (ZIP, RAR, 7z) hides what it holds, so it is refused
for the same reason.

`check_upload` reads the file once (SHA-256, size, a raw look for active PDF content), sniffs
its type from its first bytes (magic numbers), makes sure the name's extension agrees with the
content, then parses it: a PDF with pypdf (refused when it carries JavaScript, a Launch action,
embedded files or a password, or cannot be read), an image with Pillow (refused when corrupt or
larger than `MAX_IMAGE_PIXELS`, the guard against decompression bombs). Every refusal is a
`ValidationError` whose message, in Vietnamese, names the file and says what to do instead.

No models here: the services of the apps call this before they store anything.
"""

import hashlib
import os
import threading
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

DEFAULT_UPLOAD_MAX_BYTES = 10 * 1024 * 1024  # 10 MB a file; settings.UPLOAD_MAX_BYTES overrides it
MAX_IMAGE_PIXELS = 50_000_000  # a 48-megapixel phone photo passes; a decompression bomb does not
MAX_PDF_OBJECTS = 2_000_000  # items walked in a PDF's object graph before we give up
CHUNK = 64 * 1024

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
EXTENSIONS = {PDF: (".pdf",), JPEG: (".jpg", ".jpeg"), PNG: (".png",)}
ACCEPT = ".pdf,.jpg,.jpeg,.png"  # for <input type="file" accept=…>: a hint to the browser, not a check
LABELS = {PDF: "PDF", JPEG: "JPEG", PNG: "PNG"}

# First bytes of what a renamed program looks like, with the words we show for it.
EXECUTABLES = [
    (b"MZ", gettext_lazy("một chương trình Windows (.exe, .dll)")),
    (b"\x7fELF", gettext_lazy("một chương trình Linux (ELF)")),
    (b"#!", gettext_lazy("một tập lệnh máy tính (script)")),
    (b"\xfe\xed\xfa\xce", gettext_lazy("một chương trình macOS")),
    (b"\xfe\xed\xfa\xcf", gettext_lazy("một chương trình macOS")),
    (b"\xce\xfa\xed\xfe", gettext_lazy("một chương trình macOS")),
    (b"\xcf\xfa\xed\xfe", gettext_lazy("một chương trình macOS")),
    (b"\xca\xfe\xba\xbe", gettext_lazy("một chương trình Java hoặc macOS")),
]
CONTAINERS = [  # Office documents and archives
    b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08",  # ZIP: .docx, .xlsx, .pptx, .odt, .zip
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",  # OLE2: .doc, .xls, .ppt
    b"Rar!\x1a\x07", b"7z\xbc\xaf\x27\x1c",
]
# Long names of active PDF content, looked for in the raw bytes too: they also catch objects a
# viewer would find by repairing a damaged file though no cross-reference table lists them. (Short
# names such as /JS are only looked for by parsing: three bytes turn up by chance in compressed data.)
RAW_PDF_MARKERS = {b"/JavaScript": "javascript", b"/Launch": "launch", b"/EmbeddedFile": "embedded"}


@dataclass(frozen=True)
class CheckedUpload:
    content_type: str  # from the content: application/pdf, image/jpeg or image/png
    extension: str  # the name's extension, lower case, agreeing with the content (".jpeg" stays ".jpeg")
    sha256: str
    size: int
    safe_name: str  # the user's file name, without any path, control or reserved characters


def upload_max_bytes():
    return getattr(settings, "UPLOAD_MAX_BYTES", DEFAULT_UPLOAD_MAX_BYTES)


def format_size(n):
    """"10 MB", "2,5 MB", "800 KB", "120 byte": the way our messages state sizes."""
    for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
        if n >= factor:
            text = f"{n / factor:.1f}".rstrip("0").rstrip(".")
            return f"{text.replace('.', ',')} {unit}"
    return f"{n} byte"


def safe_file_name(name):
    """The last part of `name` in NFC, without control characters or characters file systems
    reserve, spaces collapsed, at most 150 characters (its extension kept)."""
    name = unicodedata.normalize("NFC", str(name or "")).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join("_" if ch in '<>:"|?*' else ch for ch in name if not unicodedata.category(ch).startswith("C"))
    name = " ".join(name.split())
    stem, ext = os.path.splitext(name)
    if not ext and stem.startswith("."):  # ".pdf": a name that is all extension
        stem, ext = "", stem
    if not 1 < len(ext) <= 10 or " " in ext:
        stem, ext = stem + ext, ""
    stem = stem.strip(" .")[: 150 - len(ext)].rstrip(" .") or "tep"
    return stem + ext


def check_upload(uploaded_file, *, max_bytes=None, max_pixels=None):
    """Check `uploaded_file` (a Django UploadedFile or File) and describe it; raise ValidationError
    with a message for the user when it is refused. Leaves the file rewound at its start."""
    max_bytes = upload_max_bytes() if max_bytes is None else max_bytes
    max_pixels = MAX_IMAGE_PIXELS if max_pixels is None else max_pixels
    name = safe_file_name(getattr(uploaded_file, "name", ""))
    declared = getattr(uploaded_file, "size", None)
    if declared is not None and declared > max_bytes:
        raise _too_large(name, declared, max_bytes)

    size, digest, head, markers = _read(uploaded_file, max_bytes, name)
    if size == 0:
        raise ValidationError(_("Tệp “%(name)s” trống (0 byte): hãy chọn lại đúng tệp.") % {"name": name}, code="empty")

    content_type = _sniff(head, name)
    extension = _check_extension(name, content_type)
    try:
        uploaded_file.seek(0)
        if content_type == PDF:
            _check_pdf(uploaded_file, name, markers)
        else:
            _check_image(uploaded_file, name, content_type, max_pixels)
    finally:
        uploaded_file.seek(0)
    return CheckedUpload(content_type=content_type, extension=extension, sha256=digest, size=size, safe_name=name)


def _too_large(name, size, max_bytes):
    return ValidationError(
        _("Tệp “%(name)s” nặng %(size)s, vượt giới hạn %(limit)s cho mỗi tệp. Hãy giảm dung lượng (quét ở độ phân giải "
          "thấp hơn, nén ảnh, hoặc chia thành nhiều tệp) rồi tải lên lại.")
        % {"name": name, "size": format_size(size), "limit": format_size(max_bytes)},
        code="too_large",
    )


def _read(uploaded_file, max_bytes, name):
    """One pass over the content: size, SHA-256, the first 1 KB, and the raw PDF markers seen."""
    uploaded_file.seek(0)
    digest, size, head, markers, tail = hashlib.sha256(), 0, b"", set(), b""
    longest = max(len(m) for m in RAW_PDF_MARKERS)
    for chunk in uploaded_file.chunks(CHUNK) if hasattr(uploaded_file, "chunks") else iter(lambda: uploaded_file.read(CHUNK), b""):
        size += len(chunk)
        if size > max_bytes:
            raise _too_large(name, size, max_bytes)
        digest.update(chunk)
        if len(head) < 1024:
            head = (head + chunk)[:1024]
        window = tail + chunk
        markers.update(kind for marker, kind in RAW_PDF_MARKERS.items() if marker in window)
        tail = window[-(longest - 1):]
    uploaded_file.seek(0)
    return size, digest.hexdigest(), head, markers


def _sniff(head, name):
    """The content type from the first bytes; a program, an Office document or an archive, or
    anything else, is refused here with its own message."""
    ext = os.path.splitext(name)[1].lower() or _("(không có đuôi)")
    for magic, kind in EXECUTABLES:
        if head.startswith(magic):
            raise ValidationError(
                _("Tệp “%(name)s” thực chất là %(kind)s được đổi tên thành đuôi %(ext)s, không phải tài liệu hay ảnh: cổng "
                  "không nhận tệp chương trình.")
                % {"name": name, "kind": kind, "ext": ext},
                code="executable",
            )
    if any(head.startswith(magic) for magic in CONTAINERS):
        raise ValidationError(
            _("Tệp “%(name)s” là văn bản Office (Word, Excel, PowerPoint) hoặc tệp nén (ZIP, RAR): cổng không nhận loại tệp "
              "này vì có thể chứa macro tự chạy. Hãy lưu hoặc in văn bản ra PDF (Lưu thành… / Xuất ra PDF), hoặc tải lên "
              "từng tài liệu dưới dạng PDF, JPG, PNG.") % {"name": name},
            code="office_document",
        )
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if b"%PDF-" in head:  # the header may follow a little junk (the PDF standard allows 1 KB)
        return PDF
    raise ValidationError(
        _("Tệp “%(name)s” không phải tệp PDF hay ảnh JPG, PNG. Cổng chỉ nhận PDF, JPG và PNG: với văn bản, hãy xuất ra "
          "PDF; với giấy tờ, hãy quét (scan) hoặc chụp ảnh.") % {"name": name},
        code="unsupported_type",
    )


def _check_extension(name, content_type):
    ext = os.path.splitext(name)[1].lower()
    if ext in EXTENSIONS[content_type]:
        return ext
    raise ValidationError(
        _("Tệp “%(name)s” có nội dung là %(kind)s nhưng tên tệp lại có đuôi “%(ext)s”. Hãy đổi tên tệp cho đúng đuôi "
          "“%(expected)s” rồi tải lên lại.")
        % {"name": name, "kind": LABELS[content_type], "ext": ext or _("(không có đuôi)"),
           "expected": EXTENSIONS[content_type][0]},
        code="extension_mismatch",
    )


# --- PDF ----------------------------------------------------------------------------------------


def _pdf_refusal(kind, name):
    messages = {
        "javascript": (_("Tệp PDF “%(name)s” chứa mã JavaScript (mã tự chạy khi mở tệp): cổng không nhận để bảo vệ người "
                         "xem hồ sơ. Hãy in tệp ra PDF mới (In → Lưu thành PDF) hoặc quét bản giấy rồi tải lên."), "pdf_javascript"),
        "launch": (_("Tệp PDF “%(name)s” chứa lệnh mở chương trình khác (Launch): cổng không nhận. Hãy in tệp ra PDF mới "
                     "(In → Lưu thành PDF) rồi tải lên."), "pdf_launch"),
        "embedded": (_("Tệp PDF “%(name)s” có tệp khác đính kèm bên trong: cổng không nhận. Hãy tải lên từng tài liệu "
                       "riêng, dưới dạng PDF, JPG hoặc PNG."), "pdf_embedded_files"),
        "encrypted": (_("Tệp PDF “%(name)s” được đặt mật khẩu nên hội đồng không mở được. Hãy gỡ mật khẩu (mở tệp rồi lưu "
                        "hoặc in ra PDF mới không đặt mật khẩu) rồi tải lên lại."), "pdf_encrypted"),
        "unreadable": (_("Không đọc được tệp PDF “%(name)s”: tệp bị hỏng hoặc không đúng định dạng PDF. Hãy xuất lại tệp "
                         "PDF (hoặc quét lại) rồi tải lên."), "pdf_unreadable"),
    }
    message, code = messages[kind]
    return ValidationError(message % {"name": name}, code=code)


def _check_pdf(stream, name, raw_markers):
    from pypdf import PdfReader

    try:
        reader = PdfReader(stream, strict=False)
        encrypted = reader.is_encrypted
    except Exception as exc:  # pypdf raises many kinds on a damaged file
        raise _pdf_refusal("unreadable", name) from exc
    if encrypted:
        raise _pdf_refusal("encrypted", name)
    try:
        found = _active_content(reader)
        pages = len(reader.pages)
    except ValidationError:
        raise
    except Exception as exc:
        raise _pdf_refusal("unreadable", name) from exc
    for kind in ("javascript", "launch", "embedded"):  # the most telling first
        if kind in found or kind in raw_markers:
            raise _pdf_refusal(kind, name)
    if pages < 1:
        raise _pdf_refusal("unreadable", name)


def _active_content(reader):
    """Walk every object of the PDF (from the trailer and from the cross-reference table, so an
    object nothing points to is seen too) and say which kinds of active content it holds:
    "javascript" (a /JS entry, a /JavaScript action or name tree, an XFA form), "launch" (a
    /Launch action), "embedded" (embedded files or file attachments). /OpenAction and /AA
    (additional actions) are reached like any other dictionary, so a script they hold is found."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    found = set()
    seen = set()
    stack = [reader.trailer]
    for generation, ids in reader.xref.items():
        stack.extend(IndirectObject(idnum, generation, reader) for idnum in ids)
    stack.extend(IndirectObject(idnum, 0, reader) for idnum in reader.xref_objStm)
    budget = MAX_PDF_OBJECTS
    while stack:
        budget -= 1
        if budget < 0:
            raise ValueError("too many objects")
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            found |= _kinds_of(obj)
            stack.extend(obj.values())
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)
    return found


def _kinds_of(d):
    def value(key):
        v = d.get(key)
        return v.get_object() if hasattr(v, "get_object") else v

    kinds = set()
    action = value("/S")
    if "/JS" in d or "/JavaScript" in d or "/XFA" in d or action == "/JavaScript":
        kinds.add("javascript")
    if action == "/Launch":
        kinds.add("launch")
    if "/EmbeddedFiles" in d or "/EF" in d or value("/Type") == "/EmbeddedFile" or value("/Subtype") == "/FileAttachment":
        kinds.add("embedded")
    return kinds


# --- Images -------------------------------------------------------------------------------------


_TRUNCATED_LOCK = threading.Lock()


def _check_image(stream, name, content_type, max_pixels):
    from PIL import Image

    unreadable = ValidationError(
        _("Không đọc được ảnh “%(name)s”: tệp ảnh bị hỏng hoặc không trọn vẹn. Hãy chụp hoặc xuất lại ảnh rồi tải lên.")
        % {"name": name}, code="image_unreadable")
    try:
        with Image.open(stream) as image:
            width, height, format_ = image.width, image.height, image.format
            if width * height > max_pixels:
                raise _too_many_pixels(name, width, height, max_pixels)
            image.verify()  # PNG: every chunk's checksum; JPEG: its structure
        if format_ != LABELS[content_type]:
            raise unreadable
        if content_type == JPEG:
            # verify() barely looks at a JPEG: decode it at 1/8 scale (cheap) to find a truncated or corrupt one.
            # WeasyPrint sets Pillow's process-wide LOAD_TRUNCATED_IMAGES on import; refuse truncation here anyway.
            stream.seek(0)
            with _TRUNCATED_LOCK, Image.open(stream) as image:
                from PIL import ImageFile

                previous, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
                try:
                    image.draft(image.mode, (max(1, width // 8), max(1, height // 8)))
                    image.load()
                finally:
                    ImageFile.LOAD_TRUNCATED_IMAGES = previous
    except ValidationError:
        raise
    except Image.DecompressionBombError as exc:
        raise _too_many_pixels(name, 0, 0, max_pixels) from exc
    except Exception as exc:  # UnidentifiedImageError, OSError (truncated), SyntaxError (Pillow's), …
        raise unreadable from exc


def _too_many_pixels(name, width, height, max_pixels):
    size = f" ({width} × {height})" if width and height else ""
    return ValidationError(
        _("Ảnh “%(name)s” quá lớn%(size)s: tối đa %(limit)s triệu điểm ảnh. Hãy thu nhỏ ảnh rồi tải lên lại.")
        % {"name": name, "size": size, "limit": f"{max_pixels / 1_000_000:g}".replace(".", ",")},
        code="image_too_many_pixels",
    )

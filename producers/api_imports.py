"""POST /api/v1/imports/producers/ and /api/v1/imports/products/ (multipart: `file`, a CSV or XLSX
file, and `dry_run`, true unless said otherwise): bulk registration of producers (confirmed at once
by the importing office) and of their products, for local offices and the province's staff.

A dry run checks every row through the real services and keeps nothing: 200 with the report, its
`valid` telling whether the file would import. A real import keeps every row or none: 201 with the
report when every row passed, else 400 in the API's error shape with the report in
`error.details`. A file refused as a whole (size, format, columns) is 400 before any row is read.
Documented in docs/api-imports.md."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, PolymorphicProxySerializer, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import APIException
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response

from ocop_portal.core.api import ApiView, HasTerritoryRole

from . import imports


class MayImport(BasePermission):
    message = gettext_lazy("Chỉ cán bộ địa phương và cán bộ cấp tỉnh được nhập dữ liệu từ tệp.")

    def has_permission(self, request, view):
        return imports.can_import(request.user)


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(allow_empty_file=True, help_text=gettext_lazy("Tệp CSV (UTF-8, phân cách bằng dấu phẩy hoặc chấm phẩy) hoặc "
                                                        "Excel .xlsx (trang tính đầu tiên), tối đa 2 MB và 5.000 dòng"))
    dry_run = serializers.BooleanField(default=True, help_text=gettext_lazy(
        "true (mặc định): chỉ kiểm tra, không lưu gì; false: nhập thật, chỉ khi mọi dòng đều hợp lệ"))


class ImportErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text=gettext_lazy("Số dòng trong tệp (dòng tiêu đề là dòng 1)"))
    field = serializers.CharField(allow_null=True, help_text=gettext_lazy("Tên cột (null: lỗi của cả dòng)"))
    message = serializers.CharField()


class ImportReportSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField()
    valid = serializers.BooleanField(help_text=gettext_lazy("Mọi dòng đều hợp lệ"))
    rows = serializers.IntegerField(help_text=gettext_lazy("Số dòng dữ liệu của tệp"))
    created = serializers.IntegerField(help_text=gettext_lazy("Số bản ghi đã tạo (0 khi chỉ kiểm tra hoặc có lỗi)"))
    errors = ImportErrorSerializer(many=True)


ImportRejectedSerializer = inline_serializer("ImportRejected", {"error": inline_serializer("ImportRejectedError", {
    "code": serializers.CharField(), "message": serializers.CharField(), "details": ImportReportSerializer()})})
ErrorSerializer = inline_serializer("ImportApiError", {"error": inline_serializer("ImportApiErrorBody", {
    "code": serializers.CharField(), "message": serializers.CharField(), "details": serializers.JSONField()})})
# A 400 is either rows in error (the report as details) or a file refused as a whole ({"detail": …}).
BadRequestSerializer = PolymorphicProxySerializer("ImportBadRequest", [ImportRejectedSerializer, ErrorSerializer],
                                                  resource_type_field_name=None)


class ImportRejected(APIException):
    """A real import with rows in error: the API's 400, the report as its details. The report goes
    through as it is (DRF would turn its numbers and booleans into strings)."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "import_rows_invalid"

    def __init__(self, report):
        self.detail = report

    def __str__(self):  # the error's message in the house shape
        return _("Tệp có %(count)d lỗi: chưa nhập dòng nào. Hãy sửa các dòng được liệt kê rồi gửi lại cả tệp.") % {
            "count": len(self.detail["errors"])}


class ImportFileRefused(APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "import_file_invalid"


class _ImportView(ApiView):
    permission_classes = [IsAuthenticated, HasTerritoryRole, MayImport]
    columns = None  # imports.PRODUCER_COLUMNS or PRODUCT_COLUMNS
    run = None  # the import service, as a staticmethod

    def post(self, request):
        query = ImportUploadSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        upload, dry_run = query.validated_data["file"], query.validated_data["dry_run"]
        try:
            rows = imports.read_table(upload, self.columns)
        except imports.ImportFileError as exc:
            raise ImportFileRefused(" ".join(exc.messages), code=exc.code) from exc
        report = self.run(rows=rows, actor=request.user, dry_run=dry_run, source=upload.name)
        if dry_run:
            return Response(report, status=status.HTTP_200_OK)
        if not report["valid"]:
            raise ImportRejected(report)
        return Response(report, status=status.HTTP_201_CREATED)


def _schema(summary, description):
    return extend_schema(
        summary=summary, description=description,
        request={"multipart/form-data": ImportUploadSerializer},
        responses={
            200: OpenApiResponse(ImportReportSerializer, description=gettext_lazy("Kết quả kiểm tra (dry_run=true)")),
            201: OpenApiResponse(ImportReportSerializer, description=gettext_lazy("Đã nhập mọi dòng")),
            400: OpenApiResponse(BadRequestSerializer, description=gettext_lazy(
                "Có dòng lỗi (error.code import_rows_invalid, error.details là kết quả kiểm tra); hoặc tệp bị từ chối "
                "(import_file_invalid, file_too_large, too_many_rows, unknown_format, extension_mismatch, "
                "missing_columns, unknown_columns, …) với error.details.detail")),
            401: OpenApiResponse(ErrorSerializer, description=gettext_lazy("Chưa xác thực")),
            403: OpenApiResponse(ErrorSerializer, description=gettext_lazy("Không phải cán bộ địa phương hoặc cấp tỉnh")),
        },
    )


class ProducersImportView(_ImportView):
    columns = imports.PRODUCER_COLUMNS
    run = staticmethod(imports.producers_import)

    @_schema("Nhập chủ thể từ tệp CSV/XLSX", "Cột bắt buộc: kind, name, registration_number, unit_code, address, "
             "representative_name, representative_gender; tùy chọn: phone, email, representative_ethnicity, "
             "representative_title, representative_address, founded_on. Chủ thể được nhập được cán bộ nhập xác nhận ngay.")
    def post(self, request):
        return super().post(request)


class ProductsImportView(_ImportView):
    columns = imports.PRODUCT_COLUMNS
    run = staticmethod(imports.products_import)

    @_schema("Nhập sản phẩm từ tệp CSV/XLSX", "Cột bắt buộc: producer_registration_number, name, product_set (1–26); "
             "tùy chọn: description. Chủ thể phải đã có trên cổng và thuộc địa bàn của người nhập.")
    def post(self, request):
        return super().post(request)

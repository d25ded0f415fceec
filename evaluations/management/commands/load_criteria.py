"""`python manage.py load_criteria [--check] [--data-dir DIR]`: load the scoring-sheet catalogue."""

import time

from django.core.management.base import BaseCommand, CommandError

from evaluations.catalogue import CatalogueError
from evaluations.catalogue_services import CatalogueInvalid, catalogue_check, catalogue_load


class Command(BaseCommand):
    help = "Nạp bộ sản phẩm, phiên bản quy định và phiếu đánh giá từ evaluations/criteria (chạy lại không đổi gì)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Chỉ kiểm tra dữ liệu, không ghi vào cơ sở dữ liệu.")
        parser.add_argument("--data-dir", help="Thư mục dữ liệu thay cho evaluations/criteria (dùng khi thử).")

    def handle(self, *args, check=False, data_dir=None, **options):
        started = time.monotonic()
        try:
            if check:
                _, summary = catalogue_check(data_dir=data_dir)
                for line in summary.lines():
                    self.stdout.write(line)
                if summary.problems:
                    raise CommandError(f"{len(summary.problems)} lỗi ở phiếu dùng được; xem danh sách trên.")
                self.stdout.write(self.style.SUCCESS("Dữ liệu hợp lệ (không ghi gì)."))
                return
            summary = catalogue_load(stdout=self.stdout, data_dir=data_dir)
        except CatalogueInvalid as exc:
            for problem in exc.problems:
                self.stderr.write(f"Lỗi: {problem}")
            raise CommandError(f"{len(exc.problems)} lỗi ở phiếu dùng được; không ghi gì.") from exc
        except CatalogueError as exc:
            raise CommandError(str(exc)) from exc
        changes = ", ".join(
            f"{name}: +{summary.created[name]} ~{summary.updated[name]} -{summary.deleted[name]}"
            for name in summary.created
            if summary.created[name] or summary.updated[name] or summary.deleted[name]
        )
        self.stdout.write(self.style.SUCCESS(
            f"Đã nạp trong {time.monotonic() - started:.1f} giây. "
            + (f"Thay đổi: {changes}." if changes else "Không có thay đổi.")
        ))

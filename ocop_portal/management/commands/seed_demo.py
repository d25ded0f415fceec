from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Build the Bắc Ninh 2020 demo round end to end (idempotent) and print one login per role."

    def handle(self, *args, **options):
        from ocop_portal import demo, demo_data  # top-level composition; imported late on purpose

        try:
            users, created = demo.seed_demo()
        except demo.DemoError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS("Đã tạo dữ liệu demo Bắc Ninh 2020." if created else
                                             "Dữ liệu demo Bắc Ninh 2020 đã có sẵn; không thay đổi gì."))
        self.stdout.write(f"Tài khoản demo (mật khẩu chung: {demo_data.PASSWORD}):")
        for username, user in users.items():
            self.stdout.write(f"  {username:<18} {user.get_role_display() or '-':<22} {user.full_name}")

from django.core.management.base import BaseCommand, CommandError


def user_roles(user):
    """What `user` may do, read from where it is held: territory role assignments, producer
    memberships, council seats (plus the superuser flag)."""
    roles = ["Quản trị hệ thống"] if user.is_superuser else []
    for assignment in user.role_assignments.select_related("unit").order_by("role", "unit__code"):
        unit = assignment.unit
        roles.append(f"{assignment.get_role_display()} – {unit.name} ({unit.code})")
    for membership in user.producer_memberships.select_related("producer"):
        roles.append(f"{'Chủ sở hữu' if membership.is_owner else 'Thành viên'} – {membership.producer.name}")
    for seat in user.council_seats.select_related("council").order_by("council__decision_date"):
        roles.append(f"{seat.get_role_display()} – Hội đồng {seat.council.decision_number}")
    return roles


class Command(BaseCommand):
    help = ("Build the Bắc Ninh demo (the 2020 round end to end, the current 2026 round) idempotently and print "
            "every demo login with its roles.")

    def add_arguments(self, parser):
        parser.add_argument("--until-decision", action="store_true",
                            help="Stop the 2020 rewards at the recognition decision: its entitlements exist, nothing is "
                                 "proposed, approved or paid (to walk the reward path by hand). Only on a fresh database.")

    def handle(self, *args, **options):
        from ocop_portal import demo, demo_data  # top-level composition; imported late on purpose

        try:
            users, created = demo.seed_demo(until_decision=options["until_decision"])
        except demo.DemoError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS("Đã tạo dữ liệu demo Bắc Ninh (đợt 2020 và đợt 2026)." if created else
                                             "Dữ liệu demo Bắc Ninh đã có sẵn; không thay đổi gì."))
        self.stdout.write(demo.rewards_summary())
        self.stdout.write(f"Tài khoản demo (mật khẩu chung: {demo_data.PASSWORD}):")
        for username, user in users.items():
            self.stdout.write(f"  {username:<20} {user.full_name}: {'; '.join(user_roles(user)) or '-'}")

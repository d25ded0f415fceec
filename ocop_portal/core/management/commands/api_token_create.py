"""`python manage.py api_token_create <username> [--name …] [--days 365] [--unit <code>]`: give an
office user an API token (what provincial staff do at /api-tokens/) and print its key, once."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ocop_portal.core.models import AdministrativeUnit, User
from ocop_portal.core.services import TOKEN_DAYS_DEFAULT, api_token_create


class Command(BaseCommand):
    help = "Give a user an API token (expiring, revocable) and print its key once."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="manage.py")
        parser.add_argument("--days", type=int, default=TOKEN_DAYS_DEFAULT)
        parser.add_argument("--unit", help="limit the token to this unit's subtree (official code)")

    def handle(self, *args, username, name, days, unit=None, **options):
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist as exc:
            raise CommandError(f"no user {username!r}") from exc
        scope = None
        if unit:
            scope = AdministrativeUnit.objects.filter(code=unit).order_by("-valid_from").first()
            if scope is None:
                raise CommandError(f"no unit with code {unit!r}")
        try:
            token, key = api_token_create(user=user, name=name, days=days, unit=scope)
        except ValidationError as exc:
            raise CommandError("; ".join(m for ms in exc.message_dict.values() for m in ms)) from exc
        # The first line as DRF's `drf_create_token` printed it, so scripts reading it keep working.
        self.stdout.write(f"Generated token {key} for user {user.username}")
        self.stdout.write(f"valid until {timezone.localtime(token.expires_at):%d/%m/%Y %H:%M}"
                          + (f", limited to {token.unit}" if token.unit else ""))

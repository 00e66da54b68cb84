from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token

from parkbase.core.models import User
from parkbase.core.scoping import SYSTEM_WORK


class Command(BaseCommand):
    help = "Create (or show) the API token of a user; the token is the last line printed."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["create"])
        parser.add_argument("username")

    def handle(self, *args, action, username, **options):
        user = User.objects.unscoped(SYSTEM_WORK).filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r} (see `parkbase users list`).")
        token, created = Token.objects.get_or_create(user=user)
        self.stdout.write(f"{'Created' if created else 'Existing'} token for {username}:")
        self.stdout.write(token.key)

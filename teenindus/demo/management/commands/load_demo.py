from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from teenindus.demo.loader import load_demo


class Command(BaseCommand):
    help = (
        "Load the demo agency, staff logins (password 'demo') and customers. Idempotent; needs DEMO_MODE=1."
    )

    def handle(self, *args, **options):
        if not settings.DEMO_MODE:
            raise CommandError("Demo data is loaded only with DEMO_MODE=1 (never on a production site).")
        result = load_demo()
        self.stdout.write("Demo data in place: " + ", ".join(f"{k} {v}" for k, v in result.items()))

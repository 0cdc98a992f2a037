"""Run the local SMS gateway (surveys/sms_fake.py) for the demo: set SMS_GATEWAY_URL to the address
it prints and SMS_GATEWAY_TOKEN to its token."""

import time

from django.core.management.base import BaseCommand

from teenindus.surveys.sms_fake import SmsGateway


class Command(BaseCommand):
    help = "Run a local SMS gateway that speaks the SMS adapter's protocol (for the demo)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8025)
        parser.add_argument("--token", default="fake-sms-token")

    def handle(self, *args, port: int, token: str, **options):
        gateway = SmsGateway(token=token, port=port).start()
        self.stdout.write(f"SMS_GATEWAY_URL={gateway.base_url} SMS_GATEWAY_TOKEN={token}")
        seen = 0
        try:
            while True:
                time.sleep(1)
                for message in gateway.messages[seen:]:
                    self.stdout.write(f"{message['id']} to {message['to']}: {message['text']}")
                seen = len(gateway.messages)
        except KeyboardInterrupt:
            gateway.stop()

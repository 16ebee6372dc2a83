from django.core.management.base import BaseCommand

from demo.school import DEMO_ACCOUNTS, seed_demo


class Command(BaseCommand):
    help = "Load the demo school (idempotent: a second run changes nothing)."

    def handle(self, *args, **options) -> None:
        seed_demo(report=lambda line: self.stdout.write(f"  {line}"))
        self.stdout.write(self.style.SUCCESS("Demo school ready. Demo accounts:"))
        width = max(len(account.email) for account in DEMO_ACCOUNTS)
        for account in DEMO_ACCOUNTS:
            self.stdout.write(
                f"  {account.role:<10} {account.email:<{width}}  password: {account.password}"
            )

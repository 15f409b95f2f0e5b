"""`python manage.py demo_credentials`: who can log in to the demo, with what, to do what."""

from django.core.management.base import BaseCommand

from wardstats_dev import users


class Command(BaseCommand):
    help = "In tài khoản demo (print the demo accounts and passwords)."

    def handle(self, *args, **options):
        self.stdout.write("\n".join(users.credentials_lines()))

#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wardstats.settings")
    # A developer's machine has no secret key: run its commands in DEBUG, as `make` does.
    # Production sets DJANGO_SECRET_KEY, so DEBUG stays off unless asked for.
    if not os.environ.get("DJANGO_SECRET_KEY"):
        os.environ.setdefault("DJANGO_DEBUG", "true")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()

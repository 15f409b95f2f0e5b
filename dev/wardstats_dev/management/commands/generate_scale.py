"""`python manage.py generate_scale`: a national-size data set (34 provinces, 3,321 wards, about
116,000 cells, 580,000 rows of cell figures, 110,000 cadre records) for dashboards and
benchmarks. The logic, and what is real and what invented, are in dev/wardstats_dev/scale.py.

Idempotent: a second run with the same options reuses what exists; `--fresh` starts over.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from wardstats_dev import scale


class _ProgressStream:
    """The command's stderr as a plain stream: no added newline, no error colour."""

    def __init__(self, wrapper):
        self.wrapper = wrapper

    def write(self, text: str) -> None:
        self.wrapper.write(text, style_func=str, ending="")

    def flush(self) -> None:
        self.wrapper.flush()


class Command(BaseCommand):
    help = (
        "Generate national-size sample data (34 provinces, 3,321 wards by default) for "
        "dashboards and benchmarks; a second run reuses what exists."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--provinces",
            type=int,
            help="The first N provinces of the official list (default: all 34).",
        )
        parser.add_argument(
            "--wards-per-province",
            type=int,
            help="The first N wards of each province (default: all); beyond the list, "
            "synthetic wards.",
        )
        parser.add_argument("--cells-per-ward", type=int, default=35)
        parser.add_argument(
            "--periods",
            type=int,
            default=scale.MAX_PERIODS,
            help=f"Yearly periods ending {scale.LAST_YEAR} (1–{scale.MAX_PERIODS}).",
        )
        parser.add_argument("--staff-per-ward", type=int, default=30)
        parser.add_argument(
            "--seed",
            type=int,
            default=scale.DEFAULT_SEED,
            help="Random seed; the same options and seed give the same data.",
        )
        parser.add_argument(
            "--fresh", action="store_true", help="Delete the earlier scale data first."
        )
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Run with DEBUG off: creates users with published passwords.",
        )

    def handle(self, *args, **options):
        # As seed_demo: the users' passwords are printed, so never on production by accident.
        if not settings.DEBUG and not options["allow_without_debug"]:
            raise CommandError(
                "DEBUG is off: refusing to create users with published passwords. Use "
                "DJANGO_DEBUG=true, or --allow-without-debug on a benchmark server."
            )
        if scale.holds_demo_data():
            raise CommandError(
                "This database holds seed_demo's data: the scale data would add a second Quảng "
                "Ninh beside it, and seed_demo would take the scale's sample rows for its own. "
                "Generate the scale data in a database of its own (make bench does)."
            )
        wanted = scale.Options(
            provinces=options["provinces"],
            wards_per_province=options["wards_per_province"],
            cells_per_ward=options["cells_per_ward"],
            periods=options["periods"],
            staff_per_ward=options["staff_per_ward"],
            seed=options["seed"],
            fresh=options["fresh"],
        )
        try:
            wanted.check()
        except ValueError as error:
            raise CommandError(str(error)) from error
        progress = scale.Progress(_ProgressStream(self.stderr))
        result = scale.generate(wanted, progress=progress)
        self.stdout.write("Scale data ready.")
        self.stdout.write("\n".join(scale.summary_lines(result)))

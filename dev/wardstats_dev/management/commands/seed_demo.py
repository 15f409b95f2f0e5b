"""`python manage.py seed_demo`: the demo data — Quảng Ninh before and after the 2025 reform,
Mạo Khê's 2018 figures from the source article, sample wards, cadres and users.

Idempotent and in one transaction: run it as often as you like (`make run` does, every time).
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from wardstats_dev import scale, seed, users

SUMMARY = [
    ("official units", "Đơn vị hành chính (official units)"),
    ("neighbourhoods", "Thôn, tổ dân phố (neighbourhoods)"),
    ("cell", "Chi bộ (cells)"),
    ("report", "Báo cáo (reports)"),
    ("cell figures", "Số liệu chi bộ (cell figures)"),
    ("cadre records", "Hồ sơ cán bộ (cadre records)"),
    ("ward quotas", "Biên chế, chỉ tiêu tỉnh giao (ward quotas)"),
]


def grouped(number: int) -> str:
    return f"{number:,}".replace(",", ".")  # Vietnamese groups thousands with dots


class Command(BaseCommand):
    help = "Tạo dữ liệu demo (seed the demo data); chạy lại không tạo trùng (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Chạy cả khi DEBUG tắt (run with DEBUG off): creates users with published "
            "passwords, so only for a public demo server.",
        )

    def handle(self, *args, **options):
        # The demo users' passwords are in the source code: never create them on a production
        # database by accident.
        if not settings.DEBUG and not options["allow_without_debug"]:
            raise CommandError(
                "DEBUG đang tắt: không tạo dữ liệu demo (DEBUG is off: refusing to seed demo "
                "users with published passwords). Dùng DJANGO_DEBUG=true, hoặc "
                "--allow-without-debug cho máy chủ demo."
            )
        if scale.holds_scale_data():
            raise CommandError(
                "Cơ sở dữ liệu này chứa dữ liệu của generate_scale: hãy tạo dữ liệu demo trong "
                "một cơ sở dữ liệu riêng (this database holds generate_scale's data, whose "
                "Quảng Ninh and sample rows the demo would take for its own: seed the demo in a "
                "database of its own)."
            )
        started = time.monotonic()
        counts = seed.seed()
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"Dữ liệu demo đã sẵn sàng (demo data ready) trong {elapsed:.1f} s".replace(".", ",")
        )
        for key, label in SUMMARY:
            c = counts[key]
            self.stdout.write(
                f"  {label}: {grouped(c.total)} — mới (created) {grouped(c.created)}, "
                f"cập nhật (updated) {grouped(c.updated)}, xóa (deleted) {grouped(c.deleted)}"
            )
        self.stdout.write("")
        self.stdout.write("\n".join(users.credentials_lines()))

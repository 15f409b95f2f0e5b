"""The demo users: one table, used both to create them (seed_demo) and to print them
(demo_credentials). Passwords are for a developer's machine only; seed_demo refuses to run
without DEBUG unless told otherwise."""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import DatabaseError
from django.urls import reverse

from wardstats.accounts.models import Role, RoleKind
from wardstats.hierarchy.models import Level, Unit

from . import reference as ref


@dataclass(frozen=True)
class RoleSpec:
    kind: str
    level: int
    code: str
    valid_from: datetime.date


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    first_name: str
    last_name: str
    roles: tuple[RoleSpec, ...]
    can_do: str
    superuser: bool = False


NEW_MAO_KHE = RoleSpec(RoleKind.WARD_EDITOR, Level.COMMUNE, ref.MAO_KHE_CODE, ref.REFORM)
OLD_MAO_KHE = RoleSpec(RoleKind.WARD_EDITOR, Level.COMMUNE, ref.MAO_KHE_CODE, ref.OLD_FROM)

DEMO_USERS = (
    DemoUser(
        username="admin",
        password="admin-wardstats-2025",
        first_name="Quản trị",
        last_name="hệ thống",
        roles=(),
        superuser=True,
        can_do="Quản trị hệ thống: toàn quyền trên mọi dữ liệu "
        "(superuser: full access to everything)",
    ),
    DemoUser(
        username="maokhe",
        password="maokhe-wardstats-2025",
        first_name="Văn phòng Đảng ủy",
        last_name="phường Mạo Khê",
        roles=(NEW_MAO_KHE, OLD_MAO_KHE),
        can_do="Biên tập phường Mạo Khê (cũ, đến 30/06/2025, và mới, từ 01/07/2025): nhập và "
        "sửa báo cáo, số liệu chi bộ, chi bộ, hồ sơ cán bộ của phường "
        "(ward editor of Mạo Khê, old and new: enters and edits the ward's reports, cell "
        "figures, cells and cadre records)",
    ),
    DemoUser(
        username="dongtrieu",
        password="dongtrieu-wardstats-2025",
        first_name="Ban Tổ chức",
        last_name="Đông Triều",
        roles=(RoleSpec(RoleKind.AREA_OFFICER, Level.DISTRICT, ref.DONG_TRIEU_CODE, ref.OLD_FROM),),
        can_do="Cán bộ tổ chức Thành phố Đông Triều: xem số liệu, báo cáo, cán bộ của 19 phường, "
        "xã thuộc Đông Triều đến 30/06/2025, không sửa "
        "(area officer of Đông Triều: sees the figures, reports and staff of its 19 wards "
        "until 30/06/2025, read-only)",
    ),
    DemoUser(
        username="quangninh",
        password="quangninh-wardstats-2025",
        first_name="Ban Tổ chức",
        last_name="Tỉnh ủy Quảng Ninh",
        roles=(
            RoleSpec(RoleKind.PROVINCE_ADMIN, Level.PROVINCE, ref.PROVINCE_CODE, ref.PROVINCE_FROM),
        ),
        can_do="Quản trị tỉnh Quảng Ninh: xem và sửa mọi đơn vị, báo cáo, cán bộ, chỉ tiêu và "
        "định mức của tỉnh (provincial administrator: sees and edits every unit, report, "
        "cadre record, quota and norm of the province)",
    ),
)


def seed_users() -> None:
    """The demo users and their roles (which decide their permissions); the units must exist."""
    User = get_user_model()
    for spec in DEMO_USERS:
        user = User.objects.filter(username=spec.username).first() or User(username=spec.username)
        user.first_name, user.last_name = spec.first_name, spec.last_name
        user.is_staff = True
        user.is_superuser = spec.superuser
        user.is_active = True
        # Setting a password salts it afresh; leave a matching one alone so a re-run is a no-op.
        if not user.pk or not user.check_password(spec.password):
            user.set_password(spec.password)
        user.save()
        user.groups.clear()  # permissions follow from roles, not groups
        kept = []
        for role in spec.roles:
            unit = Unit.objects.get(level=role.level, code=role.code, valid_from=role.valid_from)
            kept.append(Role.objects.get_or_create(user=user, unit=unit, kind=role.kind)[0].pk)
        Role.objects.filter(user=user).exclude(pk__in=kept).delete()


def credentials_lines() -> list[str]:
    """Who can log in, with what, to do what: Vietnamese, English in brackets."""
    try:
        existing = set(
            get_user_model()
            .objects.filter(username__in=[u.username for u in DEMO_USERS])
            .values_list("username", flat=True)
        )
    except DatabaseError:
        existing = set()  # no database yet: print the table all the same
    lines = [
        "Tài khoản demo (demo accounts) — chỉ dùng trên máy phát triển (development only)",
        f"Đăng nhập tại (log in at): {reverse('admin:index')}",
        "",
    ]
    for user in DEMO_USERS:
        lines += [
            f"  Tên đăng nhập (username): {user.username}",
            f"  Mật khẩu (password):      {user.password}",
            f"  Quyền (can do):           {user.can_do}",
        ]
        if user.username not in existing:
            lines.append(
                "  (chưa tạo — chạy `python manage.py seed_demo`) "
                "(not created yet — run `python manage.py seed_demo`)"
            )
        lines.append("")
    return lines

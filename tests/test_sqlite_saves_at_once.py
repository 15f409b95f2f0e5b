"""On SQLite (a developer's machine), saves made at the same moment wait their turn instead of
failing with "database is locked": two processes, each reading a number then writing it plus
one, thirty times, on one database file — every write lands, none is refused or lost."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
WRITER = """
import time
import django
django.setup()
from django.db import transaction
from wardstats.core.models import DataVersion
for _ in range(30):
    with transaction.atomic():
        value = DataVersion.current()
        time.sleep(0.01)  # another process reads meanwhile
        DataVersion.objects.update_or_create(pk=1, defaults={"value": value + 1})
"""


def _env(path: Path) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{path}",
        "DJANGO_SETTINGS_MODULE": "wardstats.settings",
        "DJANGO_DEBUG": "true",
    }


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX paths")
def test_two_processes_saving_at_once_both_succeed(tmp_path):
    path = tmp_path / "wardstats.sqlite3"
    env = _env(path)
    python = sys.executable
    subprocess.run(
        [python, "manage.py", "migrate", "core", "--noinput", "-v0"],
        cwd=ROOT, env=env, check=True, timeout=120,
    )  # fmt: skip
    writers = [
        subprocess.Popen([python, "-c", WRITER], cwd=ROOT, env=env, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    errors = [w.communicate(timeout=120)[1].decode() for w in writers]
    assert [w.returncode for w in writers] == [0, 0], errors
    reader = "import django; django.setup(); from wardstats.core.models import DataVersion; "
    reader += "print(DataVersion.current())"
    out = subprocess.run(
        [python, "-c", reader], cwd=ROOT, env=env, check=True, capture_output=True, timeout=60
    )
    assert out.stdout.decode().strip() == "60"  # every write landed, none lost

"""A production install carries no demo code: seed_demo, demo_credentials and generate_scale
create users with published passwords, so they live in the development package (dev/,
wardstats_dev), which only `make install` installs.

The wheels are built from a copy of the checkout, so the build leaves nothing in the working
tree; offline, with the setuptools of the dev extra (no build isolation).
"""

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
# What a fresh clone does not have, or the build would only copy for nothing.
NOT_IN_A_CLONE = (".git", ".venv", "var", "node_modules", "__pycache__", "*.egg-info", "build")
DEMO_COMMANDS = {"seed_demo", "demo_credentials", "generate_scale"}


def build_wheel(project: Path, out: Path) -> list[str]:
    """The names of the files in the wheel of `project`."""
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet"]
        + ["--wheel-dir", str(out), str(project)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, f"pip wheel failed:\n{result.stdout}\n{result.stderr}"
    (wheel,) = out.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return archive.namelist()


def checkout_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "checkout"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(*NOT_IN_A_CLONE))
    return copy


def test_the_production_wheel_has_the_project_and_no_demo_code(tmp_path):
    names = build_wheel(checkout_copy(tmp_path), tmp_path / "wheel")
    assert "wardstats/settings.py" in names
    assert "wardstats/hierarchy/models.py" in names
    demo = [n for n in names if n.startswith(("wardstats_dev/", "wardstats/demo/"))]
    assert not demo, demo
    assert {name.split("/")[0] for name in names if "/" in name} == {
        "wardstats",
        "wardstats-0.1.0.dist-info",
    }


def test_the_development_wheel_has_the_demo_commands_and_nothing_of_the_project(tmp_path):
    names = build_wheel(checkout_copy(tmp_path) / "dev", tmp_path / "wheel")
    for command in DEMO_COMMANDS:
        assert f"wardstats_dev/management/commands/{command}.py" in names
    assert "wardstats_dev/apps.py" in names
    assert not [n for n in names if n.startswith("wardstats/")]


def commands(*, without_dev_package: bool) -> set[str]:
    """The management commands of a fresh interpreter on the real settings; without the
    development package, as a production install is (an import of it fails)."""
    blocked = "sys.modules['wardstats_dev'] = None; " if without_dev_package else ""
    script = (
        f"import json, sys; {blocked}import django; django.setup(); "
        "from django.core.management import get_commands; print(json.dumps(sorted(get_commands())))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "wardstats.settings", "DJANGO_DEBUG": "true"}
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stdout))


def test_without_the_development_package_there_are_no_demo_commands():
    development = commands(without_dev_package=False)
    assert development >= DEMO_COMMANDS
    production = commands(without_dev_package=True)
    assert "migrate" in production
    assert not DEMO_COMMANDS & production

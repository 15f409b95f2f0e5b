"""collectstatic, as a deployment runs it (README), succeeds: every file a static file refers
to is shipped, so the manifest storage of production (DEBUG off) can serve every page."""

from django.core.management import call_command
from django.test import override_settings


def test_collectstatic_with_the_production_storage_succeeds(tmp_path):
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert "vendor/chart.js/chart.umd.min.js" in manifest
    assert "wardstats/site.css" in manifest

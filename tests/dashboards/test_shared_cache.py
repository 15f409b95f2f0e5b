"""The page cache in Redis (REDIS_URL): what one process — a gunicorn worker, an app server —
caches, another serves (the versions the keys carry live in the database, shared already).
Runs against the Redis of this machine (127.0.0.1:6379, database 15, emptied first); skipped,
saying so, where none answers."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
REDIS_URL = os.environ.get("WARDSTATS_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


pytestmark = pytest.mark.skipif(
    not _redis_answers(), reason="no Redis answers on 127.0.0.1:6379: the shared cache is untested"
)

SCRIPT = """
import sys, django
django.setup()
from django.core.cache import cache
action, key = sys.argv[1], sys.argv[2]
if action == "clear":
    cache.clear()
elif action == "set":
    cache.set(key, (b"<html>page</html>", "text/html"), 60)
else:
    print(cache.get(key))
"""


def _in_a_process(*args: str) -> str:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "wardstats.settings",
        "DJANGO_DEBUG": "true",
        "REDIS_URL": REDIS_URL,
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


def test_a_page_cached_by_one_process_is_served_by_another():
    _in_a_process("clear", "-")
    assert _in_a_process("get", "page:abc") == "None"
    _in_a_process("set", "page:abc")
    assert _in_a_process("get", "page:abc") == "(b'<html>page</html>', 'text/html')"

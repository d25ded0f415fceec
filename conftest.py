import os

# Playwright's sync API runs an event loop in the main thread; Django would otherwise refuse
# ORM calls from the live_server set-up (see docs: stack-verified §5).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hasher():
    """Hashing with the production hasher costs ~0.3 s a user; tests do not need it."""
    from django.test.utils import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def _own_cache(settings):
    """Each test counts rates (API throttle, public lookups) in a fresh in-process cache, never in
    the shared Redis another run may be using."""
    import uuid

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": uuid.uuid4().hex}}


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture(autouse=True)
def _celery_eager(request, settings):
    """Tasks run in-process unless a test is marked `worker` (then a real worker takes them)."""
    from ocop_portal.celery import app

    eager = request.node.get_closest_marker("worker") is None
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = eager
    settings.CELERY_TASK_ALWAYS_EAGER = eager
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker):
    """A real Celery worker (separate process) reading the test database. Needs REDIS_URL and a
    PostgreSQL DATABASE_URL; tests using it are marked `worker` and skipped otherwise."""
    import subprocess
    import sys
    import time

    from django.conf import settings
    from django.db import connection

    if not os.environ.get("REDIS_URL") or connection.vendor != "postgresql":
        pytest.skip("needs REDIS_URL and PostgreSQL (run by .ci/run's second pass)")
    import uuid

    from ocop_portal.celery import app

    # A queue and a worker name of this run's own: two runs at once (a developer's and a CI
    # clone's) share the Redis server but never take each other's tasks.
    run_id = uuid.uuid4().hex[:10]
    queue, node = f"test-{run_id}", f"test-{run_id}@%h"
    app.conf.task_default_queue = queue
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CELERY_QUEUE": queue,
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "ocop_portal", "worker", "--pool=solo", "--concurrency=1",
         "--without-mingle", "--without-gossip", "--loglevel=warning", "-Q", queue, "-n", node],
        env=env,
    )

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if any(name.startswith(f"test-{run_id}@") for reply in app.control.ping(timeout=0.5) for name in reply):
            break
        if proc.poll() is not None:
            pytest.fail("the Celery worker exited at start-up")
    else:
        proc.terminate()
        pytest.fail("the Celery worker did not answer within 30 s")
    yield proc
    proc.terminate()
    proc.wait(timeout=15)
    app.conf.task_default_queue = settings.CELERY_TASK_DEFAULT_QUEUE


@pytest.fixture(scope="module")
def bac_ninh_2020(django_db_setup, django_db_blocker):
    """The criteria catalogue and the Bắc Ninh 2020 demo, built once per module through the real
    services and rolled back at the end of the module. Returns the demo users by username."""
    from django.db import transaction

    from evaluations.catalogue_services import catalogue_load
    from ocop_portal import demo

    with django_db_blocker.unblock():
        with transaction.atomic():
            catalogue_load()
            users, _created = demo.seed_demo()
            yield users
            transaction.set_rollback(True)


@pytest.fixture
def api_token():
    from ocop_portal.core.services import api_token_create

    def make(user, **kwargs):
        return api_token_create(user=user, name=kwargs.pop("name", "test"), **kwargs)[1]

    return make


@pytest.fixture
def run_command():
    import io

    from django.core.management import call_command

    def run(*args, **kwargs):
        out = io.StringIO()
        call_command(*args, stdout=out, **kwargs)
        return out.getvalue()

    return run

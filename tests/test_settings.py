"""Settings from the environment: DEBUG is off unless asked for, a typo in a boolean stops the
start-up, log lines are printed once. Each case starts a fresh Python process."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit
ROOT = Path(__file__).resolve().parents[1]
READ_DEBUG = "import django; django.setup(); from django.conf import settings; print('DEBUG', settings.DEBUG)"


def run_env(**env_vars):
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL"}}
    env.update(DJANGO_SETTINGS_MODULE="ocop_portal.settings", **env_vars)
    return env


def run(code, **env_vars):
    env = run_env(**env_vars)
    return subprocess.run([sys.executable, "-c", code], check=False, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


def test_with_nothing_set_debug_is_off_and_a_server_refuses_to_start_without_a_secret_key():
    settings_read = run(READ_DEBUG)
    wsgi = run("import ocop_portal.wsgi")
    runserver = subprocess.run([sys.executable, "manage.py", "runserver", "--noreload", "127.0.0.1:0"], check=False, cwd=ROOT,
                               env=run_env(), capture_output=True, text=True, timeout=60)

    assert (settings_read.returncode, settings_read.stdout.strip()) == (0, "DEBUG False")
    assert wsgi.returncode != 0 and "SECRET_KEY is not set and DEBUG is off" in wsgi.stderr
    assert runserver.returncode != 0 and "SECRET_KEY is not set and DEBUG is off" in runserver.stderr


def test_commands_that_serve_nothing_run_with_nothing_set():
    result = subprocess.run([sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"], check=False, cwd=ROOT,
                            env=run_env(), capture_output=True, text=True, timeout=60)

    assert (result.returncode, result.stdout.strip()) == (0, "No changes detected")


def test_with_a_secret_key_and_no_debug_set_debug_is_off():
    result = run(READ_DEBUG, SECRET_KEY="a-long-random-production-secret")

    assert (result.returncode, result.stdout.strip()) == (0, "DEBUG False")


@pytest.mark.parametrize(("value", "expected"), [("true", "True"), ("TRUE", "True"), ("1", "True"), ("false", "False"), ("off", "False")])
def test_debug_true_alone_is_enough_and_the_usual_spellings_are_understood(value, expected):
    result = run(READ_DEBUG, DEBUG=value, SECRET_KEY="x" if expected == "False" else "")

    assert (result.returncode, result.stdout.strip()) == (0, f"DEBUG {expected}")


@pytest.mark.parametrize("name", ["DEBUG", "SECURE_COOKIES", "CELERY_TASK_ALWAYS_EAGER"])
def test_a_typo_in_a_boolean_stops_the_start_up(name):
    result = run(READ_DEBUG, **{name: "ture", "DEBUG": "true" if name != "DEBUG" else "ture"})

    assert result.returncode != 0
    assert f"{name}='ture' is not a boolean" in result.stderr


def test_a_log_line_is_printed_once():
    code = "import django, logging; django.setup(); logging.getLogger('django.request').error('một lần thôi')"

    result = run(code, DEBUG="true")

    assert result.stderr.count("một lần thôi") == 1


def test_every_management_command_runs_with_debug_true_alone():
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DATABASE_URL", "REDIS_URL"}}
    env["DEBUG"] = "true"

    result = subprocess.run([sys.executable, "manage.py", "check"], check=False, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)

    assert (result.returncode, result.stdout.strip()) == (0, "System check identified no issues (0 silenced).")

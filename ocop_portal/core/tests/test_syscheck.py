import pytest

from ocop_portal import syscheck

pytestmark = pytest.mark.unit


def test_this_machine_has_what_the_portal_needs():
    assert syscheck.problems(browser=True) == []


def test_a_missing_library_is_reported_with_the_apt_line(monkeypatch, capsys):
    monkeypatch.setattr(syscheck.ctypes.util, "find_library", lambda name: None)  # the system, not our code

    code = syscheck.main([])

    assert code == 0  # only slower: a warning
    assert "apt-get install -y --no-install-recommends libharfbuzz-subset0" in capsys.readouterr().err


def test_missing_chromium_fails_with_the_package_name(monkeypatch, capsys):
    monkeypatch.setenv("CHROMIUM_PATH", "/nonexistent/chromium")

    code = syscheck.main(["--browser"])

    assert code == 1
    assert "apt-get install -y --no-install-recommends chromium" in capsys.readouterr().err

"""The floors hold: a lower app never imports a higher one, the core imports no app and nothing of
the top floor, the scoring engine and the criteria parser import no Django (.importlinter)."""

from pathlib import Path

import pytest
from importlinter.cli import lint_imports

pytestmark = pytest.mark.unit
ROOT = Path(__file__).resolve().parents[1]


def test_every_import_contract_is_kept(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)

    exit_code = lint_imports(config_filename=str(ROOT / ".importlinter"), no_cache=True, no_logo=True)

    assert exit_code == 0, capsys.readouterr().out


def test_the_checker_sees_a_real_upward_import(monkeypatch, tmp_path, capsys):
    """The contract format catches what it should: evaluations do import producers (legitimately),
    so a contract forbidding it must be reported broken."""
    monkeypatch.chdir(ROOT)
    config = tmp_path / "inverted.ini"
    config.write_text(
        "[importlinter]\nroot_packages =\n    ocop_portal\n    producers\n    evaluations\n    rewards\n\n"
        "[importlinter:contract:inverted]\nname = inverted\ntype = forbidden\n"
        "source_modules =\n    evaluations\nforbidden_modules =\n    producers\n"
    )

    exit_code = lint_imports(config_filename=str(config), no_cache=True, no_logo=True)

    assert exit_code == 1
    assert "evaluations.services -> producers.services" in capsys.readouterr().out

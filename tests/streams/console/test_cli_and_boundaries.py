"""`qinglang console` on the command line, and the line between the domain and the console's plumbing."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from click.testing import CliRunner

import enforcement
from streams.cli import main
from streams.console.users import check_password, load_users


@pytest.mark.parametrize("command", [["console"], ["console", "add-user"]], ids=" ".join)
def test_console_commands_have_help(command: list[str]) -> None:
    result = CliRunner().invoke(main, [*command, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output, result.output


def test_add_user_from_an_environment_variable(tmp_path: Path) -> None:
    users = tmp_path / "users.json"
    result = CliRunner().invoke(main, ["console", "add-user", "wang", "--role", "supervisor", "--users", str(users),
                                       "--password-env", "PW"], env={"PW": "a long enough password"})
    assert result.exit_code == 0, result.output
    assert check_password("a long enough password", load_users(users)["wang"].password_hash)
    short = CliRunner().invoke(main, ["console", "add-user", "li", "--users", str(users), "--password-env", "PW"],
                               env={"PW": "short"})
    assert short.exit_code == 1 and "at least" in short.output and "Traceback" not in short.output


def test_serving_without_users_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["console", "--users", str(tmp_path / "none.json")])
    assert result.exit_code == 1 and "add-user" in result.output


def test_the_domain_imports_no_web_plumbing() -> None:
    """STYLE: `enforcement/` never imports the console's web stack."""
    forbidden = {"aiohttp", "aiohttp_jinja2", "jinja2", "selenium", "faust"}
    modules = sorted(Path(enforcement.__file__).parent.rglob("*.py"))
    assert len(modules) > 50
    for path in modules:
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
        assert not names & forbidden, path

"""`qinglang report` (S7) against the real Kafka and Redis: statistics by China Standard Time day and the
period's typical cases, as a table, as JSON and as a printable page; bad periods refused on the command line."""

from __future__ import annotations

import secrets
from pathlib import Path

import orjson
from click.testing import CliRunner
from disclosure_rig import CASE, OLD_CASE, mark_cases, publish_outputs

from streams.cli import main


def _env(kafka_bootstrap: str, redis_url: str) -> tuple[dict[str, str], str]:
    prefix = f"rep{secrets.token_hex(4)}."
    publish_outputs(kafka_bootstrap, prefix)
    mark_cases(redis_url, prefix, [CASE, OLD_CASE])
    return {"QINGLANG_KAFKA_BOOTSTRAP": kafka_bootstrap, "QINGLANG_REDIS_URL": redis_url,
            "QINGLANG_TOPIC_PREFIX": prefix}, prefix


def test_report_in_three_formats_by_cst_day_with_typical_cases(kafka_bootstrap: str, redis_url: str,
                                                               tmp_path: Path) -> None:
    env, _ = _env(kafka_bootstrap, redis_url)
    runner = CliRunner()
    period = ["--since", "2026-11-01", "--until", "2026-11-08"]

    as_json = runner.invoke(main, ["report", *period, "--format", "json"], env=env)
    assert as_json.exit_code == 0, as_json.output
    stats = orjson.loads(as_json.stdout)
    assert stats["time_zone"] == "Asia/Shanghai" and stats["since"] == "2026-11-01T00:00:00+08:00"
    # 15:59:59 UTC is 1 November in CST, 16:00:00 UTC is 2 November
    assert stats["by_day"] == {"2026-11-01": {"violations": 1, "sanctions": 0},
                               "2026-11-02": {"violations": 1, "sanctions": 1}}
    assert [c["case_id"] for c in stats["typical_cases"]] == [CASE["case_id"]]  # October's case is outside
    shown = stats["typical_cases"][0]
    assert shown["date"] == "2026-11-02" and shown["summary"] == CASE["summary"] and shown["marked_by"] == "wang"
    assert "u:8" not in as_json.stdout and "u:7" not in as_json.stdout and "b" * 32 not in as_json.stdout

    # the second CST day alone: [1 November 16:00 UTC, 2 November 16:00 UTC)
    one_day = orjson.loads(runner.invoke(main, ["report", "--since", "2026-11-02", "--until", "2026-11-03",
                                                "--format", "json"], env=env).stdout)
    assert one_day["violations_by_requirement"] == {"D3": 1} and len(one_day["typical_cases"]) == 1

    table = runner.invoke(main, ["report", *period], env=env)
    assert table.exit_code == 0, table.output
    assert "China Standard Time" in table.output and "typical cases: 1" in table.output
    assert CASE["summary"] in table.output and "2026-11-02" in table.output and "u:8" not in table.output

    out = tmp_path / "disclosure.html"
    page = runner.invoke(main, ["report", *period, "--out", str(out)], env=env)  # .html: the printable page
    assert page.exit_code == 0, page.output
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and "@media print" in html and "<link" not in html
    assert CASE["summary"] in html and "北京时间" in html and "wang" not in html  # no staff on the public page
    assert "u:8" not in html and OLD_CASE["summary"] not in html
    english = runner.invoke(main, ["report", *period, "--format", "html", "--lang", "en"], env=env)
    assert english.exit_code == 0 and "Typical cases" in english.output and "China Standard Time" in english.output


def test_bad_periods_are_refused_on_the_command_line_and_write_nothing(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    out.write_text("the last good report", encoding="utf-8")
    runner = CliRunner()
    for args in (["--since", "2026-02-30"], ["--until", "yesterday"],
                 ["--since", "2026-11-08", "--until", "2026-11-01"]):
        result = runner.invoke(main, ["report", *args, "--out", str(out)])
        assert result.exit_code == 2, result.output
        assert "China Standard Time" in result.output or "empty" in result.output
        assert "Traceback" not in result.output
    assert out.read_text(encoding="utf-8") == "the last good report"


def test_report_help_says_the_days_are_china_standard_time() -> None:
    result = CliRunner().invoke(main, ["report", "--help"])
    assert result.exit_code == 0 and "China Standard Time" in result.output and "--format" in result.output

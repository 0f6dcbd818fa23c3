"""The S7 report as text (a table for the terminal), JSON, or a printable HTML page (self-contained: its
CSS is inline, so the file can be mailed, archived or printed as it is)."""

from __future__ import annotations

from typing import Any

import jinja2
import orjson

from enforcement.rules import RULES_BY_ID
from streams.console.i18n import translate
from streams.disclosure.days import TIME_ZONE_LABEL

_ENV = jinja2.Environment(loader=jinja2.PackageLoader("streams.disclosure", "templates"),
                          autoescape=jinja2.select_autoescape(default=True), undefined=jinja2.StrictUndefined)


def as_json(report: dict[str, Any]) -> bytes:
    return orjson.dumps(report, option=orjson.OPT_INDENT_2) + b"\n"


def _period(report: dict[str, Any]) -> str:
    since = report["since"] or "beginning"
    until = report["until"] or "now"
    return f"{since} → {until}"


def as_table(report: dict[str, Any]) -> str:
    lines = [f"period: {_period(report)}  (days in {TIME_ZONE_LABEL})",
             f"violations: {report['violations']:,} on {report['accounts_with_violations']:,} accounts"]
    for key, title in (("violations_by_requirement", "by requirement"), ("sanctions_by_rung", "sanctions by rung"),
                       ("sanctions_by_type", "actions by type")):
        lines += ["", f"{title}:"]
        lines += [f"  {name:<24}{count:>10,}" for name, count in report[key].items()]
    lines += ["", f"registrations blocked: {report['registrations_blocked']:,}",
              f"sanctions reversed on appeal: {report['sanctions_reversed_on_appeal']:,}",
              "", "by day (CST):            violations  sanctions"]
    lines += [f"  {day:<24}{n['violations']:>10,} {n['sanctions']:>10,}" for day, n in report["by_day"].items()]
    cases = report["typical_cases"]
    lines += ["", f"typical cases: {len(cases)}"]
    for case in cases:
        marker = f"  (marked by {case['marked_by']} at {case['marked_at']})" if case.get("marked_by") else ""
        lines.append(f"  {case['date']}  {case['requirement']:<4} {case['rule']:<34} {case['sanction']}{marker}")
        lines.append(f"      {case['summary']}")
    return "\n".join(lines) + "\n"


def as_html(report: dict[str, Any], lang: str = "zh") -> str:
    """The printable page; `lang` is zh (the default: the notices are Chinese) or en."""
    def t(text: Any) -> str:
        return translate(str(text), lang)

    def rule_text(rule: str) -> str:
        known = RULES_BY_ID.get(rule)
        return t(known.summary) if known else rule

    def sanction_text(sanction: str) -> str:
        return "、".join(t(s.strip()) for s in sanction.split(",")) if lang == "zh" else sanction

    return _ENV.get_template("report.html").render(
        report=report, lang=lang, t=t, rule_text=rule_text, sanction_text=sanction_text,
        time_zone=TIME_ZONE_LABEL)

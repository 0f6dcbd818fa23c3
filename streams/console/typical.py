"""Typical cases in the console (S7): a supervisor marks a decided case as typical with a public summary
(on a decided review item, or on one of an account's violations that led to an action), unmarks it, and
reads the period's report (statistics by China Standard Time day and the typical cases) with a link to
the printable page `qinglang report --format html` also writes.

Marking is the console's own state, not an input event: it changes no sanction, so it is kept in Redis
beside the console's other working state (typical_store.py) and logged in the console's activity log.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlencode

from aiohttp import web

from streams.console.decisions import iso_now
from streams.console.flash import flash
from streams.console.i18n import translate
from streams.console.store import Session
from streams.console.typical_store import TypicalCaseStore
from streams.console.web import CONSOLE, LANG, Console, current_session, page_error, render, safe_next
from streams.disclosure import render as report_render
from streams.disclosure.cases import (
    SUMMARY_REFUSALS,
    Decided,
    SummaryError,
    case_id,
    check_summary,
    decided_violations,
    public,
    requirement_of_rule,
    typical_case,
)
from streams.disclosure.days import CST, TIME_ZONE_LABEL, BoundError, check_period, cst_iso, parse_bound
from streams.disclosure.stats import aggregate, read_outputs

STATS_TIMEOUT_S = 30.0  # the page reads the output topics from the beginning, as `qinglang report` does


def cases_of(console: Console) -> TypicalCaseStore:
    return TypicalCaseStore(console.redis, topic_prefix=console.config.settings.topic_prefix)


def _supervisor(request: web.Request) -> Session:
    session = current_session(request)
    if not session.supervisor:
        raise page_error(403, translate("Only a supervisor marks typical cases.", request[LANG]))
    return session


async def _decided(console: Console, account_id: str) -> dict[str, Decided]:
    return decided_violations(await console.ledger.audit(account_id))


async def _summary(request: web.Request, console: Console, account_id: str, text: str,
                   other_accounts: tuple[str, ...] = ()) -> str:
    """The checked summary, or a page that says what it must not contain."""
    try:
        owner = await console.directory.identity_of(account_id)
    except Exception:  # Redis hiccup: the generic hash pattern still refuses any identity hash
        owner = None
    try:
        return check_summary(text, account_id=account_id, identity_hash=owner, other_accounts=other_accounts)
    except SummaryError as exc:
        raise page_error(400, translate(SUMMARY_REFUSALS[exc.kind], request[LANG])) from None


async def item_context(console: Console, item: dict[str, Any], decision: dict[str, Any] | None) -> dict[str, Any]:
    """What the item page shows about typical cases: the form once the item is decided, or the case."""
    violation_id = str(item["violations"][0].get("violation_id", "")) if item.get("violations") else ""
    if decision is None or not violation_id:
        return {"typical_open": False, "typical_case": None}
    return {"typical_open": True, "typical_case": await cases_of(console).get(case_id(violation_id))}


async def account_context(console: Console, audit: tuple[Any, ...]) -> dict[str, Any]:
    """The account's violations that led to an action (candidates) and those already marked."""
    decided = decided_violations(audit)
    marked = await cases_of(console).many(case_id(v) for v in decided)
    return {"typical_candidates": list(decided.values()),
            "typical_marked": {v: marked[case_id(v)] for v in decided if case_id(v) in marked}}


async def _mark(request: web.Request, session: Session, case: dict[str, Any]) -> bool:
    console = request.app[CONSOLE]
    fresh = await cases_of(console).mark(case)
    await console.store.log(at=case["marked_at"], user=session.user_id, what="typical.marked",
                            case_id=case["case_id"], account_id=case["account_id"], review_id=case["review_id"],
                            violation_id=case["violation_id"])
    return fresh


async def mark_item(request: web.Request) -> web.StreamResponse:
    """Mark a decided review item's violation as a typical case (a supervisor, with a summary)."""
    from streams.console.pages import _item_or_404

    session = _supervisor(request)
    console, lang = request.app[CONSOLE], request[LANG]
    item = await _item_or_404(request)
    decision = await console.store.decision(item["review_id"])
    violation = item["violations"][0] if item.get("violations") else {}
    if decision is None or not violation.get("violation_id"):
        raise page_error(409, translate("Only a decided item can be a typical case.", lang))
    form = await request.post()
    # an owner_blacklisted item names a second account: the one whose violation blacklisted the owner
    others = tuple(str(item[k]) for k in ("blacklisted_account_id",) if item.get(k))
    summary = await _summary(request, console, item["account_id"], str(form.get("summary", "")), others)
    fired = (await _decided(console, item["account_id"])).get(violation["violation_id"])
    # the sanctions the violation fired; a confirmed strike below any rung took none yet, a dismissal none at all
    sanction = ", ".join(fired.sanctions) if fired else ("strike" if decision["decision"] == "confirm" else "none")
    case = typical_case(violation_id=violation["violation_id"], account_id=item["account_id"], rule=item["rule"],
                        requirement=item["requirement"], occurred_at=violation.get("occurred_at", item["occurred_at"]),
                        sanction=sanction, summary=summary, marked_by=session.user_id, marked_at=iso_now(),
                        review_id=item["review_id"])
    fresh = await _mark(request, session, case)
    raise web.HTTPSeeOther(f"/items/{item['review_id']}?done={'typical_marked' if fresh else 'typical_updated'}")


async def mark_violation(request: web.Request) -> web.StreamResponse:
    """Mark one of an account's violations that led to an action as a typical case."""
    from streams.console.pages import VIOLATION_ID, _account_id

    session = _supervisor(request)
    console, lang = request.app[CONSOLE], request[LANG]
    account_id = _account_id(request.match_info["account_id"], lang)
    form = await request.post()
    violation_id = str(form.get("violation_id", ""))
    if not VIOLATION_ID.match(violation_id):
        raise page_error(400, translate("Choose a violation of this account.", lang))
    fired = (await _decided(console, account_id)).get(violation_id)
    if fired is None:
        raise page_error(400, translate("That violation of this account led to no sanction that stands.", lang))
    summary = await _summary(request, console, account_id, str(form.get("summary", "")))
    case = typical_case(violation_id=violation_id, account_id=account_id, rule=fired.rule,
                        requirement=requirement_of_rule(fired.rule), occurred_at=fired.occurred_at,
                        sanction=", ".join(fired.sanctions), summary=summary, marked_by=session.user_id,
                        marked_at=iso_now())
    fresh = await _mark(request, session, case)
    done = "typical_marked" if fresh else "typical_updated"
    raise web.HTTPSeeOther(f"/accounts/{quote(account_id, safe='')}?{urlencode({'done': done})}")


async def unmark(request: web.Request) -> web.StreamResponse:
    session = _supervisor(request)
    console = request.app[CONSOLE]
    form = await request.post()
    removed = await cases_of(console).unmark(request.match_info["case_id"][:64])
    if removed is not None:
        await console.store.log(at=iso_now(), user=session.user_id, what="typical.unmarked",
                                case_id=removed["case_id"], account_id=removed["account_id"],
                                review_id=removed["review_id"], violation_id=removed["violation_id"])
    back = safe_next(str(form.get("next", "")))
    done = "typical_unmarked" if removed is not None else "typical_absent"
    raise web.HTTPSeeOther(f"{back}{'&' if '?' in back else '?'}done={done}")


def _period(request: web.Request) -> tuple[str, str, datetime | None, datetime | None]:
    """The period the report page asks for; by default the current month in CST, up to now."""
    lang = request[LANG]
    since_text = request.query.get("since", "").strip()[:40]
    until_text = request.query.get("until", "").strip()[:40]
    if not since_text and not until_text:
        since_text = datetime.now(CST).date().replace(day=1).isoformat()
    try:
        since = parse_bound(since_text) if since_text else None
        until = parse_bound(until_text) if until_text else None
        check_period(since, until)
    except BoundError as exc:
        raise page_error(400, translate("The period is not valid", lang) + f": {exc}") from None
    return since_text, until_text, since, until


async def _report(console: Console, since: datetime | None, until: datetime | None, *, with_marker: bool,
                  ) -> tuple[dict[str, Any] | None, str | None, list[dict[str, Any]]]:
    """(statistics or None, why not, the period's typical cases as stored)."""
    cases = await cases_of(console).in_period(since, until)
    settings = console.config.settings
    try:
        violations, actions = await asyncio.wait_for(read_outputs(settings.kafka, settings.topic_prefix),
                                                     STATS_TIMEOUT_S)
    except Exception as exc:  # Kafka down or the topics not there yet: the cases are still worth showing
        return None, type(exc).__name__, cases
    stats = aggregate(violations, actions, since, until)
    stats["typical_cases"] = [public(c, with_marker=with_marker) for c in cases]
    return stats, None, cases


async def report_page(request: web.Request) -> web.StreamResponse:
    """What `qinglang report` shows, for the console's users, with a link to the printable page."""
    console = request.app[CONSOLE]
    since_text, until_text, since, until = _period(request)
    stats, error, cases = await _report(console, since, until, with_marker=True)
    query = urlencode({k: v for k, v in (("since", since_text), ("until", until_text), ("lang", request[LANG])) if v})
    return render(request, "report.html", {
        "stats": stats, "stats_error": error, "cases": cases, "since": since_text, "until": until_text,
        "since_cst": cst_iso(since) if since else None, "until_cst": cst_iso(until) if until else None,
        "time_zone": TIME_ZONE_LABEL, "print_link": f"/report/print?{query}", "today": _today(),
        **flash(request)})


async def print_page(request: web.Request) -> web.StreamResponse:
    """The printable page, the same `qinglang report --format html` writes (no staff names on it)."""
    console = request.app[CONSOLE]
    _, _, since, until = _period(request)
    lang = request.query.get("lang", request[LANG])
    stats, error, _ = await _report(console, since, until, with_marker=False)
    if stats is None:
        raise page_error(503, translate("The statistics cannot be read from Kafka right now", request[LANG])
                         + f" ({error})")
    return web.Response(text=report_render.as_html(stats, lang if lang in ("zh", "en") else "zh"),
                        content_type="text/html")


def _today() -> str:
    return datetime.now(CST).date().isoformat()


def add_routes(app: web.Application) -> None:
    app.router.add_post("/items/{review_id}/typical", mark_item)
    app.router.add_post("/accounts/{account_id}/typical", mark_violation)
    app.router.add_post("/typical/{case_id}/unmark", unmark)
    app.router.add_get("/report", report_page)
    app.router.add_get("/report/print", print_page)


"""The console's pages: the review queue, an item with its evidence and decision, an account, the appeals
queue and one appeal, the activity."""

from __future__ import annotations

import asyncio
import io
import re
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from aiohttp import web

from enforcement.avatar import AvatarError, decode_image
from enforcement.redis_keys import as_text, hash_tagged
from enforcement.review import REVIEW_REASONS
from enforcement.rules import REQUIREMENTS
from streams.account_history import AccountHistory, read_history
from streams.console import typical
from streams.console.decisions import DecisionError, appeal_resolved, iso_now, review_decided
from streams.console.evidence import shown_avatar, violation_view
from streams.console.flash import flash
from streams.console.follower import DECISIONS
from streams.console.i18n import translate
from streams.console.store import epoch_ms
from streams.console.web import APPEALS, CONSOLE, LANG, Console, current_session, page_error, render
from streams.worker.avatar_fetch import AvatarFetchError, fetch_avatar

STATIC_DIR = Path(__file__).parent / "static"
QUEUE_ROWS = 500  # the oldest this many are listed; the counts by reason cover every open item
APPEAL_ROWS = 500  # open appeals: the oldest this many; resolved ones: the newest this many
STATEMENT_EXCERPT = 160  # characters of a statement the queue shows; the appeal's page shows all of it
MAX_ID = 128  # the input schemas' limit on ids
VIOLATION_ID = re.compile(r"^[0-9a-f]{32}$")
APPEAL_ID = VIOLATION_ID  # derived ids, 32 hex digits both
REQUIREMENT_ORDER = sorted(REQUIREMENTS, key=lambda r: int(r[1:]))
# Outcomes of a POST, shown on the page it redirects to; a fixed set, so nothing from a URL is echoed back.
APPEAL_STATUSES = ("open", "resolved")


def _age(occurred_at: str, now_ms: int) -> str:
    minutes = max(0, now_ms - epoch_ms(occurred_at)) // 60_000
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 48 * 60:
        return f"{minutes // 60} h {minutes % 60} min"
    return f"{minutes // 1440} d"


def _account_id(raw: str, lang: str) -> str:
    if not raw or len(raw) > MAX_ID:
        raise page_error(400, translate("An account id is 1 to 128 characters.", lang))
    return raw


def _now_ms() -> int:
    return int(datetime.now(UTC).timestamp() * 1000)


async def home(request: web.Request) -> web.StreamResponse:
    raise web.HTTPSeeOther("/queue")


async def queue(request: web.Request) -> web.StreamResponse:
    """Open (or decided) items by reason and age, oldest first, with the filters a reviewer picks."""
    console = request.app[CONSOLE]
    lang = request[LANG]
    q = request.query
    status = q.get("status", "open") or "open"
    reason, requirement = q.get("reason", ""), q.get("requirement", "")
    account, min_age_raw = q.get("account", "").strip(), q.get("min_age_h", "").strip()
    if status not in ("open", "decided"):
        raise page_error(400, translate("Status is open or decided.", lang))
    if reason and reason not in REVIEW_REASONS:
        raise page_error(400, translate("Unknown reason", lang) + f": {reason[:40]}")
    if requirement and requirement not in REQUIREMENTS:
        raise page_error(400, translate("Unknown requirement", lang) + f": {requirement[:40]}")
    if len(account) > MAX_ID:
        raise page_error(400, translate("An account id is 1 to 128 characters.", lang))
    if min_age_raw and not min_age_raw.isdigit():
        raise page_error(400, translate("Older than is a whole number of hours.", lang))
    min_age_ms = int(min_age_raw or 0) * 3_600_000
    store = console.store
    decisions: dict[str, dict[str, Any]] = {}
    if status == "open":
        items = await store.items(await store.open_ids())
    else:
        decisions = {d["review_id"]: d for d in await store.decided()}
        items = sorted(await store.items(list(decisions)), key=lambda i: decisions[i["review_id"]]["occurred_at"],
                       reverse=True)
    by_reason = Counter(i["reason"] for i in items)
    now = _now_ms()
    chosen = [i for i in items if (not reason or i["reason"] == reason)
              and (not requirement or i["requirement"] == requirement)
              and (not account or i["account_id"] == account)
              and now - epoch_ms(i["occurred_at"]) >= min_age_ms]
    shown = chosen[:QUEUE_ROWS]
    claims = await store.claims([i["review_id"] for i in shown])
    rows = [{"item": i, "age": _age(i["occurred_at"], now), "claimed_by": claims.get(i["review_id"]),
             "decision": decisions.get(i["review_id"])} for i in shown]
    return render(request, "queue.html", {
        "rows": rows, "by_reason": sorted(by_reason.items(), key=lambda kv: REVIEW_REASONS.index(kv[0])
                                          if kv[0] in REVIEW_REASONS else 99),
        "reasons": REVIEW_REASONS, "requirements": REQUIREMENT_ORDER, "total": len(chosen),
        "truncated": len(chosen) > len(shown),
        "filters": {"status": status, "reason": reason, "requirement": requirement, "account": account,
                    "min_age_h": min_age_raw},
        **flash(request)})


async def _ledger_context(console: Console, account_id: str) -> dict[str, Any]:
    """What the pipeline knows about the account now (never the owner's identity hash itself)."""
    try:
        state = await console.ledger.account_state(account_id)
        owner = await console.directory.identity_of(account_id)
        blacklisted = owner is not None and await console.directory.is_blacklisted(owner)
        profile = await console.profiles.current(account_id)
    except Exception as exc:  # Redis down: the item is still readable, its account part says why not
        return {"ledger": None, "ledger_error": f"{type(exc).__name__}", "profile": None,
                "owner_known": False, "owner_blacklisted": False}
    return {"ledger": state, "ledger_error": None, "profile": profile, "owner_known": owner is not None,
            "owner_blacklisted": blacklisted}


async def _applied(console: Console, account_id: str, review_id: str) -> str | None:
    """The decision the pipeline itself recorded for the item (its review store), once it has applied one."""
    key = hash_tagged(console.pipeline_prefix, account_id) + "review_decisions"
    raw = await console.redis.hget(key, review_id)
    return None if raw is None else as_text(raw)


async def _item_or_404(request: web.Request) -> dict[str, Any]:
    review_id = request.match_info["review_id"]
    item = await request.app[CONSOLE].store.item(review_id) if len(review_id) <= MAX_ID else None
    if item is None:
        raise page_error(404, translate("No review item with this id (yet): the console may still be reading "
                                        "qinglang.review.", request[LANG]))
    return item


async def item_page(request: web.Request) -> web.StreamResponse:
    console = request.app[CONSOLE]
    item = await _item_or_404(request)
    review_id = item["review_id"]
    decision = await console.store.decision(review_id)
    claims = await console.store.claims([review_id])
    return render(request, "item.html", {
        "item": item, "age": _age(item["occurred_at"], _now_ms()),
        "violations": [violation_view(v, image_hosts=console.avatar_hosts) for v in item["violations"]],
        "decision": decision,
        "applied": await _applied(console, item["account_id"], review_id) if decision else None,
        "claimed_by": claims.get(review_id), "claim_left": await console.store.claim_left_s(review_id),
        **await _ledger_context(console, item["account_id"]), **await typical.item_context(console, item, decision),
        **flash(request)})


AVATAR_SIDE = 256  # pixels: the largest side of the avatar the item page shows


async def item_avatar(request: web.Request) -> web.StreamResponse:
    """The avatar of an item's D2 violation, fetched through the worker's safe fetcher (allow-listed hosts,
    public addresses only, size and time limits), decoded, shrunk and re-encoded as PNG here: what reaches
    the reviewer's browser is an image this console made, never the account's own bytes or URL."""
    console = request.app[CONSOLE]
    item = await _item_or_404(request)
    settings = console.config.settings
    n = request.match_info["n"]
    if not n.isdigit() or int(n) >= len(item["violations"]):  # digits only: no negative index from the end
        raise page_error(404, "no such violation on this item")
    violation = item["violations"][int(n)]
    url = str((violation.get("evidence") or {}).get("avatar_url") or "")
    if not url or not shown_avatar(url, console.avatar_hosts):
        raise page_error(404, "no avatar to show: none named, or its host is not in QINGLANG_AVATAR_HOSTS")
    try:
        data = await fetch_avatar(url, allowed_hosts=console.avatar_hosts, max_bytes=settings.avatar_max_bytes,
                                  timeout_s=settings.avatar_timeout_s, allow_private=settings.avatar_allow_private)
        png = await asyncio.to_thread(_thumbnail_png, data)
    except (AvatarFetchError, AvatarError, OSError) as error:  # OSError: an image Pillow cannot finish
        raise page_error(502, f"the avatar could not be fetched: {error}") from None
    return web.Response(body=png, content_type="image/png", headers={
        "Cache-Control": "private, max-age=300", "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'"})


def _thumbnail_png(data: bytes) -> bytes:
    image = decode_image(data)
    image.thumbnail((AVATAR_SIDE, AVATAR_SIDE))
    out = io.BytesIO()
    image.convert("RGBA").save(out, format="PNG")
    return out.getvalue()


def _back(item: dict[str, Any], done: str) -> web.HTTPSeeOther:
    return web.HTTPSeeOther(f"/items/{item['review_id']}?done={done}")


async def claim(request: web.Request) -> web.StreamResponse:
    console, session = request.app[CONSOLE], current_session(request)
    item = await _item_or_404(request)
    if item.get("withdrawn"):
        raise _back(item, "withdrawn")
    if await console.store.decision(item["review_id"]):
        raise _back(item, "already")
    holder = await console.store.claim(item["review_id"], session.user_id)
    raise _back(item, "claimed" if holder == session.user_id else "taken")


async def release(request: web.Request) -> web.StreamResponse:
    console, session = request.app[CONSOLE], current_session(request)
    item = await _item_or_404(request)
    await console.store.release(item["review_id"], session.user_id)
    raise _back(item, "released")


async def decide(request: web.Request) -> web.StreamResponse:
    """Confirm or dismiss → one `review.decided` record, with the signed-in reviewer's id (decision "Review")."""
    console, session = request.app[CONSOLE], current_session(request)
    lang = request[LANG]
    item = await _item_or_404(request)
    form = await request.post()
    review_id = item["review_id"]
    if item.get("withdrawn"):
        raise _back(item, "withdrawn")  # nothing to decide: the item no longer stands
    if await console.store.decision(review_id):
        raise _back(item, "already")  # the first decision on the topic stands, wherever it came from
    holder = await console.store.claim(review_id, session.user_id)
    if holder != session.user_id:
        raise page_error(409, translate("Another reviewer holds this item", lang) + f": {holder}")
    try:
        record = review_decided(item, str(form.get("decision", "")), session.user_id, str(form.get("note", "")))
    except DecisionError as exc:
        raise page_error(400, str(exc)) from None
    try:
        sent = await console.outbox.send(f"review:{review_id}", DECISIONS, record)
    except DecisionError as exc:
        raise page_error(409, str(exc)) from None
    except Exception as exc:
        raise page_error(503, translate("The decision could not be sent to Kafka; nothing was decided. "
                                        "Try again.", lang) + f" ({type(exc).__name__})") from None
    await console.store.index_decision(sent.record)  # the follower reads the same record back from the topic
    await console.store.release(review_id, session.user_id)
    if sent.fresh:
        await console.store.log(at=iso_now(), user=session.user_id, what="review.decided",
                                decision=sent.record["decision"], review_id=review_id,
                                account_id=item["account_id"], event_id=sent.record["event_id"])
    raise _back(item, "sent" if sent.fresh else "already")


async def lookup(request: web.Request) -> web.StreamResponse:
    account_id = _account_id(request.query.get("account_id", "").strip(), request[LANG])
    raise web.HTTPSeeOther(f"/accounts/{quote(account_id, safe='')}")


def _audit_rows(audit: tuple[Any, ...]) -> list[dict[str, Any]]:
    rows = []
    for entry in audit:
        at = entry.get("occurred_at_ms", "")
        when = datetime.fromtimestamp(int(at) / 1000, UTC).isoformat().replace("+00:00", "Z") if at.isdigit() else "?"
        detail = [(k, v) for k, v in entry.items() if k not in {"kind", "occurred_at_ms", "identity_hash", "owner"}]
        rows.append({"when": when, "kind": entry.get("kind", "?"), "detail": detail})
    return rows


async def account_page(request: web.Request) -> web.StreamResponse:
    """What `qinglang account` shows, with the account's review items and the appeal form."""
    console = request.app[CONSOLE]
    account_id = _account_id(request.match_info["account_id"], request[LANG])
    context = await _ledger_context(console, account_id)
    audit: tuple[Any, ...] = ()
    sanctions: list[tuple[str, str]] = []
    history = AccountHistory([], [])
    if context["ledger"] is not None:
        history = await read_history(console.redis, console.pipeline_prefix, account_id)
        audit = await console.ledger.audit(account_id)
        latest = await console.directory.sanctions_of(account_id)
        sanctions = [(name, datetime.fromtimestamp(at / 1000, UTC).isoformat().replace("+00:00", "Z"))
                     for name, at in sorted(latest.items(), key=lambda kv: kv[1])]
    review_ids = await console.store.reviews_of(account_id)
    items = await console.store.items(review_ids)
    rows = [{"item": i, "decision": await console.store.decision(i["review_id"])} for i in items]
    rows.sort(key=lambda r: r["item"]["occurred_at"])
    appealed = await console.store.appeals_of(account_id)
    appeals = list((await console.store.outbox(f"appeal:{account_id}:{v}" for v in appealed)).values())
    return render(request, "account.html", {
        "account_id": account_id, **context, "audit": _audit_rows(audit), "sanctions": sanctions,
        "credentials": history.credentials, "names": history.names,
        "reviews": rows, "appeals": appeals, **await typical.account_context(console, audit), **flash(request)})


async def appeal(request: web.Request) -> web.StreamResponse:
    """A supervisor resolves an appeal against one of the account's violations → one `appeal.resolved`."""
    console, session = request.app[CONSOLE], current_session(request)
    lang = request[LANG]
    account_id = _account_id(request.match_info["account_id"], lang)
    if not session.supervisor:
        raise page_error(403, translate("Only a supervisor resolves appeals.", lang))
    form = await request.post()
    violation_id = str(form.get("violation_id", ""))
    if not VIOLATION_ID.match(violation_id):
        raise page_error(400, translate("Choose a violation of this account.", lang))
    struck = {entry.get("violation_id") for entry in await console.ledger.audit(account_id)}
    if violation_id not in struck:
        raise page_error(400, translate("This account has no strike for that violation.", lang))
    try:
        record = appeal_resolved(account_id, violation_id, str(form.get("outcome", "")), resolved_by=session.user_id)
        sent = await console.outbox.send(f"appeal:{account_id}:{violation_id}", APPEALS, record)
    except DecisionError as exc:
        raise page_error(400, str(exc)) from None
    except Exception as exc:
        raise page_error(503, translate("The resolution could not be sent to Kafka; nothing was decided. "
                                        "Try again.", lang) + f" ({type(exc).__name__})") from None
    await console.store.remember_appeal(account_id, violation_id)
    if sent.fresh:
        await console.store.log(at=iso_now(), user=session.user_id, what="appeal.resolved",
                                outcome=sent.record["outcome"], violation_id=violation_id, account_id=account_id,
                                event_id=sent.record["event_id"])
    done = "appeal_sent" if sent.fresh else "appeal_already"
    raise web.HTTPSeeOther(f"/accounts/{quote(account_id, safe='')}?{urlencode({'done': done})}")


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= STATEMENT_EXCERPT else flat[:STATEMENT_EXCERPT] + "…"


async def appeals_queue(request: web.Request) -> web.StreamResponse:
    """Appeals filed on account.appeal: the open ones oldest first, or the latest resolved ones."""
    store = request.app[CONSOLE].store
    lang = request[LANG]
    status = request.query.get("status", "open") or "open"
    if status not in APPEAL_STATUSES:
        raise page_error(400, translate("Status is open or resolved.", lang))
    ids = await store.open_appeals() if status == "open" else await store.resolved_appeals(APPEAL_ROWS + 1)
    shown = await store.appeals(ids[:APPEAL_ROWS])
    now = _now_ms()
    rows = [{"appeal": a, "age": _age(a["occurred_at"], now), "statement": _excerpt(a["statement"])} for a in shown]
    open_count, resolved_count = await store.count_appeals()
    return render(request, "appeals.html", {
        "rows": rows, "status": status, "statuses": APPEAL_STATUSES, "open_count": open_count,
        "resolved_count": resolved_count, "truncated": len(ids) > len(shown),
        "total": open_count if status == "open" else resolved_count})


async def _appeal_or_404(request: web.Request) -> dict[str, Any]:
    appeal_id = request.match_info["appeal_id"]
    found = await request.app[CONSOLE].store.appeal(appeal_id) if APPEAL_ID.match(appeal_id) else None
    if found is None:
        raise page_error(404, translate("No appeal with this id (yet): the console may still be reading "
                                        "account.appeal.", request[LANG]))
    return found


def _outbox_key(appeal: dict[str, Any]) -> str:
    return f"appeal-filed:{appeal['appeal_id']}"


async def appeal_page(request: web.Request) -> web.StreamResponse:
    """One appeal: the statement, the violation and account, its resolution, and what the pipeline did
    about the violation since (the reversals it sent back, from the account's audit stream)."""
    console = request.app[CONSOLE]
    appeal = await _appeal_or_404(request)
    account_id, violation_id = appeal["account_id"], appeal["violation_id"]
    context = await _ledger_context(console, account_id)
    audit: tuple[Any, ...] = await console.ledger.audit(account_id) if context["ledger"] is not None else ()
    concerning = tuple(e for e in audit if e.get("violation_id") == violation_id)
    reversals = tuple(e for e in concerning if e.get("kind") == "action" and ("reverses" in e or "supersedes" in e))
    sent = (await console.store.outbox([_outbox_key(appeal)])).get(_outbox_key(appeal))
    resolution = appeal["resolution"] or sent
    applied = None
    if resolution is not None:
        applied = next((e for e in concerning if e.get("kind") == "appeal"
                        and e.get("appeal_id") == resolution["event_id"]), None)
    return render(request, "appeal.html", {
        "appeal": appeal, "age": _age(appeal["occurred_at"], _now_ms()), "sent": sent, "applied": applied,
        "struck": bool(concerning), "audit": _audit_rows(concerning), "reversals": _audit_rows(reversals),
        **context, **flash(request)})


async def resolve_appeal(request: web.Request) -> web.StreamResponse:
    """A supervisor resolves a filed appeal → one `appeal.resolved` with the session's id as `resolved_by`,
    its event id derived from the appeal, so submitting twice sends one record."""
    console, session = request.app[CONSOLE], current_session(request)
    lang = request[LANG]
    if not session.supervisor:
        raise page_error(403, translate("Only a supervisor resolves appeals.", lang))
    appeal = await _appeal_or_404(request)
    back = f"/appeals/{appeal['appeal_id']}"
    if appeal["resolution"] is not None:  # resolved on the topic, from here or elsewhere: that one stands
        raise web.HTTPSeeOther(f"{back}?done=appeal_already")
    form = await request.post()
    try:
        record = appeal_resolved(appeal["account_id"], appeal["violation_id"], str(form.get("outcome", "")),
                                 resolved_by=session.user_id, appeal_id=appeal["appeal_id"])
        sent = await console.outbox.send(_outbox_key(appeal), APPEALS, record)
    except DecisionError as exc:
        raise page_error(400, str(exc)) from None
    except Exception as exc:
        raise page_error(503, translate("The resolution could not be sent to Kafka; nothing was decided. "
                                        "Try again.", lang) + f" ({type(exc).__name__})") from None
    if sent.fresh:
        await console.store.log(at=iso_now(), user=session.user_id, what="appeal.resolved",
                                outcome=sent.record["outcome"], violation_id=appeal["violation_id"],
                                account_id=appeal["account_id"], appeal_id=appeal["appeal_id"],
                                event_id=sent.record["event_id"])
    raise web.HTTPSeeOther(f"{back}?done={'appeal_sent' if sent.fresh else 'appeal_already'}")


async def overview(request: web.Request) -> web.StreamResponse:
    """The last hour's violations by requirement and actions by sanction, and the review backlog by reason."""
    store = request.app[CONSOLE].store
    now = _now_ms()
    violations = await store.last_hour("violations", now)
    actions = await store.last_hour("actions", now)
    backlog = Counter(i["reason"] for i in await store.items(await store.open_ids()))
    by_requirement = dict(sorted(violations.items(), key=lambda kv: int(kv[0][1:]) if kv[0][1:].isdigit() else 99))
    return render(request, "overview.html", {"sections": [
        ("Review backlog by reason", dict(backlog.most_common()), "/queue?reason="),
        ("Violations in the last hour, by requirement", by_requirement, "/queue?requirement="),
        ("Actions in the last hour, by sanction", dict(sorted(actions.items(), key=lambda kv: -kv[1])), None)]})


async def activity(request: web.Request) -> web.StreamResponse:
    entries = await request.app[CONSOLE].store.recent_log()
    return render(request, "activity.html", {"entries": entries})


def add_routes(app: web.Application) -> None:
    app.router.add_get("/", home)
    app.router.add_get("/queue", queue)
    app.router.add_get("/items/{review_id}", item_page)
    app.router.add_get("/items/{review_id}/avatar/{n}", item_avatar)
    app.router.add_post("/items/{review_id}/claim", claim)
    app.router.add_post("/items/{review_id}/release", release)
    app.router.add_post("/items/{review_id}/decide", decide)
    app.router.add_get("/accounts", lookup)
    app.router.add_get("/accounts/{account_id}", account_page)
    app.router.add_post("/accounts/{account_id}/appeal", appeal)
    app.router.add_get("/appeals", appeals_queue)
    app.router.add_get("/appeals/{appeal_id}", appeal_page)
    app.router.add_post("/appeals/{appeal_id}/resolve", resolve_appeal)
    app.router.add_get("/activity", activity)
    app.router.add_get("/overview", overview)
    typical.add_routes(app)

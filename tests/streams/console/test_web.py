"""The console's pages over the real Redis (session fixture `redis_url`) with aiohttp's test client.

Kafka is replaced by a list the decisions are appended to; the end-to-end test sends them to the real broker.
"""

from __future__ import annotations

import asyncio
import io
import re
import secrets
import threading
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from aiohttp.test_utils import TestClient, TestServer
from history_rig import write_history
from PIL import Image
from redis.asyncio import Redis

from enforcement.ids import derive_id
from enforcement.ledger.redis import RedisLedger
from enforcement.policy import load_policy
from enforcement.review import review_record
from enforcement.violations import Violation
from streams.console.store import ConsoleStore
from streams.console.users import User, hash_password
from streams.console.web import ConsoleConfig, build_app
from streams.settings import Settings

PASSWORD = "console test password"
USERS = {"li.na": User("li.na", "reviewer", hash_password(PASSWORD)),
         "zhao": User("zhao", "reviewer", hash_password(PASSWORD)),
         "wang": User("wang", "supervisor", hash_password(PASSWORD))}
VIOLATION = Violation(account_id="u:42", rule="official_bio", confidence=0.76, source_event_id="e-42",
                      occurred_at=datetime(2026, 11, 1, 1, 8, tzinfo=UTC), field="bio", identity="local:341300:公安局",
                      evidence={"text": "苏州市公安局官方发布平台。", "matched": "苏州市公安局",
                                "steps": ["symbol", "sound"],
                                "protected_name": "宿州市公安局", "canonical": "苏州市公安局官方发布平台"})
ITEM = review_record(VIOLATION, "uncertain", "critical")
SPANNED = review_record(Violation(
    account_id="u:43", rule="official_name_similar", confidence=0.81, source_event_id="e-43",
    occurred_at=datetime(2026, 11, 1, 1, 9, tzinfo=UTC), field="name", identity="media:rmrb",
    evidence={"text": "关注人·民·日·報！", "matched": "人民日报", "protected_name": "人民日报", "view": "canonical",
              "canonical": "关注人民日报", "steps": ["t2s", "symbol", "canonical"], "span": [2, 9],
              "step_texts": [{"step": "t2s", "text": "关注人·民·日·报！"},
                             {"step": "symbol", "text": "关注人民日报"}]}),
    "uncertain", "high")

Sent = list[tuple[str, str, dict[str, Any]]]


def run(redis_url: str, body: Callable[[TestClient[Any, Any], Sent, str], Awaitable[None]],
        items: tuple[dict[str, Any], ...] = (ITEM,), avatar_hosts: str = "", **config: Any) -> None:
    """`avatar_hosts` names the hosts the console shows avatars from (loopback allowed then, for a test server)."""
    """A console on a fresh key space (its own topic prefix), the items indexed, decisions collected in a list."""
    prefix = f"c{secrets.token_hex(4)}."
    sent: Sent = []

    async def produce(topic: str, key: str, record: dict[str, Any]) -> None:
        sent.append((topic, key, record))

    async def go() -> None:
        client = Redis.from_url(redis_url)
        try:
            for item in items:
                await ConsoleStore(client, topic_prefix=prefix).index_item(item)
        finally:
            await client.aclose()
        settings = Settings(redis_url=redis_url, topic_prefix=prefix, avatar_hosts=avatar_hosts,
                            avatar_allow_private=bool(avatar_hosts))
        app = build_app(ConsoleConfig(settings=settings, users=USERS, follow=False, produce=produce, **config))
        async with TestClient(TestServer(app)) as http:
            await body(http, sent, prefix)

    asyncio.run(go())


async def sign_in(http: TestClient[Any, Any], user: str, password: str = PASSWORD) -> str:
    page = await (await http.get("/login")).text()
    token = re.search(r'name="csrf" value="([^"]+)"', page)
    assert token
    response = await http.post("/login", data={"user": user, "password": password, "csrf": token[1],
                                               "next": "/queue"}, allow_redirects=False)
    if response.status != 303:
        return ""
    assert "httponly" in response.headers["Set-Cookie"].lower()
    assert "samesite=strict" in response.headers["Set-Cookie"].lower()
    return await csrf_of(http, "/queue")


async def csrf_of(http: TestClient[Any, Any], path: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', await (await http.get(path)).text())
    assert found, path
    return found[1]


def test_pages_need_a_sign_in_and_a_wrong_password_is_refused(redis_url: str) -> None:
    async def body(http: TestClient[Any, Any], sent: Sent, prefix: str) -> None:
        response = await http.get("/queue", allow_redirects=False)
        assert response.status == 303 and response.headers["Location"].startswith("/login?next=")
        assert await sign_in(http, "li.na", "wrong password") == ""
        refused = await http.get("/login")
        token = re.search(r'name="csrf" value="([^"]+)"', await refused.text())
        assert token
        page = await http.post("/login", data={"user": "nobody", "password": "x", "csrf": token[1]})
        assert page.status == 401 and "用户不存在或密码错误" in await page.text()
        forged = await http.post("/login", data={"user": "li.na", "password": PASSWORD, "csrf": "forged"},
                                 allow_redirects=False)
        assert forged.status == 403

    run(redis_url, body)


def test_the_queue_shows_the_item_by_reason_and_filters_it(redis_url: str) -> None:
    async def body(http: TestClient[Any, Any], sent: Sent, prefix: str) -> None:
        await sign_in(http, "li.na")
        page = await (await http.get("/queue")).text()
        assert f'/items/{ITEM["review_id"]}' in page and "置信度不足 <b>1</b>" in page
        other = await (await http.get("/queue?reason=referral")).text()
        assert f'/items/{ITEM["review_id"]}' not in other
        old = await (await http.get("/queue?min_age_h=1")).text()  # raised in Nov 2026: older than an hour
        assert f'/items/{ITEM["review_id"]}' in old
        english = await http.get("/lang/en?next=/queue")
        assert "Uncertain" in await english.text() or "uncertain" in await english.text()
        bad = await http.get("/queue?min_age_h=soon")
        assert bad.status == 400 and "whole number of hours" in await bad.text()
        assert "Traceback" not in await bad.text()
        missing = await http.get("/items/" + "f" * 32)
        assert missing.status == 404 and "qinglang.review" in await missing.text()

    run(redis_url, body)


def test_the_item_page_highlights_the_match_and_names_the_identity(redis_url: str) -> None:
    async def body(http: TestClient[Any, Any], sent: Sent, prefix: str) -> None:
        await sign_in(http, "li.na")
        page = await (await http.get(f"/items/{ITEM['review_id']}")).text()
        assert "<mark>苏州市公安局</mark>官方发布平台。" in page
        assert "宿州市公安局" in page and "local:341300:公安局" in page
        assert "符号</span> → <span class=\"step\">读音" in page  # the normalisation steps, in order

    run(redis_url, body)


def test_the_item_page_marks_the_span_and_lists_each_step_with_its_text(redis_url: str) -> None:
    async def body(http: TestClient[Any, Any], sent: Sent, prefix: str) -> None:
        await sign_in(http, "li.na")
        page = await (await http.get(f"/items/{SPANNED['review_id']}")).text()
        assert "关注<mark>人·民·日·報</mark>！" in page
        assert "仅在规范化后匹配" not in page  # the span places the match in the text as sent
        steps = re.findall(r'<li><span class="step">([^<]+)</span> → ([^<]+)</li>', page)
        assert steps == [("繁转简", "关注人·民·日·报！"), ("符号", "关注人民日报")]
        await http.get("/lang/en")  # the English switch
        english = await (await http.get(f"/items/{SPANNED['review_id']}")).text()
        assert '<li><span class="step">t2s</span> → 关注人·民·日·报！</li>' in english

    run(redis_url, body, items=(ITEM, SPANNED))


def _avatar_item(account: str, url: str) -> dict[str, Any]:
    return review_record(Violation(
        account_id=account, rule="official_avatar", confidence=0.6, source_event_id=f"e-{account}",
        occurred_at=datetime(2026, 11, 1, 1, 10, tzinfo=UTC), field="avatar", identity="gov:mps",
        evidence={"field": "avatar", "pdq_distance": 40, "variant": "crop80", "verdict": "uncertain",
                  "avatar_hash": "ab" * 32, "logo_hash": "cd" * 32 + ":" + "ef" * 8, "avatar_url": url}),
        "uncertain", "critical")


def test_the_item_page_shows_the_avatar_through_the_console_only_from_an_allowed_host(
        redis_url: str, tmp_path: Path) -> None:
    Image.new("RGB", (600, 400), (200, 30, 30)).save(tmp_path / "44.png")
    (tmp_path / "not-an-image.png").write_bytes(b"<script>alert(1)</script>")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(SimpleHTTPRequestHandler, directory=str(tmp_path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    allowed = _avatar_item("u:44", f"{base}/44.png")
    broken = _avatar_item("u:47", f"{base}/not-an-image.png")
    elsewhere = _avatar_item("u:45", "https://tracker.example.net/pixel.png?who=reviewer")
    scripted = _avatar_item("u:46", 'javascript:alert(1)//127.0.0.1" onerror="x')

    async def body(http: TestClient[Any, Any], sent: Sent, prefix: str) -> None:
        await sign_in(http, "li.na")
        page = await (await http.get(f"/items/{allowed['review_id']}")).text()
        src = f"/items/{allowed['review_id']}/avatar/0"
        assert f'<img class="avatar" src="{src}"' in page and base not in page.split("<code>")[0]
        assert "pdq_distance" in page and "avatar_url" not in page  # the URL has its own row
        assert f"<code>{'cd' * 32}:{'ef' * 8}</code>" in page and f"<code>{'ab' * 32}</code>" in page
        image = await http.get(src)
        assert image.status == 200 and image.headers["Content-Type"] == "image/png"
        shown = Image.open(io.BytesIO(await image.read()))
        assert shown.format == "PNG" and max(shown.size) == 256  # made here, shrunk: not the account's bytes
        assert (await http.get(f"/items/{broken['review_id']}/avatar/0")).status == 502
        for wrong in ("1", "-1", "x"):
            assert (await http.get(f"/items/{allowed['review_id']}/avatar/{wrong}")).status == 404
        for item in (elsewhere, scripted):
            other = await (await http.get(f"/items/{item['review_id']}")).text()
            assert '<img class="avatar"' not in other
            assert "QINGLANG_AVATAR_HOSTS" in other  # the URL is shown as text, and why it is not shown
            assert (await http.get(f"/items/{item['review_id']}/avatar/0")).status == 404
        assert "onerror=&#34;x" in other or "onerror=&quot;x" in other  # escaped, never an attribute
        http.session.cookie_jar.clear()
        assert (await http.get(src, allow_redirects=False)).status == 303  # signed-in reviewers only

    try:
        run(redis_url, body, items=(allowed, broken, elsewhere, scripted), avatar_hosts="127.0.0.1")
    finally:
        server.shutdown()


def test_claim_decide_once_with_the_sessions_reviewer(redis_url: str) -> None:
    async def body(http: TestClient[Any, Any], sent: Sent, prefix: str) -> None:
        item_path = f"/items/{ITEM['review_id']}"
        token = await sign_in(http, "li.na")
        claimed = await http.post(f"{item_path}/claim", data={"csrf": token})
        assert "你已认领此条目" in await claimed.text()
        # the form says someone else decided: the record carries the session's reviewer
        decided = await http.post(f"{item_path}/decide", data={"csrf": token, "decision": "confirm",
                                                               "note": "名称与简介均冒充", "reviewer_id": "mallory"})
        assert decided.status == 200 and "review.decision" in await decided.text()
        again = await http.post(f"{item_path}/decide", data={"csrf": token, "decision": "dismiss", "note": ""})
        assert "未发送新的决定" in await again.text()
        assert len(sent) == 1
        topic, key, record = sent[0]
        assert (topic, key) == ("review.decision", "u:42")
        assert record["reviewer_id"] == "li.na" and record["decision"] == "confirm"
        assert record["review_id"] == ITEM["review_id"] and record["note"] == "名称与简介均冒充"
        assert ITEM["review_id"] not in await (await http.get("/queue")).text()  # no longer open
        decided_list = await (await http.get("/queue?status=decided")).text()
        assert ITEM["review_id"] in decided_list and "li.na" in decided_list
        activity = await (await http.get("/activity")).text()
        assert "li.na" in activity and "审核决定" in activity

    run(redis_url, body)


def test_a_claimed_item_cannot_be_decided_by_another_reviewer_until_the_claim_expires(redis_url: str) -> None:
    async def body(http: TestClient[Any, Any], sent: Sent, prefix: str) -> None:
        item_path = f"/items/{ITEM['review_id']}"
        token = await sign_in(http, "li.na")
        await http.post(f"{item_path}/claim", data={"csrf": token})
        http.session.cookie_jar.clear()
        token = await sign_in(http, "zhao")
        taken = await http.post(f"{item_path}/claim", data={"csrf": token})
        assert "其他审核员已认领此条目" in await taken.text() and "li.na" in await taken.text()
        refused = await http.post(f"{item_path}/decide", data={"csrf": token, "decision": "dismiss"})
        assert refused.status == 409 and sent == []
        for _ in range(100):  # the claim lasts four seconds here: long enough for a slow host to sign in twice
            page = await (await http.post(f"{item_path}/claim", data={"csrf": token})).text()
            if "你已认领此条目" in page:
                break
            await asyncio.sleep(0.1)
        else:
            raise AssertionError("the claim never expired")
        decided = await http.post(f"{item_path}/decide", data={"csrf": token, "decision": "dismiss"})
        assert decided.status == 200 and [r["reviewer_id"] for _, _, r in sent] == ["zhao"]

    run(redis_url, body, claim_ttl_s=4)


def test_a_form_without_the_csrf_token_is_refused(redis_url: str) -> None:
    async def body(http: TestClient[Any, Any], sent: Sent, prefix: str) -> None:
        token = await sign_in(http, "li.na")
        await http.post(f"/items/{ITEM['review_id']}/claim", data={"csrf": token})
        for data in ({"decision": "confirm"}, {"decision": "confirm", "csrf": token[:-1] + "x"}):
            refused = await http.post(f"/items/{ITEM['review_id']}/decide", data=data)
            text = await refused.text()
            assert refused.status == 403 and "安全令牌" in text and "Traceback" not in text
        assert sent == []

    run(redis_url, body)


def test_appeals_are_for_supervisors_and_for_the_accounts_own_strikes(redis_url: str) -> None:
    async def body(http: TestClient[Any, Any], sent: Sent, prefix: str) -> None:
        client = Redis.from_url(redis_url)
        try:
            await RedisLedger(client, load_policy(), key_prefix=f"ql:{prefix}").apply(VIOLATION)
        finally:
            await client.aclose()
        account = "/accounts/u:42"
        token = await sign_in(http, "li.na")
        page = await (await http.get("/accounts?account_id=u:42")).text()
        assert VIOLATION.violation_id in page and "只有主管可以处理申诉" in page
        refused = await http.post(f"{account}/appeal", data={"csrf": token, "violation_id": VIOLATION.violation_id,
                                                             "outcome": "overturned"})
        assert refused.status == 403 and sent == []
        http.session.cookie_jar.clear()
        token = await sign_in(http, "wang")
        unknown = await http.post(f"{account}/appeal", data={"csrf": token, "violation_id": "0" * 32,
                                                             "outcome": "overturned"})
        assert unknown.status == 400 and sent == []
        for _ in range(2):
            done = await http.post(f"{account}/appeal", data={"csrf": token, "violation_id": VIOLATION.violation_id,
                                                              "outcome": "overturned", "resolved_by": "mallory"})
            assert done.status == 200
        assert [(t, k, r["type"], r["outcome"], r["resolved_by"]) for t, k, r in sent] == [
            ("account.appeal", "u:42", "appeal.resolved", "overturned", "wang")]  # the session's, not the form's
        activity = await http.get("/activity")
        assert activity.status == 200 and "申诉处理" in await activity.text()  # an entry without a review_id

    run(redis_url, body)


STATEMENT = "我是苏州本地的生活博主，简介写的是\n“苏州市公安局官方发布平台”的转发说明，不是冒充。"
APPEAL = {"appeal_id": "a" * 32, "event_id": "e-appeal-1", "account_id": "u:42",
          "violation_id": VIOLATION.violation_id, "statement": STATEMENT, "occurred_at": "2026-11-02T00:00:00Z"}


async def _file_appeal_and_strike(redis_url: str, prefix: str) -> None:
    """The strike in the pipeline's ledger and the appeal in the console's index (as the follower puts it)."""
    client = Redis.from_url(redis_url)
    try:
        await RedisLedger(client, load_policy(), key_prefix=f"ql:{prefix}").apply(VIOLATION)
        await ConsoleStore(client, topic_prefix=prefix).index_appeal(APPEAL, partition=0, offset=0)
    finally:
        await client.aclose()


def test_reviewers_see_the_appeals_queue_but_only_a_supervisor_resolves(redis_url: str) -> None:
    async def body(http: TestClient[Any, Any], sent: Sent, prefix: str) -> None:
        await _file_appeal_and_strike(redis_url, prefix)
        token = await sign_in(http, "li.na")
        queue = await (await http.get("/appeals")).text()
        assert "我是苏州本地的生活博主" in queue and f'/appeals/{"a" * 32}' in queue
        assert f'/accounts/u%3A42#violation-{VIOLATION.violation_id}' in queue and "待审 <b>1</b>" in queue
        page = await (await http.get(f"/appeals/{'a' * 32}")).text()
        assert "不是冒充" in page and "只有主管可以处理申诉" in page and "/resolve" not in page
        refused = await http.post(f"/appeals/{'a' * 32}/resolve", data={"csrf": token, "outcome": "overturned"})
        text = await refused.text()
        assert refused.status == 403 and "只有主管可以处理申诉" in text and "Traceback" not in text
        assert sent == []
        english = await (await http.get("/lang/en?next=/appeals")).text()
        assert "Statement" in english and "Appeals" in english
        bad = await http.get("/appeals?status=closed")
        assert bad.status == 400 and "open or resolved" in await bad.text()
        missing = await http.get("/appeals/" + "f" * 32)
        assert missing.status == 404 and "account.appeal" in await missing.text()

    run(redis_url, body)


def test_a_supervisor_resolves_an_appeal_once_and_sees_what_the_pipeline_did(redis_url: str) -> None:
    async def body(http: TestClient[Any, Any], sent: Sent, prefix: str) -> None:
        await _file_appeal_and_strike(redis_url, prefix)
        path = f"/appeals/{'a' * 32}"
        token = await sign_in(http, "wang")
        assert f'action="{path}/resolve"' in await (await http.get(path)).text()
        for data in ({"outcome": "overturned"}, {"outcome": "overturned", "csrf": token[:-1] + "x"}):
            refused = await http.post(f"{path}/resolve", data=data)
            assert refused.status == 403 and "安全令牌" in await refused.text()
        wrong = await http.post(f"{path}/resolve", data={"csrf": token, "outcome": "maybe"})
        assert wrong.status == 400 and sent == []
        for _ in range(2):  # submitted twice (a double click, a reload): one record
            done = await http.post(f"{path}/resolve", data={"csrf": token, "outcome": "overturned",
                                                           "resolved_by": "mallory"})
            assert done.status == 200
        assert len(sent) == 1
        topic, key, record = sent[0]
        assert (topic, key, record["type"], record["outcome"]) == ("account.appeal", "u:42", "appeal.resolved",
                                                                   "overturned")
        assert record["resolved_by"] == "wang" and record["violation_id"] == VIOLATION.violation_id
        assert record["event_id"] == derive_id("console.appeal.filed.resolved", "a" * 32)
        waiting = await (await http.get(path)).text()
        assert "已发送" in waiting and f'action="{path}/resolve"' not in waiting and "尚未执行" in waiting
        assert path in await (await http.get("/appeals")).text()  # open until the resolution is read back
        # the pipeline applies it and the follower reads it back from the topic
        client = Redis.from_url(redis_url)
        try:
            await RedisLedger(client, load_policy(), key_prefix=f"ql:{prefix}").appeal(
                "u:42", VIOLATION.violation_id, decision="overturned", appeal_id=record["event_id"],
                at=datetime(2026, 11, 3, tzinfo=UTC))
            await ConsoleStore(client, topic_prefix=prefix).index_appeal_resolution(record, partition=0, offset=1)
        finally:
            await client.aclose()
        resolved = await (await http.get(path)).text()
        assert "已处理" in resolved and "wang" in resolved and "已执行" in resolved
        assert "reverses=" in resolved  # the reversal the pipeline sent back, from the account's audit
        assert path not in await (await http.get("/appeals")).text()
        assert path in await (await http.get("/appeals?status=resolved")).text()
        again = await http.post(f"{path}/resolve", data={"csrf": token, "outcome": "upheld"})
        assert "该申诉已处理" in await again.text() and len(sent) == 1
        assert path in await (await http.get("/activity")).text()

    run(redis_url, body)


def test_the_overview_counts_the_last_hour_once_per_id_and_the_backlog(redis_url: str) -> None:
    async def body(http: TestClient[Any, Any], sent: Sent, prefix: str) -> None:
        client = Redis.from_url(redis_url)
        now = int(datetime.now(UTC).timestamp() * 1000)
        try:
            store = ConsoleStore(client, topic_prefix=prefix)
            for violation_id, requirement, at in (("v1", "D1", now), ("v1", "D1", now), ("v2", "D1", now - 600_000),
                                                  ("v3", "D12", now - 7_200_000)):
                await store.count_output("violations", requirement, violation_id, at)
            await store.count_output("actions", "mute", "a1", now)
        finally:
            await client.aclose()
        await sign_in(http, "li.na")
        page = await (await http.get("/overview")).text()
        assert '<a href="/queue?requirement=D1">D1</a>' in page and "D12" not in page  # D12's is two hours old
        assert re.search(r'requirement=D1">D1</a></th>\s*<td><span class="bar" style="width: 100.0%"></span> 2<', page)
        assert "禁言" in page and "置信度不足" in page

    run(redis_url, body)


def test_repeated_failed_sign_ins_lock_the_user_name_for_a_while(redis_url: str) -> None:
    async def body(http: TestClient[Any, Any], sent: Sent, prefix: str) -> None:
        for _ in range(10):
            assert await sign_in(http, "zhao", "not the password") == ""
        page = await http.get("/login")
        token = re.search(r'name="csrf" value="([^"]+)"', await page.text())
        assert token
        refused = await http.post("/login", data={"user": "zhao", "password": PASSWORD, "csrf": token[1]})
        assert refused.status == 403 and "15 分钟" in await refused.text()
        assert await sign_in(http, "li.na")  # another user name is not affected

    run(redis_url, body)


def test_the_console_account_page_shows_credentials_and_names_over_time(redis_url: str) -> None:
    async def body(http: TestClient[Any, Any], sent: Sent, prefix: str) -> None:
        await write_history(redis_url, f"ql:{prefix}")
        await sign_in(http, "li.na")
        page = await (await http.get("/accounts/u:42")).text()
        assert "资质" in page and "历史名称" in page
        assert "lic-1" in page and "已过期" in page and "长期有效" in page
        assert page.index("小王的菜园") < page.index("人民日报") and "冒充" in page
        english = await (await http.get("/lang/en?next=/accounts/u:42")).text()
        assert "Names over time" in english and "open-ended" in english

    run(redis_url, body)


def test_an_item_sent_again_withdrawn_leaves_the_queue_and_cannot_be_decided(redis_url: str) -> None:
    """A review item sent again with `withdrawn` (an earlier blacklisting of the owner stands instead) leaves
    the queue, even when its first body is read again afterwards; its page says so, and neither a claim nor
    a decision sends anything."""
    withdrawn = {**ITEM, "withdrawn": True, "withdrawn_by": "a" * 32}

    async def body(http: TestClient[Any, Any], sent: Sent, prefix: str) -> None:
        csrf = await sign_in(http, "li.na")
        assert f'/items/{ITEM["review_id"]}' not in await (await http.get("/queue")).text()
        page = await (await http.get(f'/items/{ITEM["review_id"]}')).text()
        assert "已撤回" in page and "a" * 32 in page
        for action in ("claim", "decide"):
            response = await http.post(f'/items/{ITEM["review_id"]}/{action}',
                                       data={"csrf": csrf, "decision": "confirm"}, allow_redirects=False)
            assert response.status == 303 and response.headers["Location"].endswith("?done=withdrawn")
        assert sent == []

    run(redis_url, body, items=(ITEM, withdrawn, ITEM))

"""The reviewer console against a real worker, Kafka and Redis (decisions "End-to-end tests" and "People
act through events").

A worker turns the spine recording into review items; the console follows `qinglang.review`, a reviewer
signs in in headless Chromium, claims an uncertain item, writes a note and clicks confirm; the same form
sent again (with a forged reviewer id) adds nothing: exactly one `review.decided` record with the
session's reviewer id lands on `review.decision`, and the worker applies it (the strike is in the ledger).
The owner appeals (an `appeal.filed` record produced here); it shows in the appeals queue, a reviewer is
refused its resolve form, a supervisor clicks uphold in Chromium (sent again: still one `appeal.resolved`,
with `resolved_by` from the session) and the worker records it. A reviewer is refused the account page's appeal form; a
supervisor overturns the strike there and the worker removes it.
Headless Chromium then takes pictures of the pages into a temporary folder, or into
QINGLANG_CONSOLE_PICTURES (scripts/console_pictures.sh points it at docs/img), submits a forged form
without the session's token (refused with a page saying why), and, signed in as a reviewer, reads the
appeal without a resolve form and is refused a resolution sent with the reviewer's own token.
"""

from __future__ import annotations

import asyncio
import os
import re
import secrets
import shutil
import time
from pathlib import Path
from typing import Any

import orjson
import pytest
from aiohttp.test_utils import TestClient, TestServer
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType
from golden import GOLDEN_DIR
from pipeline_run import _keep_old_records
from redis.asyncio import Redis

from enforcement.ledger.redis import RedisLedger
from enforcement.policy import load_policy
from streams.bus import topics
from streams.bus.reader import read_topic
from streams.bus.recording import RecordedRecord, read_recording
from streams.bus.replay import replay_records
from streams.bus.topics import TopicNames, ensure_topics
from streams.console.follower import filed_appeal_id
from streams.console.store import ConsoleStore
from streams.console.users import User, hash_password
from streams.console.web import ConsoleConfig, build_app
from streams.local.harness import WorkerProcess, start_worker, wait_for_group
from streams.local.services.process import free_port
from streams.settings import Settings

pytestmark = pytest.mark.e2e
PASSWORD = "e2e console password"
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"  # Debian's chromium, chromium-driver


def test_a_reviewer_confirms_an_item_the_worker_raised(kafka_bootstrap: str, redis_url: str, run_dir: Path,
                                                       tmp_path: Path) -> None:
    run_id = secrets.token_hex(4)
    prefix, app_id = f"c{run_id}.", f"qinglang-console-{run_id}"
    names = TopicNames(prefix)
    asyncio.run(ensure_topics(kafka_bootstrap, names, partitions=3, replication=1))
    asyncio.run(_keep_old_records(kafka_bootstrap, names))
    asyncio.run(_append_time_on_outputs(kafka_bootstrap, names))
    records = list(read_recording(GOLDEN_DIR / "spine" / "recording.jsonl"))
    registry = [r for r in records if r.topic in topics.REGISTRY_TOPICS]
    rest = [r for r in records if r.topic not in topics.REGISTRY_TOPICS]
    if registry:
        asyncio.run(replay_records(registry, bootstrap=kafka_bootstrap, names=names))
    env = {"QINGLANG_KAFKA_BOOTSTRAP": kafka_bootstrap, "QINGLANG_REDIS_URL": redis_url,
           "QINGLANG_TOPIC_PREFIX": prefix, "QINGLANG_APP_ID": app_id, "QINGLANG_PARTITIONS": "3",
           "QINGLANG_COMMIT_INTERVAL": "0.3", "QINGLANG_LOG_LEVEL": "warn"}
    worker = start_worker(env, run_dir / f"console-worker-{run_id}.log")
    try:
        asyncio.run(replay_records(rest, bootstrap=kafka_bootstrap, names=names))
        produced = sum(1 for r in rest if r.topic in topics.INPUT_TOPICS)
        asyncio.run(wait_for_group(kafka_bootstrap, app_id, names, timeout=180, at_least=produced))
        reviews = [orjson.loads(v) for _, v, _ in asyncio.run(read_topic(kafka_bootstrap,
                                                                         names.physical(topics.REVIEW))) if v]
        def readable(review: dict[str, Any]) -> bool:  # its matched part occurs in the text as written
            evidence = review["violations"][0].get("evidence", {})
            return bool(evidence.get("matched")) and evidence["matched"] in evidence.get("text", "")

        item = next(r for r in reviews if r["reason"] == "uncertain" and readable(r))
        pictures = Path(os.environ.get("QINGLANG_CONSOLE_PICTURES") or tmp_path)
        asyncio.run(_review(Settings(kafka_bootstrap=kafka_bootstrap, redis_url=redis_url, topic_prefix=prefix),
                            item, worker, app_id, names, produced, pictures))
    finally:
        worker.stop()


async def _append_time_on_outputs(bootstrap: str, names: TopicNames) -> None:
    """The output topics as the worker creates them: the broker's append time on each record (the console's
    overview counts the last hour by it). `_keep_old_records` replaced their whole config, which dropped it."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.alter_configs([ConfigResource(ConfigResourceType.TOPIC, names.physical(t), {
            "retention.ms": "-1", "message.timestamp.type": "LogAppendTime"}) for t in topics.OUTPUT_TOPICS])
    finally:
        await admin.close()


async def _review(settings: Settings, item: dict[str, Any], worker: WorkerProcess, app_id: str, names: TopicNames,
                  produced: int, pictures: Path) -> None:
    users = {"li.na": User("li.na", "reviewer", hash_password(PASSWORD)),
             "wang": User("wang", "supervisor", hash_password(PASSWORD))}
    app = build_app(ConsoleConfig(settings=settings, users=users))
    async with TestClient(TestServer(app, host="127.0.0.1", port=free_port())) as http:
        page = await _wait_for(http, "/queue", item["review_id"])
        assert "置信度不足" in page
        token = await _sign_in(http, "li.na")
        item_path = f"/items/{item['review_id']}"
        base = str(http.make_url("/"))
        # a person's clicks in Chromium: sign in, claim the item, write a note, confirm
        await asyncio.to_thread(_click_through, base, "li.na", item_path, [
            ("form[action$='/claim'] button", "你已认领此条目"),
            ("textarea[name=note]", "e2e"),
            ("button.confirm", "决定已写入 review.decision"),
        ])
        # the same decision sent again (a resent form, another tab), with a reviewer id in the form: nothing new
        response = await http.post(f"{item_path}/decide", data={"csrf": token, "decision": "confirm",
                                                                "note": "e2e", "reviewer_id": "mallory"})
        assert response.status == 200
        raw = await read_topic(settings.kafka_bootstrap, names.physical("review.decision"))
        decisions = [orjson.loads(v) for _, v, _ in raw if v]
        assert len(decisions) == 1
        assert decisions[0]["reviewer_id"] == "li.na" and decisions[0]["review_id"] == item["review_id"]
        assert decisions[0]["decision"] == "confirm" and decisions[0]["type"] == "review.decided"

        # the worker applies it like any other input: its review store and the ledger show the decision
        await wait_for_group(settings.kafka_bootstrap, app_id, names, timeout=120, at_least=produced + 1)
        violation_id = item["violations"][0]["violation_id"]
        client = Redis.from_url(settings.redis_url)
        try:
            state = await RedisLedger(client, load_policy(), key_prefix=f"ql:{settings.topic_prefix}").account_state(
                item["account_id"])
            indexed = await ConsoleStore(client, topic_prefix=settings.topic_prefix).decision(item["review_id"])
        finally:
            await client.aclose()
        assert violation_id in {s.violation_id for s in state.strikes}
        assert indexed is not None and indexed["event_id"] == decisions[0]["event_id"]
        after = await (await http.get(item_path)).text()
        assert "已执行" in after and "li.na" in after

        appeal_path = await _appeal_upheld_from_the_queue(http, settings, item, app_id, names, produced + 2)

        # the reviewer may not resolve the appeal; the supervisor overturns it and the worker removes the strike
        http.session.cookie_jar.clear()
        token = await _sign_in(http, "li.na")
        account_path = f"/accounts/{item['account_id']}"
        refused = await http.post(f"{account_path}/appeal", data={"csrf": token, "violation_id": violation_id,
                                                                  "outcome": "overturned"})
        assert refused.status == 403
        http.session.cookie_jar.clear()
        token = await _sign_in(http, "wang")
        resolved = await http.post(f"{account_path}/appeal", data={"csrf": token, "violation_id": violation_id,
                                                                   "outcome": "overturned"})
        assert resolved.status == 200
        appeals = [orjson.loads(v) for _, v, _ in await read_topic(settings.kafka_bootstrap,
                                                                   names.physical("account.appeal")) if v]
        assert [(a["outcome"], a.get("resolved_by")) for a in appeals if a["violation_id"] == violation_id
                and a["type"] == "appeal.resolved"] == [("upheld", "wang"), ("overturned", "wang")]
        await wait_for_group(settings.kafka_bootstrap, app_id, names, timeout=120, at_least=produced + 4)
        client = Redis.from_url(settings.redis_url)
        try:
            ledger = RedisLedger(client, load_policy(), key_prefix=f"ql:{settings.topic_prefix}")
            state = await ledger.account_state(item["account_id"])
            audit = await ledger.audit(item["account_id"])
        finally:
            await client.aclose()
        assert violation_id not in {s.violation_id for s in state.strikes}
        assert any(e.get("kind") == "appeal" and e.get("violation_id") == violation_id for e in audit)
        assert "overturned" in await (await http.get(account_path)).text()
        assert "reverses=" in await (await http.get(appeal_path)).text()  # the reversal, on the appeal's page
        # the overview counted the run's violations and actions (written moments ago, by the broker's clock)
        overview = await (await http.get("/overview")).text()
        assert "/queue?requirement=D" in overview and "无。" not in overview
        assert worker.process.poll() is None
        await asyncio.to_thread(_pictures, str(http.make_url("/")), item, appeal_path, pictures)


async def _appeal_upheld_from_the_queue(http: TestClient[Any, Any], settings: Settings, item: dict[str, Any],
                                        app_id: str, names: TopicNames, consumed: int) -> str:
    """The owner appeals the confirmed strike; a supervisor upholds it from the appeals queue. Returns the
    appeal's page. `consumed`: the input records the worker has read once the appeal is filed."""
    account_id, violation_id = item["account_id"], item["violations"][0]["violation_id"]
    now_ms = int(time.time() * 1000)
    occurred_at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now_ms / 1000))
    filed = {"schema_version": 1, "event_id": "e2e-appeal-1", "type": "appeal.filed", "account_id": account_id,
             "occurred_at": occurred_at, "violation_id": violation_id, "statement": "这是我本人的账号，请复核。"}
    await replay_records([RecordedRecord("account.appeal", account_id.encode(), orjson.dumps(filed), now_ms)],
                         bootstrap=settings.kafka_bootstrap, names=names)
    appeal_path = f"/appeals/{filed_appeal_id(account_id, 'e2e-appeal-1')}"
    await _wait_for(http, "/appeals", appeal_path)
    token = await _sign_in(http, "li.na")
    assert "这是我本人的账号" in await (await http.get(appeal_path)).text()
    refused = await http.post(f"{appeal_path}/resolve", data={"csrf": token, "outcome": "upheld"})
    assert refused.status == 403 and "只有主管可以处理申诉" in await refused.text()
    http.session.cookie_jar.clear()
    token = await _sign_in(http, "wang")
    # the supervisor upholds it with a click; the same resolution sent again, naming another resolver, adds nothing
    await asyncio.to_thread(_click_through, str(http.make_url("/")), "wang", appeal_path,
                            [("form.appeal-form button[value=upheld]", "申诉处理已写入 account.appeal")])
    response = await http.post(f"{appeal_path}/resolve", data={"csrf": token, "outcome": "upheld",
                                                                 "resolved_by": "mallory"})
    assert response.status == 200
    await wait_for_group(settings.kafka_bootstrap, app_id, names, timeout=120, at_least=consumed + 1)
    deadline = time.monotonic() + 60
    while "已执行" not in (page := await (await http.get(appeal_path)).text()):  # read back, then applied
        assert time.monotonic() < deadline, "the appeal never showed as resolved and applied"
        await asyncio.sleep(0.25)
    assert "已处理" in page and "wang" in page and "mallory" not in page
    client = Redis.from_url(settings.redis_url)
    try:
        audit = await RedisLedger(client, load_policy(), key_prefix=f"ql:{settings.topic_prefix}").audit(account_id)
    finally:
        await client.aclose()
    assert [(e["decision"], e.get("resolved_by")) for e in audit
            if e.get("kind") == "appeal" and e.get("violation_id") == violation_id] == [("upheld", "wang")]
    assert appeal_path not in await (await http.get("/appeals")).text()  # no longer open
    return appeal_path


async def _wait_for(http: TestClient[Any, Any], path: str, text: str, timeout: float = 60.0) -> str:
    """Sign in as the supervisor and poll `path` until `text` shows (the console follows the topic)."""
    await _sign_in(http, "wang")
    deadline = time.monotonic() + timeout
    while True:
        page = await (await http.get(path)).text()
        if text in page:
            http.session.cookie_jar.clear()
            return page
        if time.monotonic() > deadline:
            raise AssertionError(f"{text} not on {path} after {timeout:.0f}s")
        await asyncio.sleep(0.25)


async def _sign_in(http: TestClient[Any, Any], user: str) -> str:
    form = await (await http.get("/login")).text()
    token = re.search(r'name="csrf" value="([^"]+)"', form)
    assert token
    await http.post("/login", data={"user": user, "password": PASSWORD, "csrf": token[1]})
    found = re.search(r'name="csrf" value="([^"]+)"', await (await http.get("/queue")).text())
    assert found
    return found[1]


def _chromium() -> Any:
    """Headless Debian Chromium through Debian's chromedriver (nothing downloaded)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    assert shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER), "scripts/system-deps.sh installs chromium"
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1000",
                     "--disable-dev-shm-usage"):
        options.add_argument(argument)
    return webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))


def _click_through(base: str, user: str, path: str, steps: list[tuple[str, str]]) -> None:
    """Sign in as `user` in Chromium, open `path`, then for each (CSS selector, text): type the text into a
    text box, or click the button and wait until the page that follows shows the text."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser = _chromium()
    try:
        browser.get(base + "login")
        browser.find_element(By.NAME, "user").send_keys(user)
        browser.find_element(By.NAME, "password").send_keys(PASSWORD)
        browser.find_element(By.CSS_SELECTOR, "form button").click()
        WebDriverWait(browser, 20).until(lambda b: "/queue" in b.current_url)
        browser.get(base + path.lstrip("/"))
        for selector, text in steps:
            element = browser.find_element(By.CSS_SELECTOR, selector)
            if element.tag_name in ("textarea", "input"):
                element.send_keys(text)
                continue
            element.click()
            WebDriverWait(browser, 20).until(lambda b, text=text: text in b.page_source,
                                             f"{text!r} never showed after clicking {selector}")
            assert "Traceback" not in browser.page_source
    finally:
        browser.quit()


def _pictures(base: str, item: dict[str, Any], appeal_path: str, folder: Path) -> None:
    """Sign in with a real browser and save the queue, the decided item and the account page."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser = _chromium()
    folder.mkdir(parents=True, exist_ok=True)
    try:
        browser.get(base + "login")
        browser.find_element(By.NAME, "user").send_keys("wang")
        browser.find_element(By.NAME, "password").send_keys(PASSWORD)
        browser.find_element(By.CSS_SELECTOR, "form button").click()
        WebDriverWait(browser, 20).until(lambda b: "/queue" in b.current_url)
        browser.get(base + "queue?status=decided")
        assert item["review_id"] in browser.page_source
        browser.get(base + "overview")
        _whole_page(browser, folder / "console-overview.png")
        browser.get(base + "queue")
        _whole_page(browser, folder / "console-queue.png")
        browser.get(base + f"items/{item['review_id']}")
        assert f"<mark>{item['violations'][0]['evidence']['matched']}</mark>" in browser.page_source
        _whole_page(browser, folder / "console-item.png")
        browser.get(base + f"accounts/{item['account_id']}")
        _whole_page(browser, folder / "console-account.png")
        browser.get(base + "appeals?status=resolved")
        assert appeal_path in browser.page_source
        # a forged form (another site's page posting to the console, with the session's cookie but without
        # the session's token) is refused with a page saying why, and decides nothing
        browser.execute_script(
            "const f = document.createElement('form'); f.method = 'post'; f.action = arguments[0];"
            "const o = document.createElement('input'); o.name = 'outcome'; o.value = 'overturned'; f.append(o);"
            "document.body.append(f); f.submit();", base + appeal_path.lstrip("/") + "/resolve")
        WebDriverWait(browser, 20).until(lambda b: "安全令牌缺失或已过期" in b.page_source)
        assert "Traceback" not in browser.page_source
        # a reviewer reads the appeal; a resolution sent with the reviewer's own valid token is refused
        browser.delete_all_cookies()
        browser.get(base + "login")
        browser.find_element(By.NAME, "user").send_keys("li.na")
        browser.find_element(By.NAME, "password").send_keys(PASSWORD)
        browser.find_element(By.CSS_SELECTOR, "form button").click()
        WebDriverWait(browser, 20).until(lambda b: "/queue" in b.current_url)
        browser.get(base + appeal_path.lstrip("/"))
        assert "这是我本人的账号" in browser.page_source
        assert f'action="{appeal_path}/resolve"' not in browser.page_source
        browser.execute_script(
            "const f = document.createElement('form'); f.method = 'post'; f.action = arguments[0];"
            "for (const [n, v] of [['csrf', document.querySelector('input[name=csrf]').value],"
            " ['outcome', 'overturned']]) { const i = document.createElement('input'); i.name = n; i.value = v;"
            " f.append(i); }"
            "document.body.append(f); f.submit();", base + appeal_path.lstrip("/") + "/resolve")
        WebDriverWait(browser, 20).until(lambda b: "只有主管可以处理申诉" in b.page_source)
    finally:
        browser.quit()
    pages = ("overview", "queue", "item", "account")
    assert all((folder / f"console-{name}.png").stat().st_size > 10_000 for name in pages)


def _whole_page(browser: Any, path: Path) -> None:
    """The page down to its end (at most 2400 px), not only the first screen."""
    height = int(browser.execute_script("return document.documentElement.scrollHeight"))
    browser.set_window_size(1280, min(max(height, 700), 2400))
    browser.save_screenshot(str(path))

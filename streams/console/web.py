"""The console's aiohttp application: wiring, sessions, CSRF, error pages and sign-in.

One place builds everything (settings, Redis, the Kafka producer, the follower) and hands it to the
handlers through the application; the pages themselves are in `pages.py`.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import secrets
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import aiohttp_jinja2
import jinja2
import orjson
from aiohttp import web
from redis.asyncio import Redis

from enforcement.accounts.redis_stores import RedisProfileStore
from enforcement.ledger.redis import RedisLedger
from enforcement.policy import load_policy
from enforcement.sanctions.redis_stores import RedisDirectory
from streams.bus import topics
from streams.bus.connection import client_kwargs
from streams.bus.topics import TopicNames, ensure_topics
from streams.console.decisions import Outbox, Produce
from streams.console.follower import APPEALS, DECISIONS, Follower
from streams.console.i18n import LANGS, translate
from streams.console.store import ConsoleStore, Session
from streams.console.users import User, check_password, hash_password
from streams.redis_connection import async_client
from streams.settings import Settings

log = logging.getLogger("qinglang.console")
SESSION_COOKIE = "qlc_session"
LOGIN_COOKIE = "qlc_login"  # double-submit token of the sign-in form (there is no session yet to hold one)
LANG_COOKIE = "qlc_lang"
MAX_FAILED_SIGN_INS, FAILED_WINDOW_S = 10, 15 * 60  # then that user name is refused for the rest of the window
PUBLIC = ("/login", "/static/", "/lang/", "/healthz", "/favicon.ico")
# checked when the user is unknown, so a wrong user name costs as long as a wrong password
_DUMMY_HASH = hash_password("not a password of anyone", salt=b"qinglang-console")


@dataclass
class ConsoleConfig:
    """What `qinglang console` runs with; tests pass `produce` (no Kafka) and `follow=False`."""

    settings: Settings
    users: Mapping[str, User]
    session_ttl_s: int = 8 * 3600
    claim_ttl_s: int = 15 * 60
    follow: bool = True
    produce: Produce | None = None


@dataclass
class Console:
    """Everything the handlers use, built once at start-up."""

    config: ConsoleConfig
    redis: Redis
    store: ConsoleStore
    outbox: Outbox
    ledger: RedisLedger
    directory: RedisDirectory
    profiles: RedisProfileStore
    pipeline_prefix: str
    follower: Follower | None = None
    tasks: list[asyncio.Task[Any]] = field(default_factory=list)
    closers: list[Callable[[], Awaitable[Any]]] = field(default_factory=list)

    @property
    def avatar_hosts(self) -> frozenset[str]:
        """The hosts whose avatars the item page loads: those the worker fetches avatars from."""
        return self.config.settings.avatar_host_set()


CONSOLE = web.AppKey("console", Console)
CONFIG = web.AppKey("config", ConsoleConfig)
LANG = web.RequestKey("lang", str)
SESSION = web.RequestKey("session", Session | None)  # type: ignore[arg-type]

_TITLES = {400: "Bad request", 401: "Sign in", 403: "Forbidden", 404: "Not found", 405: "Method not allowed",
           409: "Conflict", 502: "Bad gateway", 503: "Service unavailable"}


def safe_next(value: str | None) -> str:
    """Only a path on this site: an open redirect would let a link sign a reviewer in and send them away."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/queue"


def render(request: web.Request, template: str, context: Mapping[str, Any], *, status: int = 200) -> web.Response:
    """A page with what every page shows (who is signed in, language, the follower's state)."""
    lang = request.get(LANG, "zh")
    console: Console | None = request.app.get(CONSOLE)
    follower = console.follower if console else None
    base: dict[str, Any] = {
        "session": request.get(SESSION), "lang": lang, "t": lambda text: translate(str(text), lang),
        "here": request.path_qs, "following": follower is not None,
        "caught_up": follower is not None and follower.caught_up.is_set(),
        "follower_error": follower.error if follower else None, "flash": None, "flash_kind": "",
    }
    return aiohttp_jinja2.render_template(template, request, {**base, **context}, status=status)


def page_error(status: int, message: str) -> web.HTTPException:
    """An HTTP error whose message the error page shows (written for the reviewer, no internals)."""
    kinds: dict[int, type[web.HTTPException]] = {
        400: web.HTTPBadRequest, 403: web.HTTPForbidden, 404: web.HTTPNotFound, 409: web.HTTPConflict,
        502: web.HTTPBadGateway, 503: web.HTTPServiceUnavailable}
    return kinds[status](text=message)


@web.middleware
async def errors(request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]],
                 ) -> web.StreamResponse:
    """Every refusal and failure is a page that says what happened; no stack trace reaches a browser."""
    try:
        return await handler(request)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        message = exc.text or ""
        if message.startswith(f"{exc.status}:"):  # aiohttp's own text ("404: Not Found")
            message = ""
        title = _TITLES.get(exc.status, "Something went wrong")
        return render(request, "error.html", {"status": exc.status, "title": title, "message": message},
                      status=exc.status)
    except Exception:
        log.exception("console: %s %s failed", request.method, request.path)
        return render(request, "error.html", {
            "status": 500, "title": "Something went wrong",
            "message": translate("The console could not finish this request; the details are in its log.",
                                 request.get(LANG, "zh"))}, status=500)


@web.middleware
async def sessions(request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]],
                   ) -> web.StreamResponse:
    """Language and session for every request; sign-in required off the public paths; CSRF on every POST."""
    lang = request.cookies.get(LANG_COOKIE, "zh")
    request[LANG] = lang if lang in LANGS else "zh"
    console = request.app[CONSOLE]
    token = request.cookies.get(SESSION_COOKIE)
    session = await console.store.session(token) if token else None
    request[SESSION] = session
    if session is None and not request.path.startswith(PUBLIC):
        if request.method == "GET":
            raise web.HTTPSeeOther("/login?" + urlencode({"next": request.path_qs}))
        raise page_error(403, translate("Your session has ended; sign in again.", request[LANG]))
    if request.method == "POST" and session is not None and request.path != "/login":
        form = await request.post()
        if not hmac.compare_digest(str(form.get("csrf", "")), session.csrf):
            raise page_error(403, translate("The form was refused: its security token is missing or stale. "
                                            "Reload the page and try again.", request[LANG]))
    return await handler(request)


def set_cookie(request: web.Request, response: web.StreamResponse, name: str, value: str, *,
               max_age: int | None = None, path: str = "/") -> None:
    """HttpOnly and SameSite=Strict always; Secure whenever the console is reached over TLS."""
    response.set_cookie(name, value, max_age=max_age, path=path, httponly=True, samesite="Strict",
                        secure=request.secure)


async def login_page(request: web.Request) -> web.StreamResponse:
    # an open sign-in page keeps its token when the page is loaded again in another tab (or by the
    # browser's own favicon request): a new token would make the first form stale
    token = request.cookies.get(LOGIN_COOKIE) or secrets.token_urlsafe(24)
    response = render(request, "login.html", {"login_csrf": token, "next": safe_next(request.query.get("next")),
                                               "user": "", "error": None})
    set_cookie(request, response, LOGIN_COOKIE, token, max_age=3600, path="/login")
    return response


async def login(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    lang = request[LANG]
    expected = request.cookies.get(LOGIN_COOKIE, "")
    if not expected or not hmac.compare_digest(str(form.get("csrf", "")), expected):
        raise page_error(403, translate("The form was refused: its security token is missing or stale. "
                                        "Reload the page and try again.", lang))
    console = request.app[CONSOLE]
    user_id, password = str(form.get("user", ""))[:64], str(form.get("password", ""))
    if await console.store.failed_sign_ins(user_id) >= MAX_FAILED_SIGN_INS:
        log.warning("console: sign-in refused after repeated failures")
        raise page_error(403, translate("Too many failed sign-ins for this user; wait 15 minutes.", lang))
    user = console.config.users.get(user_id)
    # scrypt is slow on purpose: keep it off the event loop so other reviewers' pages are not held up
    ok = await asyncio.to_thread(check_password, password, user.password_hash if user else _DUMMY_HASH)
    if user is None or not ok:
        log.warning("console: failed sign-in")  # no user name: it may be a mistyped password
        await console.store.count_failed_sign_in(user_id, FAILED_WINDOW_S)
        token = secrets.token_urlsafe(24)
        response = render(request, "login.html", {
            "login_csrf": token, "next": safe_next(str(form.get("next", ""))), "user": user_id,
            "error": translate("Unknown user or wrong password.", lang)}, status=401)
        set_cookie(request, response, LOGIN_COOKIE, token, max_age=3600, path="/login")
        return response
    await console.store.clear_failed_sign_ins(user_id)
    session_token = await console.store.start_session(user.user_id, user.role)
    response = web.HTTPSeeOther(safe_next(str(form.get("next", ""))))
    set_cookie(request, response, SESSION_COOKIE, session_token, max_age=console.store.session_ttl_s)
    response.del_cookie(LOGIN_COOKIE, path="/login")
    log.info("console: %s signed in", user.user_id)
    raise response


async def logout(request: web.Request) -> web.StreamResponse:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        await request.app[CONSOLE].store.end_session(token)
    response = web.HTTPSeeOther("/login")
    response.del_cookie(SESSION_COOKIE, path="/")
    raise response


async def switch_language(request: web.Request) -> web.StreamResponse:
    lang = request.match_info["lang"]
    if lang not in LANGS:
        raise page_error(404, f"no language {lang!r}")
    response = web.HTTPSeeOther(safe_next(request.query.get("next")))
    set_cookie(request, response, LANG_COOKIE, lang, max_age=365 * 86_400)
    raise response


async def favicon(request: web.Request) -> web.StreamResponse:
    return web.Response(status=204)  # no icon; and no sign-in redirect for the browser's own request


async def healthz(request: web.Request) -> web.StreamResponse:
    console = request.app[CONSOLE]
    follower = console.follower
    body = {"redis": bool(await console.redis.ping()),
            "following": follower is not None, "caught_up": bool(follower and follower.caught_up.is_set()),
            "follower_error": follower.error if follower else None}
    return web.Response(body=orjson.dumps(body), content_type="application/json")


async def _kafka_producer(settings: Settings, names: TopicNames) -> tuple[Produce, Callable[[], Awaitable[Any]]]:
    """Acks from every in-sync replica and the idempotent producer: a decision the page reports as sent is on
    the topic."""
    from aiokafka import AIOKafkaProducer

    await ensure_topics(settings.kafka, names, partitions=settings.partitions,
                        replication=settings.replication, topics=(topics.REVIEW, DECISIONS, APPEALS),
                        max_timestamp_ahead_ms=settings.max_timestamp_ahead_s * 1000)
    producer = AIOKafkaProducer(**client_kwargs(settings.kafka), acks="all", enable_idempotence=True)
    await producer.start()

    async def produce(topic: str, key: str, record: dict[str, Any]) -> None:
        await producer.send_and_wait(names.physical(topic), orjson.dumps(record), key=key.encode())

    return produce, producer.stop


async def _start(app: web.Application) -> None:
    config = app[CONFIG]
    settings = config.settings
    redis = async_client(settings, socket_connect_timeout=5, socket_timeout=10)
    await redis.ping()  # wrong credentials or no Redis stop the console at start, not at the first sign-in
    store = ConsoleStore(redis, topic_prefix=settings.topic_prefix, session_ttl_s=config.session_ttl_s,
                         claim_ttl_s=config.claim_ttl_s)
    names = TopicNames(settings.topic_prefix)
    closers: list[Callable[[], Awaitable[Any]]] = []
    produce = config.produce
    if produce is None:
        produce, stop = await _kafka_producer(settings, names)
        closers.append(stop)
    prefix = settings.key_prefix()  # the worker's key prefix: the console reads the pipeline's state there
    policy = load_policy(settings.policy or None)
    console = Console(config=config, redis=redis, store=store, outbox=Outbox(store, produce),
                      ledger=RedisLedger(redis, policy, key_prefix=prefix),
                      directory=RedisDirectory(redis, key_prefix=prefix),
                      profiles=RedisProfileStore(redis, key_prefix=prefix), pipeline_prefix=prefix,
                      closers=closers)
    if config.follow:
        console.follower = Follower(store, settings.kafka, names, bounds=settings.event_time_bounds(),
                                    max_bytes=settings.max_record_bytes)
        console.tasks.append(asyncio.create_task(console.follower.run(), name="console-follower"))
    app[CONSOLE] = console


async def _stop(app: web.Application) -> None:
    console = app.get(CONSOLE)
    if console is None:
        return
    for task in console.tasks:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    for close in console.closers:
        await close()
    await console.redis.aclose()


def build_app(config: ConsoleConfig) -> web.Application:
    """The console application; start it with aiohttp's runner or the test client."""
    from streams.console import pages

    app = web.Application(middlewares=[errors, sessions], client_max_size=64 * 1024)
    app[CONFIG] = config
    aiohttp_jinja2.setup(app, loader=jinja2.PackageLoader("streams.console", "templates"),
                         autoescape=jinja2.select_autoescape(default=True), undefined=jinja2.StrictUndefined)
    app.on_startup.append(_start)
    app.on_cleanup.append(_stop)
    app.router.add_get("/login", login_page)
    app.router.add_post("/login", login)
    app.router.add_post("/logout", logout)
    app.router.add_get("/lang/{lang}", switch_language)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/favicon.ico", favicon)
    app.router.add_static("/static/", pages.STATIC_DIR)
    pages.add_routes(app)
    return app


def current_session(request: web.Request) -> Session:
    session = request.get(SESSION)
    if session is None:  # the middleware lets no unsigned request past; this keeps the type checker honest
        raise page_error(403, "sign in first")
    return session

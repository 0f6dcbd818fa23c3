"""Avatar fetching (D2) refuses everything outside its limits; a local server plays the avatar host."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest
from aiohttp import web

from streams.worker.avatar_fetch import AvatarFetchError, fetch_avatar

BODY = b"\x89PNG fake avatar bytes"


async def _with_server(check: Callable[[str], Awaitable[None]]) -> None:
    async def ok(request: web.Request) -> web.Response:
        return web.Response(body=BODY)

    async def big(request: web.Request) -> web.Response:
        return web.Response(body=b"x" * 5000)

    async def slow(request: web.Request) -> web.Response:
        await asyncio.sleep(2)
        return web.Response(body=BODY)

    async def moved(request: web.Request) -> web.Response:
        raise web.HTTPFound("http://elsewhere.example/a.png")

    app = web.Application()
    app.add_routes([web.get("/ok.png", ok), web.get("/big.png", big), web.get("/slow.png", slow),
                    web.get("/moved.png", moved)])
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        await check(f"http://127.0.0.1:{port}")
    finally:
        await runner.cleanup()


def _fetch(path: str, **kwargs: object) -> Callable[[str], Awaitable[None]]:
    async def check(base: str) -> None:
        options = {"allowed_hosts": ["127.0.0.1"], "allow_private": True, "max_bytes": 1000, "timeout_s": 0.5}
        options.update(kwargs)
        assert await fetch_avatar(base + path, **options) == BODY  # type: ignore[arg-type]
    return check


def test_fetches_from_an_allowed_host() -> None:
    asyncio.run(_with_server(_fetch("/ok.png")))


@pytest.mark.parametrize(
    ("path", "kwargs", "code"),
    [
        ("/ok.png", {"allow_private": False}, "private_address"),
        ("/ok.png", {"allowed_hosts": ["avatars.example.cn"]}, "host_not_allowed"),
        ("/big.png", {}, "too_large"),
        ("/slow.png", {}, "timeout"),
        ("/missing.png", {}, "http_status"),
        ("/moved.png", {}, "http_status"),
    ],
)
def test_refusals(path: str, kwargs: dict, code: str) -> None:
    with pytest.raises(AvatarFetchError) as info:
        asyncio.run(_with_server(_fetch(path, **kwargs)))
    assert info.value.code == code


def test_only_http_and_https() -> None:
    with pytest.raises(AvatarFetchError) as info:
        asyncio.run(fetch_avatar("ftp://127.0.0.1/a.png", allowed_hosts=["127.0.0.1"]))
    assert info.value.code == "bad_scheme"



@pytest.mark.parametrize(("allow_private", "result"), [("", "private_address"), ("1", "not_image")])
def test_allow_private_setting_reaches_the_fetch(allow_private: str, result: str) -> None:
    """QINGLANG_AVATAR_ALLOW_PRIVATE (default off) decides whether the worker's hasher fetches from loopback:
    off, the fetch is refused (private_address); on, the bytes arrive (and, being no image, are not_image)."""
    from streams.observability.metrics import Metrics
    from streams.settings import Settings
    from streams.worker.avatar_hashing import make_avatar_hasher

    settings = Settings.from_env({"QINGLANG_AVATAR_HOSTS": "127.0.0.1",
                                  "QINGLANG_AVATAR_ALLOW_PRIVATE": allow_private})
    assert settings.avatar_allow_private is (allow_private == "1")
    metrics = Metrics("test")
    hasher = make_avatar_hasher(settings, metrics)
    assert hasher is not None

    async def check(base: str) -> None:
        assert await hasher(base + "/ok.png") == []

    asyncio.run(_with_server(check))
    assert metrics.registry.get_sample_value("qinglang_avatar_fetches_total", {"result": result}) == 1

"""Avatar fetching (D2) refuses everything outside its limits; a local server plays the avatar host."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest
from aiohttp import web

from streams.worker.avatar_fetch import AvatarFetchError, fetch_avatar, is_routable

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


@pytest.mark.parametrize("address", [
    "100.100.100.200",  # cloud metadata in the shared range 100.64.0.0/10
    "169.254.169.254", "127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "0.0.0.0", "224.0.0.1", "240.0.0.1",
    "::ffff:169.254.169.254",  # IPv4-mapped
    "2002:a9fe:a9fe::1",  # 6to4 of 169.254.169.254
    "2002:6464:64c8::",  # 6to4 of 100.100.100.200
    "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
    "64:ff9b:1::a9fe:a9fe",  # local-use NAT64
    "::a9fe:a9fe",  # IPv4-compatible (deprecated)
    "2001:0:4136:e378:8000:63bf:3fff:fdd2",  # Teredo
    "::1", "::", "fe80::1", "fc00::1", "fd00:ec2::254", "ff02::1", "2001:db8::1",
])
def test_addresses_that_are_not_globally_routable_are_refused(address: str) -> None:
    assert not is_routable(address)


@pytest.mark.parametrize("address", [
    "8.8.8.8", "2606:4700:4700::1111",
    "::ffff:8.8.8.8", "2002:808:808::1", "64:ff9b::808:808",  # the same public address, carried in IPv6
])
def test_globally_routable_addresses_pass(address: str) -> None:
    assert is_routable(address)

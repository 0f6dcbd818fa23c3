"""Fetching avatar images for D2 safely: allow-listed hosts, http(s) only, no private addresses,
size and time limits, no redirects. I/O lives here in streams/, never in enforcement/."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Collection
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from aiohttp.abc import AbstractResolver


class AvatarFetchError(Exception):
    """Why an avatar was not fetched; codes: bad_scheme, host_not_allowed, private_address, dns_failure,
    timeout, too_large, http_status, connection."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


def host_allowed(host: str, allowed_hosts: Collection[str]) -> bool:
    """Exact host, or a subdomain of an allowed host (`cdn.example.cn` under `example.cn`)."""
    host = host.lower().rstrip(".")
    return any(host == h or host.endswith("." + h) for h in allowed_hosts)


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    return not (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast or ip.is_reserved
                or ip.is_unspecified)


class _PinnedResolver(AbstractResolver):
    """Answers only with the addresses already checked, so DNS cannot be re-bound between check and connect."""

    def __init__(self, host: str, addresses: list[str]) -> None:
        self._host = host
        self._addresses = addresses

    async def resolve(self, host: str, port: int = 0, family: int = socket.AF_INET) -> list[dict[str, Any]]:
        if host != self._host:
            raise OSError(f"unexpected host {host}")
        return [{"hostname": host, "host": a, "port": port, "family": socket.AF_INET6 if ":" in a else socket.AF_INET,
                 "proto": 0, "flags": socket.AI_NUMERICHOST} for a in self._addresses]

    async def close(self) -> None:
        return None


async def fetch_avatar(url: str, *, allowed_hosts: Collection[str], max_bytes: int = 2_000_000,
                       timeout_s: float = 5.0, allow_private: bool = False) -> bytes:
    """The avatar's bytes, or AvatarFetchError. Private, loopback and other non-public addresses are refused
    unless `allow_private` (QINGLANG_AVATAR_ALLOW_PRIVATE: an avatar store on a trusted private network, or
    a test server on 127.0.0.1); the scheme, host allow-list, size and time limits apply either way."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise AvatarFetchError("bad_scheme", f"only http(s) URLs are fetched, not {parts.scheme or 'none'!r}")
    host = parts.hostname
    if not host_allowed(host, allowed_hosts):
        raise AvatarFetchError("host_not_allowed", f"{host} is not an allowed avatar host")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = await asyncio.wait_for(asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM),
                                       timeout_s)
    except (OSError, TimeoutError) as exc:
        raise AvatarFetchError("dns_failure", f"{host}: {exc}") from None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not allow_private and not all(_public(a) for a in addresses):
        raise AvatarFetchError("private_address", f"{host} resolves to a non-public address")
    connector = aiohttp.TCPConnector(resolver=_PinnedResolver(host, addresses), use_dns_cache=False)
    timeout = aiohttp.ClientTimeout(total=timeout_s)
    try:
        async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session, session.get(
            url, allow_redirects=False
        ) as response:
            if response.status != 200:
                raise AvatarFetchError("http_status", f"HTTP {response.status}")
            body = bytearray()
            async for chunk in response.content.iter_chunked(65536):
                body += chunk
                if len(body) > max_bytes:
                    raise AvatarFetchError("too_large", f"avatar exceeds {max_bytes} bytes")
            return bytes(body)
    except TimeoutError:
        raise AvatarFetchError("timeout", f"no complete answer within {timeout_s}s") from None
    except aiohttp.ClientError as exc:
        raise AvatarFetchError("connection", str(exc)) from None

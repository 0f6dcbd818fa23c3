"""Fetching avatar images for D2 safely: allow-listed hosts, http(s) only, globally routable addresses only,
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


_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")  # RFC 6052: the IPv4 address is the last 32 bits
# Not global, though Python's `is_global` (3.11) says they are: IPv4-compatible addresses (deprecated,
# ::a.b.c.d) and local-use NAT64 (RFC 8215).
_NOT_GLOBAL_V6 = (ipaddress.IPv6Network("::/96"), ipaddress.IPv6Network("64:ff9b:1::/48"))


def is_routable(address: str) -> bool:
    """Whether an avatar may be fetched from `address`: only globally routable unicast addresses.

    An allow-list, not a deny-list: whatever is not global is refused, including the shared range
    100.64.0.0/10, where some clouds serve instance metadata (100.100.100.200). An IPv6 address that
    carries an IPv4 one — IPv4-mapped (::ffff:a.b.c.d), 6to4 (2002::/16) or NAT64 (64:ff9b::/96) — is judged
    as that IPv4 address: Python's `is_global` alone calls 6to4 and NAT64 forms of 169.254.169.254 global.
    IPv4-compatible (::a.b.c.d), local-use NAT64 (64:ff9b:1::/48) and Teredo forms are refused outright."""
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            ip = embedded
        elif ip.teredo is not None or any(ip in network for network in _NOT_GLOBAL_V6):
            return False
    return ip.is_global and not (ip.is_multicast or ip.is_reserved)


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
    """The avatar's bytes, or AvatarFetchError. Every address the host resolves to must be globally
    routable (`is_routable`) unless `allow_private` (QINGLANG_AVATAR_ALLOW_PRIVATE: an avatar store on a
    trusted private network, or a test server on 127.0.0.1); the scheme, host allow-list, size and time
    limits apply either way."""
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
    if not allow_private and not all(is_routable(a) for a in addresses):
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

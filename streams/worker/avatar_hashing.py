"""Fetch-and-hash for avatar URLs (D2), given to enforcement as an async callable; failures are counted."""

from __future__ import annotations

import asyncio
import logging

from enforcement.avatar import AvatarError, decode_image, hash_variants
from enforcement.pipeline import AvatarHasher
from streams.observability.metrics import Metrics
from streams.settings import Settings
from streams.worker.avatar_fetch import AvatarFetchError, fetch_avatar

log = logging.getLogger(__name__)


AVATAR_FETCHES_AT_ONCE = 8


def make_avatar_hasher(settings: Settings, metrics: Metrics) -> AvatarHasher | None:
    """None when no avatar host is allow-listed (then only precomputed `avatar_pdq` hashes are checked)."""
    hosts = settings.avatar_host_set()
    if not hosts:
        return None

    # a batch fetches its accounts' avatars side by side, a bounded number at once; the timeout covers the
    # wait for a slot too, so no avatar holds its batch longer than QINGLANG_AVATAR_TIMEOUT
    slots = asyncio.Semaphore(AVATAR_FETCHES_AT_ONCE)

    async def hasher(url: str) -> list[tuple[str, str, int]]:
        try:
            try:
                async with asyncio.timeout(settings.avatar_timeout_s), slots:
                    data = await fetch_avatar(url, allowed_hosts=hosts, max_bytes=settings.avatar_max_bytes,
                                              timeout_s=settings.avatar_timeout_s,
                                              allow_private=settings.avatar_allow_private)
            except TimeoutError:
                raise AvatarFetchError("timeout", "no slot and answer within the timeout") from None
            variants = await asyncio.to_thread(lambda: hash_variants(decode_image(data)))
        except (AvatarFetchError, AvatarError) as error:
            metrics.avatar_fetches.labels(error.code).inc()
            log.info("avatar not checked (%s)", error.code)
            return []
        metrics.avatar_fetches.labels("ok").inc()
        return variants

    return hasher

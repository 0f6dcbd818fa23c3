"""D10 churn store contract: the same stories over InMemoryChurn and RedisChurn (the session's real Redis)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest
from twins import Twin, fresh_prefix

from enforcement.churn import Change, ChurnDecision, ChurnStore, InMemoryChurn, NameEntry
from enforcement.churn.redis import RedisChurn
from enforcement.policy import Churn

H = 3_600_000
T0 = 1_767_225_600_000  # 2026-01-01T00:00:00Z
KNOBS = Churn(max_changes=3, window_hours=24, after_sanction_hours=72, history_size=5)
Story = Callable[[ChurnStore], Awaitable[object]]


@pytest.fixture
def run_story(twin: Twin) -> Callable[[Story], object]:
    """Runs a story against a fresh store of the parametrised kind; the Redis leg always runs."""
    return lambda story: twin.run(story, InMemoryChurn, lambda client, prefix: RedisChurn(client, key_prefix=prefix))


def rename(n: int, hours: float, name: str = "", impersonating: bool = False, account: str = "a") -> Change:
    return Change(account, f"e{n}", "name", T0 + int(hours * H), name or f"name{n}", impersonating)


def test_churn_fires_once_per_crossing_not_on_later_changes(run_story: Callable[[Story], object]) -> None:
    async def story(store: ChurnStore) -> list[ChurnDecision]:
        changes = [rename(1, 0), Change("a", "e2", "avatar", T0 + H), Change("a", "e3", "bio", T0 + 2 * H),
                   rename(4, 3), rename(5, 4), rename(6, 5)]
        return [await store.observe(c, KNOBS) for c in changes]

    decisions = run_story(story)
    assert [d.changes_in_window for d in decisions] == [1, 2, 3, 4, 5, 6]  # renames, avatar and bio all count
    assert [d.churn for d in decisions] == [False, False, False, True, False, False]  # the 4th crossed max 3


def test_churn_fires_again_only_in_a_new_window(run_story: Callable[[Story], object]) -> None:
    async def story(store: ChurnStore) -> list[bool]:
        first = [await store.observe(rename(n, n), KNOBS) for n in range(1, 5)]  # crosses at hour 4
        quiet = await store.observe(rename(5, 20), KNOBS)  # still inside the window of the crossing
        later = [await store.observe(rename(n, 40 + n), KNOBS) for n in range(6, 10)]  # a new burst
        return [d.churn for d in (*first, quiet, *later)]

    assert run_story(story) == [False, False, False, True, False, False, False, False, True]


def test_spread_out_changes_never_cross(run_story: Callable[[Story], object]) -> None:
    async def story(store: ChurnStore) -> list[int]:
        return [(await store.observe(rename(n, 10 * n), KNOBS)).changes_in_window for n in range(1, 8)]

    assert max(run_story(story)) <= 3  # type: ignore[arg-type]


def test_redelivery_adds_nothing_and_returns_the_first_decision(run_story: Callable[[Story], object]) -> None:
    async def story(store: ChurnStore) -> tuple[list[ChurnDecision], list[NameEntry]]:
        seen = []
        for n in range(1, 5):
            seen.append(await store.observe(rename(n, n), KNOBS))
            seen.append(await store.observe(rename(n, n), KNOBS))  # redelivered
        seen.append(await store.observe(rename(5, 5), KNOBS))
        return seen, await store.names("a")

    decisions, names = run_story(story)  # type: ignore[misc]
    assert decisions[6] == decisions[7] and decisions[7].churn  # the repeat of the crossing still says "crossed"
    assert [d.changes_in_window for d in decisions[::2]] == [1, 2, 3, 4, 5]  # repeats counted nothing
    assert [n.name for n in names] == ["name5", "name4", "name3", "name2", "name1"]
    assert [n.at_ms for n in names] == [T0 + h * H for h in (5, 4, 3, 2, 1)]


def test_cycling_back_into_an_impersonating_name(run_story: Callable[[Story], object]) -> None:
    async def story(store: ChurnStore) -> list[tuple[str, ...]]:
        created = Change("a", "e0", "created", T0, "人民日报", True)
        steps = [created, rename(1, 30, "美食日记"), rename(2, 60, "人民日报", True), rename(3, 90, "新华社", True),
                 rename(4, 120, "旅行日记"), rename(5, 150, "新华社", True)]
        return [(await store.observe(c, KNOBS)).cycled_from for c in steps]

    # back into 人民日报 after a clean name: a re-entry; 人民日报 → 新华社 is no new crossing; clean → 新华社 is
    assert run_story(story) == [(), (), ("人民日报",), (), (), ("新华社", "人民日报")]


def test_impersonating_without_a_clean_name_between_is_not_cycling(run_story: Callable[[Story], object]) -> None:
    async def story(store: ChurnStore) -> list[tuple[str, ...]]:
        steps = [Change("a", "e0", "created", T0, "美食日记"), rename(1, 30, "人民日报", True),
                 rename(2, 60, "新华社", True)]
        return [(await store.observe(c, KNOBS)).cycled_from for c in steps]

    assert run_story(story) == [(), (), ()]  # a first impersonation (D1 catches it), not a cycle


def test_name_history_is_bounded(run_story: Callable[[Story], object]) -> None:
    async def story(store: ChurnStore) -> list[NameEntry]:
        for n in range(12):
            await store.observe(rename(n, 30 * n, impersonating=n == 0), KNOBS)
        return await store.names("a")

    names = run_story(story)
    assert names == [NameEntry(T0 + 30 * n * H, f"name{n}", False) for n in range(11, 6, -1)]  # history_size 5


def test_accounts_are_separate(run_story: Callable[[Story], object]) -> None:
    async def story(store: ChurnStore) -> list[int]:
        a = [await store.observe(rename(n, n, account="a"), KNOBS) for n in range(3)]
        b = await store.observe(rename(9, 1, account="b"), KNOBS)
        return [a[-1].changes_in_window, b.changes_in_window]

    assert run_story(story) == [3, 1]


def test_redis_keys_carry_the_account_hash_tag(redis_url: str) -> None:
    async def main() -> list[bytes]:
        prefix = fresh_prefix()
        async with Twin("redis", redis_url).client() as client:
            await RedisChurn(client, key_prefix=prefix).observe(rename(1, 0, account="u:42"), KNOBS)
            return sorted(await client.keys(prefix + "*"))

    keys = asyncio.run(main())
    assert keys and all(k.decode().startswith("t") and "{u:42}:churn:" in k.decode() for k in keys)

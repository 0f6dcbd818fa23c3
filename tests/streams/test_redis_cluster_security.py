"""Redis Cluster as production should run it: TLS only (`rediss+cluster://`, the cluster bus and replication
over TLS too) and the shipped ACL rule on every node. The worker's user with only `acl_rule()`, its
password in a file, passes the start-up check and runs the worker's commands and scripts on every master
(the cluster client also reads CLUSTER SLOTS and COMMAND, which the rule grants)."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis.cluster
from redis.exceptions import NoPermissionError

from enforcement.redis_script import Script
from streams.local.services import RedisClusterNodes, start_redis_cluster
from streams.local.services.redis import make_tls_files
from streams.redis_connection import acl_rule, check_permissions, sync_client
from streams.settings import Settings
from streams.worker.errors import Verdict, classify
from streams.worker.redis_client import InstrumentedRedisCluster, connect

pytestmark = [pytest.mark.e2e, pytest.mark.services]

PASSWORD = "qlcluster-" + secrets.token_hex(12)


@pytest.fixture(scope="module")
def secure_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisClusterNodes]:
    workdir = tmp_path_factory.mktemp("acl-cluster")
    acl = workdir / "users.acl"
    acl.write_text(f"user default on nopass ~* &* +@all\nuser qinglang on >{PASSWORD} {acl_rule()}\n")
    cluster = start_redis_cluster(workdir, acl_file=acl, tls=make_tls_files(workdir / "tls"))
    yield cluster
    cluster.stop()


def _settings(cluster: RedisClusterNodes, tmp_path: Path) -> Settings:
    password_file = tmp_path / "password"
    password_file.write_text(PASSWORD + "\n")
    # the URL's wrong password is overridden by the file's, as for a single server
    assert cluster.tls is not None and cluster.url.startswith("rediss+cluster://")
    url = cluster.url.replace("rediss+cluster://", "rediss+cluster://qinglang:not-this-one@")
    return Settings(redis_url=url, redis_password_file=str(password_file), redis_ca_file=str(cluster.tls.ca_cert))


def test_the_worker_user_passes_the_start_up_check_and_runs_scripts_on_every_master_over_tls(
        secure_cluster: RedisClusterNodes, tmp_path: Path) -> None:
    settings = _settings(secure_cluster, tmp_path)
    client = sync_client(settings, socket_timeout=5)
    assert isinstance(client, redis.cluster.RedisCluster)
    assert check_permissions(settings, client.get_redis_connection(client.get_default_node()), "ql:") is None
    client.close()

    async def run() -> list[object]:
        worker = connect(settings, None, autopipeline=True)
        assert isinstance(worker, InstrumentedRedisCluster)
        script = Script(worker, "redis.call('SET', KEYS[1], ARGV[1]) return redis.call('GET', KEYS[1])")
        replies = await asyncio.gather(*(script(keys=[f"ql:{{acl:{n}}}:k"], args=[str(n)]) for n in range(30)))
        masters = {(await worker.node_of(("GET", f"ql:{{acl:{n}}}:k"), {})).name for n in range(30)}
        await worker.aclose()
        return [replies, len(masters)]

    replies, masters = asyncio.run(run())
    assert replies == [str(n).encode() for n in range(30)] and masters == 3


def test_a_key_outside_the_prefix_is_refused_on_the_cluster(secure_cluster: RedisClusterNodes, tmp_path: Path) -> None:
    async def run() -> BaseException | None:
        worker = connect(_settings(secure_cluster, tmp_path), None, autopipeline=True)
        try:
            await worker.set("other:{x}:k", "1")
        except BaseException as exc:
            return exc
        finally:
            await worker.aclose()
        return None

    error = asyncio.run(run())
    assert isinstance(error, NoPermissionError)
    assert classify(error) is Verdict.FATAL  # the partition stops; the event is not dead-lettered

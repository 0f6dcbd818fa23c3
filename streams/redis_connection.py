"""Every Redis client Qinglang makes, built one way from the settings: TLS, the ACL user and its password.

The worker, the console and every CLI command connect through `sync_client` / `async_client`, so a
`rediss://user@host` URL with `QINGLANG_REDIS_CA_FILE`, a client certificate and a password kept in
`QINGLANG_REDIS_PASSWORD_FILE` works the same everywhere (docs/security.md, "Redis").

A `redis+cluster://host:port[,host:port…]` URL (`rediss+cluster://` for TLS, with the same user, password
file and TLS files) makes them redis-py's Redis Cluster clients instead (`redis.cluster.RedisCluster`,
`redis.asyncio.cluster.RedisCluster`), the listed nodes being the startup nodes it discovers the rest from.

`WORKER_COMMANDS` is the list of commands the worker, the console and the tools send — in Python and
from their Lua scripts (Redis checks a script's commands against the caller's ACL too). The shipped ACL
rule (deploy/redis/users.acl, docker-compose.yml) is `acl_rule()`; a test keeps them equal.
At start the worker asks the server, with ACL DRYRUN, whether its user may run them on its key prefix
(`missing_permissions`), so a too narrow ACL stops it with a message instead of at the first batch.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit

import redis
import redis.asyncio
import redis.asyncio.cluster
import redis.cluster
from redis.exceptions import AuthenticationError, NoPermissionError, RedisError, ResponseError

from streams.settings import Settings, SettingsError

# What the worker, the console and the tools run, with the key arguments ACL DRYRUN checks them with.
# `{key}` stands for a key under the caller's prefix. Connection set-up: AUTH and HELLO need no grant;
# redis-py sends SELECT for a database other than 0, and CLIENT SETINFO, which Redis 7.0 does not know
# (redis-py ignores its refusal, so it is not granted: the rule must load on 7.0).
_PROBES: dict[str, tuple[str, ...]] = {
    # start-up and connection
    "ping": (), "info": ("cluster",), "select": ("0",),
    # Redis Cluster: the client reads the slot map and the command table (the keys of each command), and
    # sends ASKING when it follows a slot being moved
    "cluster|slots": (), "command": (), "asking": (),
    # Lua scripts (every store's, the watermark repair's)
    "evalsha": ("0" * 40, "1", "{key}"), "eval": ("return 1", "1", "{key}"), "script|load": ("return 1",),
    # transactions (a credential re-check's result, the console's typical-case store); nothing WATCHes
    "multi": (), "exec": (), "discard": (),
    # plain keys
    "get": ("{key}",), "set": ("{key}", "v"), "mget": ("{key}",), "del": ("{key}",), "exists": ("{key}",),
    "expire": ("{key}", "1"), "pttl": ("{key}",), "incr": ("{key}",), "scan": ("0",),
    # hashes
    "hget": ("{key}", "f"), "hset": ("{key}", "f", "v"), "hsetnx": ("{key}", "f", "v"), "hmget": ("{key}", "f"),
    "hgetall": ("{key}",), "hdel": ("{key}", "f"), "hexists": ("{key}", "f"), "hincrby": ("{key}", "f", "1"),
    "hlen": ("{key}",), "hvals": ("{key}",),
    # sets
    "sadd": ("{key}", "m"), "srem": ("{key}", "m"), "smembers": ("{key}",), "sismember": ("{key}", "m"),
    "scard": ("{key}",),
    # sorted sets
    "zadd": ("{key}", "1", "m"), "zrem": ("{key}", "m"), "zrange": ("{key}", "0", "-1"),
    "zrangebyscore": ("{key}", "0", "1"), "zrevrange": ("{key}", "0", "-1"), "zscore": ("{key}", "m"),
    "zcard": ("{key}",), "zcount": ("{key}", "0", "1"), "zremrangebyscore": ("{key}", "0", "1"),
    "zremrangebyrank": ("{key}", "0", "1"),
    # lists
    "lpush": ("{key}", "v"), "lrange": ("{key}", "0", "-1"), "ltrim": ("{key}", "0", "1"),
    "lindex": ("{key}", "0"),
    # streams (audit trails)
    "xadd": ("{key}", "*", "f", "v"), "xrange": ("{key}", "-", "+"), "xrevrange": ("{key}", "+", "-"),
    # the start-up check itself (a user without them is probed with real commands instead)
    "acl|whoami": (), "acl|dryrun": ("qinglang", "ping"),
}
WORKER_COMMANDS: tuple[str, ...] = tuple(_PROBES)
# the key patterns of the shipped user: the pipeline's keys and the console's (enforcement/redis_keys.py,
# streams/console/store.py); a deployment with a topic prefix may narrow them to `~ql:<prefix>*`
KEY_PATTERNS: tuple[str, ...] = ("ql:*", "qlc:*")


def acl_rule(key_patterns: tuple[str, ...] = KEY_PATTERNS) -> str:
    """The ACL rules of Qinglang's user, without its password: no pub/sub, no command but ours, our keys only."""
    return " ".join(("resetchannels", "-@all", *(f"+{name}" for name in WORKER_COMMANDS),
                     *(f"~{pattern}" for pattern in key_patterns)))


def _password(settings: Settings) -> str | None:
    """The password of `QINGLANG_REDIS_PASSWORD_FILE` (its first line), or None when it is not set."""
    if not settings.redis_password_file:
        return None
    try:
        text = Path(settings.redis_password_file).read_text()
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(f"QINGLANG_REDIS_PASSWORD_FILE={settings.redis_password_file!r} cannot be read: "
                            f"{type(exc).__name__}") from None
    lines = text.splitlines()
    if not lines or not lines[0]:
        raise SettingsError(f"QINGLANG_REDIS_PASSWORD_FILE={settings.redis_password_file!r} is empty")
    return lines[0]


CLUSTER_SCHEMES = ("redis+cluster://", "rediss+cluster://")


def is_cluster_url(url: str) -> bool:
    """Whether `url` names a Redis Cluster (`redis+cluster://`, `rediss+cluster://`)."""
    return url.startswith(CLUSTER_SCHEMES)


def cluster_startup(url: str, *, without_password: bool = False) -> tuple[str, list[tuple[str, int]]]:
    """A `redis[s]+cluster://[user[:password]@]host:port[,host:port…][/0][?options]` URL as the plain URL of
    its first node (what redis-py's `from_url` reads: user, password, TLS, options) and every node's
    (host, port). `without_password` leaves the URL's password out (the password file's wins)."""
    scheme, _, rest = url.partition("://")
    plain = scheme.removesuffix("+cluster")
    end = min((i for i in (rest.find("/"), rest.find("?")) if i >= 0), default=len(rest))
    at = rest.rfind("@", 0, end)
    userinfo, hosts, tail = (rest[:at], rest[at + 1:end], rest[end:]) if at >= 0 else ("", rest[:end], rest[end:])
    if without_password:
        userinfo = userinfo.partition(":")[0]
    nodes: list[tuple[str, int]] = []
    for item in hosts.split(","):
        host, colon, port = item.strip().rpartition(":")
        if not colon or not host or not port.isdigit():
            raise SettingsError(f"QINGLANG_REDIS_URL: {item.strip()!r} is not host:port (a Redis Cluster URL lists "
                                "its startup nodes as host:port,host:port…)")
        nodes.append((host, int(port)))
    first = f"{plain}://{userinfo + '@' if userinfo else ''}{nodes[0][0]}:{nodes[0][1]}{tail}"
    return first, nodes


def client_options(settings: Settings) -> dict[str, Any]:
    """Connection options beside the URL: for `rediss://`, a verified server certificate and the TLS files."""
    options: dict[str, Any] = {}
    if settings.redis_url.startswith(("rediss://", "rediss+cluster://")):
        options["ssl_cert_reqs"] = "required"
        if settings.redis_ca_file:
            options["ssl_ca_certs"] = settings.redis_ca_file
        if settings.redis_cert_file:
            options["ssl_certfile"] = settings.redis_cert_file
            options["ssl_keyfile"] = settings.redis_key_file
    return options


_Client = TypeVar("_Client", redis.Redis, redis.asyncio.Redis)


def _with_password(client: _Client, password: str | None) -> _Client:
    # redis-py lets the URL's options win over keyword arguments; the file's password must win over the URL's
    if password is not None:
        client.connection_pool.connection_kwargs["password"] = password
    return client


_Cluster = TypeVar("_Cluster", redis.cluster.RedisCluster, redis.asyncio.cluster.RedisCluster)


def _cluster_client(settings: Settings, cls: type[_Cluster], node: type[Any], kwargs: dict[str, Any]) -> _Cluster:
    password = _password(settings)
    first, nodes = cluster_startup(settings.redis_url, without_password=password is not None)
    if password is not None:
        kwargs["password"] = password
    # the URL's first node comes as host and port; the others are further startup nodes
    return cls.from_url(first, startup_nodes=[node(host, port) for host, port in nodes[1:]],
                        **client_options(settings), **kwargs)


def sync_client(settings: Settings, **kwargs: Any) -> redis.Redis | redis.cluster.RedisCluster:
    """A blocking client (the worker's pre-flight checks, the local services)."""
    if is_cluster_url(settings.redis_url):
        return _cluster_client(settings, redis.cluster.RedisCluster, redis.cluster.ClusterNode, kwargs)
    password = _password(settings)
    return _with_password(redis.Redis.from_url(settings.redis_url, **client_options(settings), **kwargs), password)


def async_client(settings: Settings, cls: type[_Client] = redis.asyncio.Redis,  # type: ignore[assignment]
                 cluster_cls: type[redis.asyncio.cluster.RedisCluster] = redis.asyncio.cluster.RedisCluster,
                 **kwargs: Any) -> _Client | redis.asyncio.cluster.RedisCluster:
    """An asyncio client of class `cls` (the worker's instrumented one, the console's, the tools'), or of
    `cluster_cls` for a Redis Cluster URL."""
    if is_cluster_url(settings.redis_url):
        return _cluster_client(settings, cluster_cls, redis.asyncio.cluster.ClusterNode, kwargs)
    password = _password(settings)
    return _with_password(cls.from_url(settings.redis_url, **client_options(settings), **kwargs), password)


def user_of(settings: Settings) -> str:
    """The ACL user the URL names (`default` when it names none)."""
    username = urlsplit(settings.redis_url).username
    return unquote(username) if username else "default"


def failure(settings: Settings, error: BaseException) -> str:
    """What went wrong reaching Redis, for a message: the URL without its password (Redis never echoes a
    password in its replies, and redis-py's connection errors name only host and port)."""
    if isinstance(error, SettingsError):  # e.g. an unreadable password file: the message names the variable
        return str(error)
    where = f"Redis at {settings.redis_url_shown}"
    if isinstance(error, AuthenticationError) or "WRONGPASS" in str(error) or "NOAUTH" in str(error):
        return (f"{where} refused the credentials of user {user_of(settings)!r} (wrong user or password, or the "
                "user is disabled): check QINGLANG_REDIS_URL and QINGLANG_REDIS_PASSWORD_FILE")
    if isinstance(error, NoPermissionError):
        return f"{where}: user {user_of(settings)!r} lacks a permission ({type(error).__name__}); see docs/security.md"
    if isinstance(error, redis.ConnectionError | redis.TimeoutError):
        return f"{where} is not reachable: {error}"
    if isinstance(error, RedisError):
        return f"{where} failed: {type(error).__name__}: {error}"
    return f"{where} failed: {error!r}"


def missing_permissions(client: redis.Redis, key_prefix: str) -> list[str]:
    """The commands of WORKER_COMMANDS the connected user may not run on `key_prefix`, each as
    "<command> on <key>" or "<command>" — empty when it may run them all.

    ACL DRYRUN (Redis 7) answers without running anything. A user not allowed ACL DRYRUN is probed with
    harmless commands on a key of its own instead (a write, a script, a read, a delete), which shows the
    permissions the worker cannot do without."""
    key = f"{key_prefix}{{preflight}}:probe"
    try:
        user = _text(client.execute_command("ACL", "WHOAMI"))
        missing = []
        for name, args in _PROBES.items():
            command = name.split("|")
            reply = client.execute_command("ACL", "DRYRUN", user, *command,
                                           *(key if a == "{key}" else a for a in args))
            if _text(reply) != "OK":
                missing.append(f"{name.replace('|', ' ').upper()} on {key}" if "{key}" in args
                               else name.replace("|", " ").upper())
        return missing
    except NoPermissionError:
        return _probe(client, key)


def _text(reply: Any) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)


def _probe(client: redis.Redis, key: str) -> list[str]:
    missing = []
    probes: list[tuple[str, tuple[Any, ...]]] = [
        ("SET", (key, "1", "PX", "10000")), ("GET", (key,)), ("HSET", (key + "h", "f", "v")),
        ("EVAL", ("return 1", "1", key)), ("SCRIPT LOAD", ("return 1",)), ("ZADD", (key + "z", "1", "m")),
        ("DEL", (key, key + "h", key + "z")),
    ]
    for name, args in probes:
        try:
            client.execute_command(*name.split(), *args)
        except NoPermissionError:
            missing.append(f"{name} on {key}" if any(str(a).startswith(key) for a in args) else name)
        except ResponseError:
            pass  # refused for another reason than the ACL: not what this checks
    return missing


def check_permissions(settings: Settings, client: redis.Redis, key_prefix: str) -> str | None:
    """None when the user may do the worker's work on `key_prefix`; otherwise a message naming what is missing."""
    try:
        missing = missing_permissions(client, key_prefix)
    except RedisError as error:
        return failure(settings, error)
    if not missing:
        return None
    return (f"Redis user {user_of(settings)!r} at {settings.redis_url_shown} may not run "
            f"{', '.join(missing)}: grant the rule of deploy/redis/users.acl (docs/security.md, \"Redis\")")

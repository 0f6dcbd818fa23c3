"""docker-compose.yml (P5) parses with a compose parser and matches what the local scripts run."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from compose_spec import PyCompose

from streams.redis_connection import acl_rule
from streams.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
SERVER_PROPERTIES = ROOT / "deploy" / "kafka" / "server.properties"
PER_HOST = {"listeners", "advertised.listeners", "controller.quorum.voters", "log.dirs"}  # differ by design


@pytest.fixture(scope="module")
def compose() -> PyCompose:
    parsed = PyCompose.from_yaml((ROOT / "docker-compose.yml").read_text())
    parsed.validate()
    parsed.to_spec()  # full compose-spec schema validation
    return parsed


def _properties() -> dict[str, str]:
    pairs = {}
    for line in SERVER_PROPERTIES.read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            pairs[name] = value
    return pairs


def test_services(compose: PyCompose) -> None:
    assert set(compose.service_names()) >= {"kafka", "redis", "worker-1", "worker-2", "prometheus", "grafana"}


def test_kafka_image_is_the_version_the_pom_pins(compose: PyCompose) -> None:
    pinned = re.search(r"<kafka.version>([^<]+)</kafka.version>", (ROOT / "deploy/kafka/pom.xml").read_text())
    assert pinned is not None
    assert compose.get_service("kafka").image == f"apache/kafka:{pinned.group(1)}"
    assert pinned.group(1).startswith("3.9.")


def test_kafka_settings_match_the_local_broker(compose: PyCompose) -> None:
    env = compose.get_service("kafka").environment
    from_compose = {k[len("KAFKA_"):].lower().replace("_", "."): str(v) for k, v in env.items()
                    if k.startswith("KAFKA_") and k != "KAFKA_HEAP_OPTS"}
    local = _properties()
    for name, value in local.items():
        if name in PER_HOST:
            assert name in from_compose, name
        else:
            assert from_compose.get(name) == value, f"{name}: compose {from_compose.get(name)!r} vs local {value!r}"
    assert "-Xmx512m" in env["KAFKA_HEAP_OPTS"]  # the heap streams/local/services/kafka.py gives the local broker


def test_redis_runs_the_shared_config_with_aof(compose: PyCompose) -> None:
    redis = compose.get_service("redis")
    assert any("deploy/redis/redis.conf" in str(v) for v in redis.volumes)
    conf = (ROOT / "deploy/redis/redis.conf").read_text()
    assert "appendonly yes" in conf and "appendfsync everysec" in conf
    local = (ROOT / "streams/local/services/redis.py").read_text()
    assert '"--appendonly", "yes"' in local and '"--appendfsync", "everysec"' in local


def _rule_of(tokens: list[str]) -> tuple[list[str], list[str]]:
    """A user's ACL rules split into (password and state tokens, the rest)."""
    return [t for t in tokens if t in ("on", "off") or t.startswith(">")], \
        [t for t in tokens if t not in ("on", "off") and not t.startswith(">")]


def test_redis_is_never_open(compose: PyCompose) -> None:
    redis = compose.get_service("redis")
    command = [str(part) for part in redis.command]
    assert "--requirepass" in command
    password = command[command.index("--requirepass") + 1]
    assert password.startswith("${QINGLANG_REDIS_ADMIN_PASSWORD:?")  # compose refuses to start without one
    assert "--protected-mode" not in command and "nopass" not in command
    conf = (ROOT / "deploy/redis/redis.conf").read_text().splitlines()
    assert "protected-mode yes" in conf
    assert str(redis.environment["REDISCLI_AUTH"]).startswith("${QINGLANG_REDIS_ADMIN_PASSWORD:?")  # the healthcheck's
    # the workers' user: its own password, and the shipped rule, which is the one the code checks at start
    start = command.index("--user")
    user_tokens = command[start + 1:]
    assert user_tokens[0] == "qinglang"
    state, rule = _rule_of(user_tokens[1:])
    assert state == ["on", ">${QINGLANG_REDIS_PASSWORD:?set QINGLANG_REDIS_PASSWORD to a long random URL-safe string}"]
    assert " ".join(rule) == acl_rule()


def test_the_shipped_acl_file_is_the_checked_rule_and_ships_disabled() -> None:
    users = {line.split()[1]: line.split()[2:] for line in (ROOT / "deploy/redis/users.acl").read_text().splitlines()}
    assert set(users) == {"default", "qinglang"}
    for tokens in users.values():
        assert tokens[:2] == ["off", ">CHANGE_ME"]  # a copy nobody edited refuses everyone
    assert " ".join(users["qinglang"][2:]) == acl_rule()
    assert not {"~*", "allkeys", "+@all", "allcommands", "nopass"} & set(users["qinglang"])


def test_workers_read_the_redis_password_from_a_secret(compose: PyCompose) -> None:
    import yaml

    raw = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    assert raw["secrets"]["redis_password"] == {"environment": "QINGLANG_REDIS_PASSWORD"}
    for name in ("worker-1", "worker-2"):
        service = raw["services"][name]
        assert service["secrets"] == ["redis_password"]
        env = service["environment"]
        assert env["QINGLANG_REDIS_URL"] == "redis://qinglang@redis:6379/0"  # no password in the URL
        assert env["QINGLANG_REDIS_PASSWORD_FILE"] == "/run/secrets/redis_password"
        assert not any("PASSWORD}" in str(value) or "PASSWORD:" in str(value) for value in env.values())


def test_workers_share_one_group_and_valid_settings(compose: PyCompose) -> None:
    envs = [compose.get_service(name).environment for name in ("worker-1", "worker-2")]
    assert envs[0] == envs[1]
    env = {k: str(v) for k, v in envs[0].items()}
    env["QINGLANG_REDIS_PASSWORD_FILE"] = __file__  # /run/secrets exists only in the container: any file will do
    settings = Settings.from_env(env)
    assert settings.kafka_bootstrap == "kafka:9092"
    assert settings.redis_url == "redis://qinglang@redis:6379/0"
    known = {"QINGLANG_" + n.upper() for n in Settings.__dataclass_fields__} | {"QINGLANG_COMMIT_INTERVAL"}
    assert set(envs[0]) <= known


def test_host_ports_bind_to_loopback_only(compose: PyCompose) -> None:
    for name in compose.service_names():
        for port in compose.get_service(name).ports or []:
            assert str(port).startswith("127.0.0.1:"), f"{name}: {port}"


def test_prometheus_mounts_the_tested_config_and_scrapes_every_worker(compose: PyCompose) -> None:
    import yaml

    raw = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    prometheus = raw["services"]["prometheus"]
    assert "./deploy/prometheus:/etc/prometheus:ro" in prometheus["volumes"]
    config = yaml.safe_load((ROOT / "deploy/prometheus/prometheus.yml").read_text())
    targets = {t for job in config["scrape_configs"] for sc in job["static_configs"] for t in sc["targets"]}
    workers = {name for name in compose.service_names() if name.startswith("worker-")}
    ports = {raw["services"][w]["environment"]["QINGLANG_WEB_PORT"] for w in workers}
    assert targets == {f"{w}:{p}" for w in workers for p in ports}


def test_grafana_provisions_the_tested_datasource_and_dashboards(compose: PyCompose) -> None:
    import yaml

    raw = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = raw["services"]
    for name, repository in (("prometheus", "prom/prometheus"), ("grafana", "grafana/grafana")):
        image, _, tag = services[name]["image"].partition(":")
        assert image == repository and re.fullmatch(r"v?\d+\.\d+\.\d+", tag), services[name]["image"]  # pinned
    mounts = {source: rest for source, *rest in (v.split(":") for v in services["grafana"]["volumes"])}
    assert mounts["./deploy/grafana/provisioning"] == ["/etc/grafana/provisioning", "ro"]
    dashboards_source, (dashboards_target, mode) = "./deploy/grafana/dashboards", mounts["./deploy/grafana/dashboards"]
    assert mode == "ro"
    provider = yaml.safe_load((ROOT / "deploy/grafana/provisioning/dashboards/qinglang.yml").read_text())
    assert [p["options"]["path"] for p in provider["providers"]] == [dashboards_target]
    home = services["grafana"]["environment"]["GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"]
    assert home.startswith(dashboards_target + "/")
    assert (ROOT / dashboards_source / home[len(dashboards_target) + 1:]).is_file()
    sources = yaml.safe_load((ROOT / "deploy/grafana/provisioning/datasources/prometheus.yml").read_text())
    prometheus_port = str(services["prometheus"]["ports"][0]).rsplit(":", 1)[1]
    assert [s["url"] for s in sources["datasources"]] == [f"http://prometheus:{prometheus_port}"]
    assert "prometheus" in services["grafana"]["depends_on"]

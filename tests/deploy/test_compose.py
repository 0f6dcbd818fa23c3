"""docker-compose.yml (P5) parses with a compose parser and matches what the local scripts run."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from compose_spec import PyCompose

from streams.redis_connection import acl_rule
from streams.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
SERVER_PROPERTIES = ROOT / "deploy" / "kafka" / "server.properties"
REDIS_CONF = ROOT / "deploy" / "redis" / "redis.conf"
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


def _raw() -> dict[str, Any]:
    import yaml

    raw: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return raw


def _conf(text: str) -> dict[str, str]:
    """redis.conf's directives as name -> the rest of the line (a later line wins, as in Redis)."""
    pairs = {}
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.strip().partition(" ")
            pairs[name.lower()] = value.strip()
    return pairs


def _redis_settings(raw: dict[str, Any]) -> dict[str, str]:
    """What compose's Redis runs with: deploy/redis/redis.conf, then the `--name value` pairs of its command
    line, which Redis applies after the file."""
    command = [str(part) for part in raw["services"]["redis"]["command"]]
    assert command[:2] == ["redis-server", "/usr/local/etc/redis/redis.conf"]
    settings = _conf(REDIS_CONF.read_text())
    rest = command[2:]
    assert all(name.startswith("--") for name in rest[::2]) and len(rest) % 2 == 0, rest  # one value each
    settings.update({name[2:].lower(): value for name, value in zip(rest[::2], rest[1::2], strict=True)})
    return settings


def _mounts(service: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """A service's short-syntax volumes as container path -> (source, mode)."""
    mounts = {}
    for volume in service.get("volumes", []):
        source, target, *mode = volume.split(":")
        mounts[target] = (source, mode[0] if mode else "rw")
    return mounts


def _mounted_from(service: dict[str, Any], path: str) -> tuple[str, str, str]:
    """(source, container directory, mode) of the mount that holds `path` in `service`."""
    for target, (source, mode) in _mounts(service).items():
        if path == target or path.startswith(target.rstrip("/") + "/"):
            return source, target, mode
    raise AssertionError(f"nothing is mounted where {path} is")


def test_services(compose: PyCompose) -> None:
    assert set(compose.service_names()) >= {"kafka", "redis-setup", "redis", "worker-1", "worker-2", "prometheus",
                                             "grafana"}


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


def test_redis_conf_is_never_open() -> None:
    conf = _conf(REDIS_CONF.read_text())
    assert conf["protected-mode"] == "yes"
    # users come from the ACL file only: Redis refuses to start with both an ACL file and `user` lines, and
    # a `requirepass` would be overwritten by the file's `default` user
    assert conf["aclfile"] == "/etc/redis/users.acl"
    assert not {"requirepass", "user"} & set(conf)
    # TLS only: no plain-text port
    assert conf["port"] == "0" and conf["tls-port"] == "6379"
    assert {"tls-cert-file", "tls-key-file", "tls-ca-cert-file", "tls-auth-clients"} <= set(conf)


def test_redis_is_never_open(compose: PyCompose) -> None:
    raw = _raw()
    redis = raw["services"]["redis"]
    settings = _redis_settings(raw)
    command = [str(part) for part in redis["command"]]
    assert not {"--requirepass", "--user", "--protected-mode", "--aclfile", "nopass"} & set(command)
    assert settings["protected-mode"] == "yes"
    # no plain-text port; the published port is the TLS one
    assert settings["port"] == "0"
    assert [str(port).rsplit(":", 1)[1] for port in redis["ports"]] == [settings["tls-port"]]
    # the ACL file and the TLS files are in the volume redis-setup writes, which Redis may only read
    files = [settings[name] for name in ("aclfile", "tls-cert-file", "tls-key-file", "tls-ca-cert-file")]
    assert {_mounted_from(redis, path) for path in files} == {("redis-config", "/etc/redis", "ro")}
    assert settings["tls-auth-clients"] in ("no", "yes", "optional")
    # the healthcheck: TLS, the server checked against that CA, as `default` with the admin password
    assert redis["healthcheck"]["test"] == ["CMD", "redis-cli", "--tls", "--cacert", settings["tls-ca-cert-file"],
                                            "ping"]
    assert str(redis["environment"]["REDISCLI_AUTH"]).startswith("${QINGLANG_REDIS_ADMIN_PASSWORD:?")


def test_redis_setup_runs_before_redis_and_writes_what_it_reads(compose: PyCompose) -> None:
    raw = _raw()
    services = raw["services"]
    setup, redis = services["redis-setup"], services["redis"]
    assert redis["depends_on"] == {"redis-setup": {"condition": "service_completed_successfully"}}
    assert "restart" not in setup  # one-shot
    # the workers' base image (already pulled for the build; it has openssl)
    base = re.search(r"^FROM (\S+)", (ROOT / "Dockerfile").read_text(), re.MULTILINE)
    assert base is not None and setup["image"] == base.group(1)
    assert setup["entrypoint"] == ["sh", "/deploy/setup.sh"]
    mounts = _mounts(setup)
    assert mounts["/deploy/setup.sh"] == ("./deploy/redis/setup.sh", "ro")
    assert mounts["/deploy/users.acl"] == ("./deploy/redis/users.acl", "ro")
    # it writes Redis's volume at the path Redis reads it, and the workers' CA volume at theirs
    script = (ROOT / "deploy/redis/setup.sh").read_text()
    defaults = dict(re.findall(r"^(\w+)=\$\{REDIS_SETUP_\w+:-([^}]+)\}", script, re.MULTILINE))
    assert mounts[defaults["redis_dir"]] == ("redis-config", "rw")
    assert mounts[defaults["ca_dir"]] == ("redis-ca", "rw")
    assert defaults["shipped_acl"] == "/deploy/users.acl"
    assert set(setup["secrets"]) == {"redis_password", "redis_admin_password"}
    assert defaults["worker_secret"] == "/run/secrets/redis_password"
    assert defaults["admin_secret"] == "/run/secrets/redis_admin_password"
    assert raw["secrets"]["redis_admin_password"] == {"environment": "QINGLANG_REDIS_ADMIN_PASSWORD"}
    assert set(raw["volumes"]) >= {"redis-config", "redis-ca"}


def test_every_redis_url_is_tls_with_the_setup_ca(compose: PyCompose) -> None:
    raw = _raw()
    services = raw["services"]
    ca_dir = dict(_mounts(services["redis-setup"]))
    ca_target = next(target for target, (source, _) in ca_dir.items() if source == "redis-ca")
    users = [name for name, service in services.items()
             if any(str(value).startswith(("redis", "rediss")) and "://" in str(value)
                    for value in (service.get("environment") or {}).values())]
    assert {"worker-1", "worker-2"} <= set(users)
    for name in users:
        service = services[name]
        env = service["environment"]
        assert env["QINGLANG_REDIS_URL"].startswith("rediss://"), name
        assert env["QINGLANG_REDIS_CA_FILE"] == f"{ca_target}/ca.crt", name
        assert _mounted_from(service, env["QINGLANG_REDIS_CA_FILE"]) == ("redis-ca", ca_target, "ro"), name
        assert "redis-config" not in {source for source, _ in _mounts(service).values()}, name  # not Redis's key
    # nothing in the file speaks plain-text Redis
    assert "redis://" not in (ROOT / "docker-compose.yml").read_text()


def test_the_shipped_acl_file_is_the_checked_rule_and_ships_disabled() -> None:
    users = {line.split()[1]: line.split()[2:] for line in (ROOT / "deploy/redis/users.acl").read_text().splitlines()}
    assert set(users) == {"default", "qinglang"}
    for tokens in users.values():
        assert tokens[:2] == ["off", ">CHANGE_ME"]  # a copy nobody edited refuses everyone
    assert "nopass" not in users["default"]
    assert " ".join(users["qinglang"][2:]) == acl_rule()
    assert not {"~*", "allkeys", "+@all", "allcommands", "nopass"} & set(users["qinglang"])


def test_workers_read_the_redis_password_from_a_secret(compose: PyCompose) -> None:
    raw = _raw()
    assert raw["secrets"]["redis_password"] == {"environment": "QINGLANG_REDIS_PASSWORD"}
    for name in ("worker-1", "worker-2"):
        service = raw["services"][name]
        assert service["secrets"] == ["redis_password"]
        env = service["environment"]
        assert env["QINGLANG_REDIS_URL"] == "rediss://qinglang@redis:6379/0"  # no password in the URL
        assert env["QINGLANG_REDIS_PASSWORD_FILE"] == "/run/secrets/redis_password"
        assert not any("PASSWORD}" in str(value) or "PASSWORD:" in str(value) for value in env.values())


def test_workers_share_one_group_and_valid_settings(compose: PyCompose) -> None:
    envs = [compose.get_service(name).environment for name in ("worker-1", "worker-2")]
    assert envs[0] == envs[1]
    env = {k: str(v) for k, v in envs[0].items()}
    # /run/secrets and the CA volume exist only in the containers: any file will do
    env["QINGLANG_REDIS_PASSWORD_FILE"] = env["QINGLANG_REDIS_CA_FILE"] = __file__
    settings = Settings.from_env(env)
    assert settings.kafka_bootstrap == "kafka:9092"
    assert settings.redis_url == "rediss://qinglang@redis:6379/0"
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

"""Kafka security settings (docs/security.md, "Kafka authentication"): one helper turns them into the
arguments of every client, the password file wins over the variable, and the password reaches no repr,
no message and no error."""

from __future__ import annotations

from pathlib import Path

import faust
import pytest

from streams.bus.connection import KafkaConnection, client_kwargs
from streams.settings import Settings, SettingsError

SECRET = "s3cret-Ab9-never-shown"


def _sasl_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    ca = tmp_path / "ca.pem"
    ca.write_text("not read until a client starts")
    return {"QINGLANG_KAFKA_BOOTSTRAP": "kafka-1:9093,kafka-2:9093", "QINGLANG_KAFKA_SECURITY_PROTOCOL": "SASL_SSL",
            "QINGLANG_KAFKA_SASL_USERNAME": "qinglang-worker", "QINGLANG_KAFKA_CA_FILE": str(ca), **extra}


def test_plaintext_is_the_default_and_a_bootstrap_string_means_plaintext() -> None:
    settings = Settings.from_env({})
    assert settings.kafka == KafkaConnection("127.0.0.1:9092")
    assert client_kwargs(settings.kafka) == {"bootstrap_servers": "127.0.0.1:9092", "security_protocol": "PLAINTEXT"}
    assert client_kwargs("10.0.0.1:9092") == {"bootstrap_servers": "10.0.0.1:9092", "security_protocol": "PLAINTEXT"}
    assert settings.kafka.faust_credentials() is None


def test_the_password_file_wins_and_the_password_is_never_shown(tmp_path: Path) -> None:
    secret_file = tmp_path / "kafka-password"
    secret_file.write_text(SECRET + "\n")
    settings = Settings.from_env(_sasl_env(tmp_path, QINGLANG_KAFKA_SASL_PASSWORD="the-variable-loses",
                                           QINGLANG_KAFKA_SASL_PASSWORD_FILE=str(secret_file)))
    kafka = settings.kafka
    assert kafka.password == SECRET
    for shown in (repr(settings), str(settings), repr(kafka), str(kafka)):
        assert SECRET not in shown
        assert "the-variable-loses" not in shown
    assert str(kafka) == "kafka-1:9093,kafka-2:9093 over SASL_SSL as 'qinglang-worker' (SCRAM-SHA-512)"


def test_one_helper_gives_aiokafka_and_faust_the_same_credentials(tmp_path: Path) -> None:
    # no CA file: the system's CAs (the test's placeholder file is no PEM a context could load)
    settings = Settings.from_env({**_sasl_env(tmp_path, QINGLANG_KAFKA_SASL_PASSWORD=SECRET),
                                  "QINGLANG_KAFKA_CA_FILE": ""})
    kwargs = client_kwargs(settings.kafka)
    assert kwargs["bootstrap_servers"] == "kafka-1:9093,kafka-2:9093"
    assert (kwargs["security_protocol"], kwargs["sasl_mechanism"]) == ("SASL_SSL", "SCRAM-SHA-512")
    assert (kwargs["sasl_plain_username"], kwargs["sasl_plain_password"]) == ("qinglang-worker", SECRET)
    assert kwargs["ssl_context"].check_hostname  # the broker's name is checked against its certificate
    credentials = settings.kafka.faust_credentials()
    assert isinstance(credentials, faust.SASLCredentials)
    assert (credentials.protocol.value, credentials.mechanism.value) == ("SASL_SSL", "SCRAM-SHA-512")
    assert (credentials.username, credentials.password) == ("qinglang-worker", SECRET)
    assert SECRET not in repr(credentials)

    plain = Settings.from_env({"QINGLANG_KAFKA_SECURITY_PROTOCOL": "SASL_PLAINTEXT",
                               "QINGLANG_KAFKA_SASL_MECHANISM": "SCRAM-SHA-256",
                               "QINGLANG_KAFKA_SASL_USERNAME": "u", "QINGLANG_KAFKA_SASL_PASSWORD": "p"})
    assert "ssl_context" not in client_kwargs(plain.kafka)
    assert plain.kafka.faust_credentials().protocol.value == "SASL_PLAINTEXT"
    tls_only = Settings.from_env({"QINGLANG_KAFKA_SECURITY_PROTOCOL": "SSL"}).kafka
    assert "sasl_mechanism" not in client_kwargs(tls_only)
    assert isinstance(tls_only.faust_credentials(), faust.SSLCredentials)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"QINGLANG_KAFKA_SECURITY_PROTOCOL": "SASL"}, "QINGLANG_KAFKA_SECURITY_PROTOCOL must be one of"),
        ({"QINGLANG_KAFKA_SASL_MECHANISM": "GSSAPI"}, "QINGLANG_KAFKA_SASL_MECHANISM must be one of"),
        ({"QINGLANG_KAFKA_SASL_USERNAME": ""}, "QINGLANG_KAFKA_SASL_USERNAME is required"),
        ({"QINGLANG_KAFKA_SASL_PASSWORD": ""}, "QINGLANG_KAFKA_SASL_PASSWORD_FILE .* is required"),
        ({"QINGLANG_KAFKA_SASL_PASSWORD_FILE": "/nonexistent/kafka-password"}, "cannot be read"),
        ({"QINGLANG_KAFKA_CA_FILE": "/nonexistent/ca.pem"}, "QINGLANG_KAFKA_CA_FILE='/nonexistent/ca.pem' is not"),
        ({"QINGLANG_KAFKA_CERT_FILE": __file__}, "go together"),
    ],
)
def test_bad_security_settings_name_the_variable_and_not_the_password(
        tmp_path: Path, extra: dict[str, str], message: str) -> None:
    env = _sasl_env(tmp_path, QINGLANG_KAFKA_SASL_PASSWORD=SECRET)
    env.update(extra)
    with pytest.raises(SettingsError, match=message) as raised:
        Settings.from_env(env)
    assert SECRET not in str(raised.value)


def test_an_empty_password_file_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.write_text("\n")
    with pytest.raises(SettingsError, match="is empty"):
        Settings.from_env(_sasl_env(tmp_path, QINGLANG_KAFKA_SASL_PASSWORD_FILE=str(empty)))

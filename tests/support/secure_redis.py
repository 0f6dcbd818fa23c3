"""A TLS-only Redis with Qinglang's ACL user, and the settings that reach it (docs/security.md, "Redis")."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from streams.local.services import RedisServer
from streams.settings import Settings


@dataclass
class SecureRedis:
    server: RedisServer
    password: str = field(repr=False)
    password_file: Path

    def env(self, user: str = "qinglang") -> dict[str, str]:
        """The worker's QINGLANG_REDIS_* variables for `user`: TLS with the run's CA, password from a file."""
        assert self.server.tls is not None
        return {"QINGLANG_REDIS_URL": f"rediss://{user}@127.0.0.1:{self.server.port}/0",
                "QINGLANG_REDIS_CA_FILE": str(self.server.tls.ca_cert),
                "QINGLANG_REDIS_PASSWORD_FILE": str(self.password_file)}

    def settings(self, user: str = "qinglang", **overrides: str) -> Settings:
        return Settings.from_env({**self.env(user), **overrides})

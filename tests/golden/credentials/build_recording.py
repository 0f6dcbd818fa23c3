"""Builds tests/golden/credentials/{recording,then.1,then.2,then.3}.jsonl and policy.toml (D7 with D6,
the current profile store, registry re-checks). The worker is restarted before each later phase
(`restart_between_phases`), so everything below also shows the state surviving a restart.

Policy: the shipped one with `[registry] recheck_burst_max = 2`. Days count from 2026-01-01 (UTC).
Phase 0: the credentials are verified (day 0). Kafka orders nothing across topics, so an account's
  profile comes in the next phase, or D6 could see the profile before the credential.
Phase 1 (new worker; days 0–10, the watermark stays before every notice and expiry):
- c:1 (verified medical until day 30) shows 张医生讲健康: covered, nothing.
- c:2 the same; renewed on day 10 until day 400: no notice, no lapse.
- c:3 (verified legal until day 300) shows 王律师说法.
- c:4 (medical until day 30) shows 赵医生, renames to 赵三的日常 on day 5: nothing at expiry.
- c:5 (verified legal) shows 孙医生: D6 domain mismatch (dynamic verification), on its creation.
- r:1 青朗市文化和旅游局 and b:1–b:3 青朗市卫生健康委员会: not yet protected, nothing.
Phase 2 (new worker): t:1 (an unrelated account) on day 20 moves the watermark past c:1's notice
  time (day 16): c:1 gets `credential_expiry_notice` (c:4 none: its title is gone). c:3's credential is
  revoked as fake on day 21 with the title still shown: `credential_revoked_in_use` + its strike. t:1 on
  day 31 moves the watermark past day 30 with NO event of c:1: `credential_lapsed_in_use` for c:1 with
  occurred_at = valid_until (day 30) + its strike; nothing for c:2 (renewed) or c:4 (title dropped).
Phase 3 (new worker): registry.official adds test:qinglang-culture (timestamp day 40): r:1, already
  using the name, is flagged (official_name_exact → close); test:qinglang-health would re-flag three
  accounts (> 2): three `registry_burst` reviews, no sanction. t:1 on day 41 (the phase needs an
  account event: it waits for the registry catch-up, so the phase ends after the re-check).
Run: .venv/bin/python tests/golden/credentials/build_recording.py
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson

from enforcement.policy.load import DEFAULT_POLICY_PATH
from streams.bus.recording import RecordedRecord

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parents[1] / "support"))  # the builder every golden case shares
from golden_build import Builder, iso, millis, write_phases  # noqa: E402

BASE = datetime(2026, 1, 1, tzinfo=UTC)


class CredentialsBuilder(Builder):
    def __init__(self) -> None:
        super().__init__(BASE, "cred-")

    def credential(self, day: float, event_type: str, account: str, domain: str, **fields: object) -> RecordedRecord:
        return self.event(day, "account.credential", event_type, account, credential_id=f"cred-{account}",
                          domain=domain, **fields)

    def until(self, day: float) -> str:
        return iso(self.moment(day))

    def tick(self, day: float) -> RecordedRecord:
        return self.event(day, "account.profile", "profile.bio_changed", "t:1", bio=f"第{day:g}天的日常")


def registry(identity_id: str, name: str, day: float) -> RecordedRecord:
    body = {"schema_version": 1, "identity_id": identity_id, "kind": "state_organ", "names": [name],
            "source": "golden case credentials"}
    at = BASE + timedelta(days=day)
    return RecordedRecord("registry.official", identity_id.encode(), orjson.dumps(body), millis(at))


def build() -> list[list[RecordedRecord]]:
    b = CredentialsBuilder()
    # Kafka orders nothing across topics: an account's credential and its profile go in different phases
    verifications = [
        b.credential(0, "credential.verified", "c:1", "medical", valid_until=b.until(30)),
        b.credential(0, "credential.verified", "c:2", "medical", valid_until=b.until(30)),
        b.credential(0, "credential.verified", "c:3", "legal", valid_until=b.until(300)),
        b.credential(0, "credential.verified", "c:4", "medical", valid_until=b.until(30)),
        b.credential(0, "credential.verified", "c:5", "legal", valid_until=b.until(300)),
    ]
    profiles = [
        b.created(0, "c:1", "张医生讲健康"),
        b.created(0, "c:2", "李医生说健康"),
        b.credential(10, "credential.renewed", "c:2", "medical", valid_until=b.until(400)),
        b.created(0, "c:3", "王律师说法"),
        b.created(0, "c:4", "赵医生"),
        b.event(5, "account.profile", "profile.renamed", "c:4", old_name="赵医生", new_name="赵三的日常"),
        b.created(0, "c:5", "孙医生"),
        b.created(1, "r:1", "青朗市文化和旅游局"),
        *(b.created(1, f"b:{n}", "青朗市卫生健康委员会") for n in (1, 2, 3)),
        b.tick(10),
    ]
    later = [
        b.tick(20),
        b.credential(21, "credential.revoked", "c:3", "legal", reason="fake"),
        b.tick(31),
    ]
    registry_phase = [
        registry("test:qinglang-culture", "青朗市文化和旅游局", 40),
        registry("test:qinglang-health", "青朗市卫生健康委员会", 40),
        b.tick(41),
    ]
    return [verifications, profiles, later, registry_phase]


def main() -> None:
    write_phases(HERE, build())
    policy = DEFAULT_POLICY_PATH.read_text(encoding="utf-8")
    assert "recheck_burst_max = 20" in policy
    (HERE / "policy.toml").write_text(policy.replace("recheck_burst_max = 20", "recheck_burst_max = 2"),
                                      encoding="utf-8")
    # a longer alignment bound: which processed record lists a notice must not depend on the host's load (README)
    (HERE / "env.json").write_text('{"QINGLANG_POLICY": "{case_dir}/policy.toml", "QINGLANG_ALIGN_WAIT": "10"}\n',
                                   encoding="utf-8")
    (HERE / "restart_between_phases").write_text(
        "The golden harness restarts the worker before each later phase (tests/support/golden.py).\n",
        encoding="utf-8")


if __name__ == "__main__":
    # no options: --help says what this writes, and any other argument is refused before anything is written
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    main()

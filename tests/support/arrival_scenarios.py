"""Records whose decisions used to depend on the order they arrived in across topics (the reported
cases), for several accounts: the property test and the real-worker order test share them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import orjson

from enforcement.review import review_record
from enforcement.violations import Violation
from streams.bus.recording import RecordedRecord


def recorded_event(topic: str, account: str, body: dict[str, Any]) -> RecordedRecord:
    """One input record as a recording holds it: keyed by the account, stamped with the event's time."""
    ms = int(datetime.fromisoformat(body["occurred_at"].replace("Z", "+00:00")).timestamp() * 1000)
    payload = {"schema_version": 1, "account_id": account, **body}
    return RecordedRecord(topic, account.encode(), orjson.dumps(payload), ms)


_event = recorded_event  # short, for the scenario tables below


def arrival_scenarios() -> list[RecordedRecord]:
    """The reported arrival-order cases, for several accounts: a rumour label and a rename to
    a doctor's title five minutes apart (the ladder's points depended on which came first), a credential
    verified two minutes before the profile showing its title, and revoked a minute before a bio that
    claims the profession; a rename that drops a lawyer's title a minute before the credential's
    revocation. D10's rename-after-sanction against a label has its own scenarios below."""
    out: list[RecordedRecord] = []
    for n in range(6):
        a, day = f"o:{n}", f"2026-03-0{n + 1}"
        out += [
            _event("account.profile", a, {"event_id": f"{a}-c", "type": "profile.created", "name": f"小{n}日常",
                                          "identity_hash": f"owner-{n}", "occurred_at": f"{day}T06:00:00Z"}),
            _event("content.label", a, {"event_id": f"{a}-l", "type": "content.labelled", "post_id": f"{a}-p",
                                        "label": "rumour", "first_post": True, "repost_count": 0,
                                        "occurred_at": f"{day}T08:00:00Z"}),
            _event("account.profile", a, {"event_id": f"{a}-r", "type": "profile.renamed", "old_name": f"小{n}日常",
                                          "new_name": "王医生", "occurred_at": f"{day}T08:05:00Z"}),
        ]
        b = f"p:{n}"
        out += [
            _event("account.credential", b, {"event_id": f"{b}-v", "type": "credential.verified",
                                             "credential_id": "c1", "domain": "medical",
                                             "valid_until": "2027-01-01T00:00:00Z", "occurred_at": f"{day}T07:00:00Z"}),
            _event("account.profile", b, {"event_id": f"{b}-c", "type": "profile.created", "name": "张医生讲健康",
                                          "identity_hash": f"owner-p{n}", "occurred_at": f"{day}T07:02:00Z"}),
            _event("account.credential", b, {"event_id": f"{b}-x", "type": "credential.revoked", "credential_id": "c1",
                                             "domain": "medical", "reason": "suspended",
                                             "occurred_at": f"{day}T07:03:00Z"}),
            _event("account.profile", b, {"event_id": f"{b}-b", "type": "profile.bio_changed",
                                          "bio": "三甲医院医生，每天分享健康知识", "occurred_at": f"{day}T07:04:00Z"}),
        ]
        q = f"q:{n}"  # a rename drops the lawyer's title a minute before the credential is revoked
        out += [
            _event("account.credential", q, {"event_id": f"{q}-v", "type": "credential.verified",
                                             "credential_id": "c1", "domain": "legal",
                                             "valid_until": "2027-01-01T00:00:00Z", "occurred_at": f"{day}T05:00:00Z"}),
            _event("account.profile", q, {"event_id": f"{q}-c", "type": "profile.created", "name": "王律师说法",
                                          "identity_hash": f"owner-q{n}", "occurred_at": f"{day}T05:01:00Z"}),
            _event("account.profile", q, {"event_id": f"{q}-r", "type": "profile.renamed", "old_name": "王律师说法",
                                          "new_name": f"王{n}的日常", "occurred_at": f"{day}T05:10:00Z"}),
            _event("account.credential", q, {"event_id": f"{q}-x", "type": "credential.revoked", "credential_id": "c1",
                                             "domain": "legal", "reason": "suspended",
                                             "occurred_at": f"{day}T05:11:00Z"}),
        ]
    return sorted(out, key=lambda r: r.timestamp_ms or 0)


def _label(account: str, suffix: str, at: str, label: str = "rumour") -> RecordedRecord:
    return _event("content.label", account, {"event_id": f"{account}-{suffix}", "type": "content.labelled",
                                             "post_id": f"{account}-{suffix}p", "label": label, "first_post": True,
                                             "repost_count": 0, "occurred_at": at})


def _renamed(account: str, n: int, at: str) -> RecordedRecord:
    return _event("account.profile", account, {"event_id": f"{account}-r", "type": "profile.renamed",
                                               "old_name": f"晨{n}读书", "new_name": f"晚{n}读书", "occurred_at": at})


def rename_after_sanction_scenarios() -> list[RecordedRecord]:
    """D10 `rename_after_sanction` against a sanction decided on another topic (a label, reports), for several
    accounts, with the two records close enough (inside the allowed lateness) to arrive in either order:
    - s:n: a rumour label at 08:00 (its strike mutes) and a rename a minute later: the rename answers the
      mute however they arrive;
    - t:n: a rumour label at 08:00 and a rename a minute *before* it: the rename answers nothing, even when
      the label arrives first;
    - u:n: a rumour label the day before (muted), a rename at 08:00 and a second label at 08:01: the rename
      answers the first mute, even when the second one (later in event time) arrives before it;
    - w:n: a rumour label the day before (muted), then reports (D11) in two categories whose second
      threshold, crossed at 08:00, mutes for longer, and a rename at 08:01: the rename answers the
      reports' mute, also when it arrives first and has answered the older mute meanwhile (its D10 is sent
      again under the same id with the new sanction, and struck as in event-time order)."""
    out: list[RecordedRecord] = []
    for n in range(6):
        day = f"2026-03-1{n}"
        for account in (f"s:{n}", f"t:{n}", f"u:{n}", f"w:{n}"):
            out.append(_event("account.profile", account, {"event_id": f"{account}-c", "type": "profile.created",
                                                           "name": f"晨{n}读书", "identity_hash": f"owner-{account}",
                                                           "occurred_at": f"2026-03-0{n + 1}T06:00:00Z"}))
        out += [_label(f"s:{n}", "l", f"{day}T08:00:00Z"), _renamed(f"s:{n}", n, f"{day}T08:01:00Z"),
                _label(f"t:{n}", "l", f"{day}T08:00:00Z"), _renamed(f"t:{n}", n, f"{day}T07:59:00Z"),
                _label(f"u:{n}", "k", f"2026-03-{9 + n:02d}T08:00:00Z"), _renamed(f"u:{n}", n, f"{day}T08:00:00Z"),
                _label(f"u:{n}", "l", f"{day}T08:01:00Z")]
        w = f"w:{n}"
        out += [_label(w, "k", f"2026-03-{9 + n:02d}T08:00:00Z"), _renamed(w, n, f"{day}T08:01:00Z")]
        reports = [("rumour", "06:00"), ("rumour", "06:30"), ("rumour", "07:00"), ("rumour_marketing", "07:20"),
                   ("rumour_marketing", "07:40"), ("rumour_marketing", "08:00")]
        out += [_event("account.report", w, {"event_id": f"{w}-p{k}", "type": "report.filed", "reporter_id": f"r:{k}",
                                             "category": category, "detail": "造谣",
                                             "occurred_at": f"{day}T{at}:00Z"})
                for k, (category, at) in enumerate(reports)]
    return sorted(out, key=lambda r: r.timestamp_ms or 0)


def _label_violation(account: str, suffix: str, at: str, rule: str) -> Violation:
    """The violation the pipeline raises for a first-post label `_label(account, suffix, at, …)` of rule `rule`."""
    post = f"{account}-{suffix}p"
    return Violation(account_id=account, rule=rule, confidence=1.0, source_event_id=f"{account}-{suffix}",
                     occurred_at=datetime.fromisoformat(at.replace("Z", "+00:00")), field="post", identity=post,
                     trigger_id=f"post:{post}")


def early_record_scenarios() -> list[RecordedRecord]:
    """Appeals and review decisions that can arrive before what they name (their topic read ahead of the
    label's), for several accounts, each two minutes after the label it answers:
    - e:n: a rumour label whose strike mutes, its appeal overturned: the mute is reversed however they arrive;
    - f:n: the same, the appeal upheld: the mute stands;
    - d:n: a suspected-crime label (a referral review item, S6) confirmed by a reviewer: the account is
      closed however they arrive."""
    out: list[RecordedRecord] = []
    for n in range(6):
        day = f"2026-04-0{n + 1}"
        at = f"{day}T08:00:00Z"
        for account in (f"e:{n}", f"f:{n}", f"d:{n}"):
            out.append(_event("account.profile", account, {"event_id": f"{account}-c", "type": "profile.created",
                                                           "name": f"晴{n}散步", "identity_hash": f"owner-{account}",
                                                           "occurred_at": f"2026-03-2{n}T06:00:00Z"}))
        for account, outcome in ((f"e:{n}", "overturned"), (f"f:{n}", "upheld")):
            out += [_label(account, "l", at), _event("account.appeal", account, {
                "event_id": f"{account}-a", "type": "appeal.resolved", "outcome": outcome,
                "violation_id": _label_violation(account, "l", at, "rumour_first_post").violation_id,
                "resolved_by": "supervisor:1", "occurred_at": f"{day}T08:02:00Z"})]
        d = f"d:{n}"
        referral = review_record(_label_violation(d, "l", at, "labelled_suspected_crime"), "referral", "critical")
        out += [_label(d, "l", at, "suspected_crime"),
                _event("review.decision", d, {"event_id": f"{d}-d", "type": "review.decided",
                                              "review_id": referral["review_id"],
                                              "decision": "confirm", "reviewer_id": "rv:1",
                                              "occurred_at": f"{day}T08:02:00Z"})]
    return sorted(out, key=lambda r: r.timestamp_ms or 0)

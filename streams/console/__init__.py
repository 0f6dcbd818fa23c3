"""The reviewer console (`qinglang console`): people read review items, decide them and resolve appeals.

Pinned "People act through events": the console writes only `review.decision` and `account.appeal`
records; the pipeline applies them like any other input. Its own working state (sessions, claims, the
index of review items it follows from `qinglang.review`) lives in Redis under its own keys.
"""

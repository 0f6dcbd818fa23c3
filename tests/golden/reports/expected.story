# What this case's outputs say, per account, in event-time order (tests/support/golden_story.py).
# Byte for byte they are in expected.jsonl; this file is what a reviewer reads.
# 34 events processed, 0 records dead-lettered

g:1
  2026-05-01 02:00:09.000  D11 reports_threshold  category -> impersonation
  2026-05-01 02:00:09.000  notice, points 0->2
  2026-05-01 05:00:21.000  withdraw [notice] (appeal_overturned) reversing an earlier action, points 2->0

g:2
  2026-05-01 03:24:19.000  D11 reports_threshold  category -> impersonation
  2026-05-01 03:24:19.000  review: mass_report, D11 reports_threshold

g:4
  2026-05-01 08:40:29.000  D11 reports_threshold  category -> impersonation
  2026-05-01 08:40:29.000  notice, points 0->2

g:5
  2026-05-01 00:00:10.000  D12 rumour_first_post  post -> p:5
  2026-05-01 00:00:10.000  mute [short_mute], points 0->6, until 2026-05-08 00:00:10.000

g:6
  2026-05-01 00:00:16.000  D12 labelled_suspected_crime  post -> p:6
  2026-05-01 00:00:16.000  review: referral, D12 labelled_suspected_crime, refer to public_security
  2026-05-01 00:00:16.000  close, points 0->10

g:7
  2026-05-01 00:00:11.000  D12 rumour_repost  post -> p:7a
  2026-05-01 00:00:11.000  notice, points 0->2
  2026-05-01 10:00:12.000  D12 rumour_repost_after_debunk  post -> p:7b
  2026-05-01 10:00:12.000  mute [short_mute], points 2->6, until 2026-05-08 10:00:12.000

g:8
  2026-05-01 00:00:13.000  D12 rumour_repost  post -> p:8
  2026-05-01 00:00:13.000  mute [short_mute], points 0->6, until 2026-05-08 00:00:13.000

g:9
  2026-05-01 00:00:14.000  D12 labelled_illegal_profit  post -> p:9
  2026-05-01 00:00:14.000  live_streaming_suspended [short_mute] (illegal_profit), points 0->6
  2026-05-01 00:00:14.000  monetization_suspended [short_mute] (illegal_profit), points 0->6
  2026-05-01 00:00:14.000  mute [short_mute], points 0->6, until 2026-05-08 00:00:14.000
  2026-05-01 00:00:14.000  paid_knowledge_suspended [short_mute] (illegal_profit), points 0->6
  2026-05-01 00:00:14.000  tipping_suspended [short_mute] (illegal_profit), points 0->6
  2026-05-01 05:00:23.000  live_streaming_restored [short_mute] (appeal_overturned) reversing an earlier action, points 6->0
  2026-05-01 05:00:23.000  monetization_restored [short_mute] (appeal_overturned) reversing an earlier action, points 6->0
  2026-05-01 05:00:23.000  paid_knowledge_restored [short_mute] (appeal_overturned) reversing an earlier action, points 6->0
  2026-05-01 05:00:23.000  tipping_restored [short_mute] (appeal_overturned) reversing an earlier action, points 6->0
  2026-05-01 05:00:23.000  unmute [short_mute] (appeal_overturned) reversing an earlier action, points 6->0

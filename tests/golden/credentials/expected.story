# What this case's outputs say, per account, in event-time order (tests/support/golden_story.py).
# Byte for byte they are in expected.jsonl; this file is what a reviewer reads.
# 21 events processed, 0 records dead-lettered

b:1
  2026-02-10 00:00:00.000  D1 official_name_exact  name «青朗市卫生健康委员会» -> test:qinglang-health
  2026-02-10 00:00:00.000  review: registry_burst, D1 official_name_exact

b:2
  2026-02-10 00:00:00.000  D1 official_name_exact  name «青朗市卫生健康委员会» -> test:qinglang-health
  2026-02-10 00:00:00.000  review: registry_burst, D1 official_name_exact

b:3
  2026-02-10 00:00:00.000  D1 official_name_exact  name «青朗市卫生健康委员会» -> test:qinglang-health
  2026-02-10 00:00:00.000  review: registry_burst, D1 official_name_exact

c:1
  2026-01-17 00:00:00.000  credential_expiry_notice [notice] (credential_expiring), until 2026-01-31 00:00:00.000
  2026-01-31 00:00:00.000  D7 credential_lapsed_in_use  name «张医生讲健康» -> title:medical
  2026-01-31 00:00:00.000  notice, points 0->1

c:3
  2026-01-22 00:00:19.000  D7 credential_revoked_in_use  name «王律师说法» -> title:legal
  2026-01-22 00:00:19.000  mute [short_mute], points 0->5, until 2026-01-29 00:00:19.000
  2026-01-29 00:00:19.000  unmute [short_mute] (mute_ended) reversing an earlier action, points 5->5

c:5
  2026-01-01 00:00:12.000  D6 professional_title_domain_mismatch  name «孙医生» -> title:medical
  2026-01-01 00:00:12.000  warning, points 0->3

r:1
  2026-02-10 00:00:00.000  D1 official_name_exact  name «青朗市文化和旅游局» -> test:qinglang-culture
  2026-02-10 00:00:00.000  close, points 0->10

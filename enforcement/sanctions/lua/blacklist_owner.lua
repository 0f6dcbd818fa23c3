-- KEYS: 1 the owner's blacklisting (JSON), 2 the owner's registered accounts (account -> creation JSON),
-- 3 the blacklistings displaced (displacing action id -> the displaced one's JSON); all in the owner's slot.
-- ARGV: 1 event time (ms), 2 blacklist action id, 3 the blacklisting JSON.
-- The earliest blacklisting in event time (then by action id) stays, whatever the order they arrive in.
-- Returns the one that stands, the owner's accounts (HGETALL's flat list), read in the same step, so a
-- registration of the owner is either seen here or sees this blacklisting, and the blacklisting this one
-- displaced (a later one met first, which stood until then), or nil; a redelivery gets the same answer.
local standing = redis.call('GET', KEYS[1])
local keep = false
if standing then
  local held = cjson.decode(standing)
  local at = tonumber(ARGV[1])
  keep = held.at_ms < at or (held.at_ms == at and held.action_id <= ARGV[2])
end
if not keep then
  if standing then
    redis.call('HSET', KEYS[3], ARGV[2], standing)
  end
  redis.call('SET', KEYS[1], ARGV[3])
  standing = ARGV[3]
end
return {standing, redis.call('HGETALL', KEYS[2]), redis.call('HGET', KEYS[3], ARGV[2])}

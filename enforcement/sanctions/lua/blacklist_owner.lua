-- KEYS: 1 the owner's blacklisting (JSON), 2 the owner's registered accounts (account -> creation JSON),
-- 3 the blacklistings displaced (displacing action id -> the displaced one's JSON), 4 every blacklisting of
-- the owner not lifted (action id -> JSON), 5 the blacklistings lifted (action id -> JSON); all in the
-- owner's slot. ARGV: 1 event time (ms), 2 blacklist action id, 3 the blacklisting JSON.
-- The earliest blacklisting in event time (then by action id) stays, whatever the order they arrive in;
-- each is kept in KEYS[4] too, so that one lifted later can hand the owner's blacklist to the earliest of
-- the rest. A blacklisting already lifted (its action reversed, then the strike redelivered) is not
-- recorded again.
-- Returns the one that stands (false if none), the owner's accounts (HGETALL's flat list), read in the same
-- step, so a registration of the owner is either seen here or sees this blacklisting, and the blacklisting
-- this one displaced (a later one met first, which stood until then), or nil; a redelivery gets the same
-- answer.
local standing = redis.call('GET', KEYS[1])
if redis.call('HEXISTS', KEYS[5], ARGV[2]) == 0 then
  redis.call('HSET', KEYS[4], ARGV[2], ARGV[3])
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
end
return {standing, redis.call('HGETALL', KEYS[2]), redis.call('HGET', KEYS[3], ARGV[2])}

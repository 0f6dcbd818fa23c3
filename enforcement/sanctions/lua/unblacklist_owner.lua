-- KEYS: 1 the owner's blacklisting (JSON), 2 the owner's registered accounts (account -> creation JSON),
-- 3 the blacklistings lifted (blacklist action id -> its JSON), 4 every blacklisting of the owner not
-- lifted (action id -> JSON), 5 the blacklisting that stood again when one was lifted (lifted action id ->
-- its JSON); all in the owner's slot. ARGV: 1 action id.
-- Forgets that action's blacklisting. If it was the one standing, it is kept among the lifted ones, and the
-- earliest of the owner's other blacklistings (event time, then action id) stands in its place: in
-- event-time order that one would have stood all along had the lifted one never been.
-- Returns the blacklisting that action made if it was ever lifted (also on a redelivery, so its review
-- items can be withdrawn again), the owner's accounts and the blacklisting that stood again in its place
-- (or nil); nil when that action's blacklisting never stood.
local standing = redis.call('GET', KEYS[1])
redis.call('HDEL', KEYS[4], ARGV[1])
if standing and cjson.decode(standing).action_id == ARGV[1] then
  redis.call('DEL', KEYS[1])
  redis.call('HSET', KEYS[3], ARGV[1], standing)
  local earliest, at, id = nil, nil, nil
  local others = redis.call('HVALS', KEYS[4])
  for _, raw in ipairs(others) do
    local other = cjson.decode(raw)
    if earliest == nil or other.at_ms < at or (other.at_ms == at and other.action_id < id) then
      earliest, at, id = raw, other.at_ms, other.action_id
    end
  end
  if earliest then
    redis.call('SET', KEYS[1], earliest)
    redis.call('HSET', KEYS[5], ARGV[1], earliest)
  end
end
local lifted = redis.call('HGET', KEYS[3], ARGV[1])
if not lifted then
  return nil
end
return {lifted, redis.call('HGETALL', KEYS[2]), redis.call('HGET', KEYS[5], ARGV[1])}

-- KEYS: 1 the blacklist hash (owner identity -> blacklisting JSON).
-- ARGV: 1 owner identity, 2 event time (ms), 3 blacklist action id, 4 the blacklisting JSON.
-- The earliest blacklisting in event time (then by action id) stays, whatever the order they arrive in;
-- returns the one that stands.
local standing = redis.call('HGET', KEYS[1], ARGV[1])
if standing then
  local held = cjson.decode(standing)
  local at = tonumber(ARGV[2])
  if held.at_ms < at or (held.at_ms == at and held.action_id <= ARGV[3]) then
    return standing
  end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[4])
return ARGV[4]

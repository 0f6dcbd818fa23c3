-- KEYS: 1 this hour's closure slots (hash vid -> 1 admitted | 0 refused, '#' -> admitted count)
-- ARGV: 1 violation_id, 2 cap, 3 ttl seconds
local stored = redis.call('HGET', KEYS[1], ARGV[1])
if stored then return tonumber(stored) end
local used = tonumber(redis.call('HGET', KEYS[1], '#') or '0')
local ok = 0
if used < tonumber(ARGV[2]) then
  ok = 1
  redis.call('HINCRBY', KEYS[1], '#', 1)
end
redis.call('HSET', KEYS[1], ARGV[1], ok)
redis.call('EXPIRE', KEYS[1], ARGV[3])
return ok

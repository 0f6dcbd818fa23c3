-- KEYS: 1 window zset (reporter -> at ms), 2 weights hash, 3 seen hash (event id -> result)
-- ARGV: 1 event id, 2 reporter, 3 at ms, 4 weight milli, 5 window ms, 6 threshold milli, 7 ttl s of all three keys
local stored = redis.call('HGET', KEYS[3], ARGV[1])
if stored then return stored end
local at, weight = tonumber(ARGV[3]), tonumber(ARGV[4])
local cutoff = at - tonumber(ARGV[5])
for _, old in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. cutoff)) do
  redis.call('ZREM', KEYS[1], old)
  redis.call('HDEL', KEYS[2], old)
end
local members = redis.call('ZRANGE', KEYS[1], 0, -1)
local before = 0
for _, r in ipairs(members) do before = before + tonumber(redis.call('HGET', KEYS[2], r) or '0') end
local result
if redis.call('ZSCORE', KEYS[1], ARGV[2]) then
  result = 'duplicate ' .. before .. ' ' .. before .. ' 0'
else
  redis.call('ZADD', KEYS[1], at, ARGV[2])
  redis.call('HSET', KEYS[2], ARGV[2], weight)
  local after = before + weight
  local threshold = tonumber(ARGV[6])
  if before < threshold and after >= threshold then
    result = 'counted ' .. before .. ' ' .. after .. ' 1'
    local all = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
    for i = 1, #all, 2 do
      result = result .. ' ' .. all[i] .. ' ' .. all[i + 1] .. ' ' .. redis.call('HGET', KEYS[2], all[i])
    end
  else
    result = 'counted ' .. before .. ' ' .. after .. ' 0'
  end
end
redis.call('HSET', KEYS[3], ARGV[1], result)
-- an account nobody reports any more leaves nothing behind: its window and weights go with its results
for i = 1, 3 do redis.call('EXPIRE', KEYS[i], ARGV[7]) end
return result

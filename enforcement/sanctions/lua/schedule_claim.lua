-- KEYS: 1 due (zset id->due ms), 2 items (hash id->payload), 3 claimed (zset id->lease end, wall ms),
--       4 fired (zset id->due ms of every item ever handed out)
-- ARGV: 1 watermark ms, 2 now ms, 3 lease ms, 4 limit, 5 fired ids due before this (ms) are forgotten
local limit = tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', '(' .. ARGV[5])
local ready = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'WITHSCORES', 'LIMIT', 0, limit)
local ids = {}
for i = 1, #ready, 2 do
  ids[#ids + 1] = ready[i]
  redis.call('ZADD', KEYS[4], ready[i + 1], ready[i])
end
if #ids < limit then
  local stale = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', '(' .. ARGV[2], 'LIMIT', 0, limit - #ids)
  for _, id in ipairs(stale) do ids[#ids + 1] = id end
end
local out = {}
local lease_end = tonumber(ARGV[2]) + tonumber(ARGV[3])
for _, id in ipairs(ids) do
  redis.call('ZREM', KEYS[1], id)
  redis.call('ZADD', KEYS[3], lease_end, id)
  local payload = redis.call('HGET', KEYS[2], id)
  if payload then
    out[#out + 1] = id
    out[#out + 1] = payload
  else
    redis.call('ZREM', KEYS[3], id)
  end
end
return out

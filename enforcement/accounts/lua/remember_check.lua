-- KEYS: 1 entries hash (event id -> JSON; 'result:<credential event id>' -> JSON), 2 times zset (same members)
-- ARGV: 1 member, 2 event time ms, 3 JSON, 4 keep from ms (older members are forgotten)
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
local old = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[4])
if #old > 0 then
  for i = 1, #old, 1000 do
    redis.call('HDEL', KEYS[1], unpack(old, i, math.min(i + 999, #old)))
  end
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[4])
end
return 1

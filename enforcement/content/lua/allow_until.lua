-- KEYS: 1 allow hash ("rule identity" -> until ms); ARGV: 1 field, 2 until ms (the later one stands)
local old = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '-1')
if tonumber(ARGV[2]) > old then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end
return 1

-- KEYS: 1 hash field -> ms; ARGV: 1 field, 2 ms. Keeps the later time (a late or repeated action changes nothing)
local old = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '-1')
if tonumber(ARGV[2]) > old then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end
return 1

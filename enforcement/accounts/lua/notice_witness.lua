-- KEYS: 1 notices hash ('<credential id>|<valid_until ms>' -> witness). ARGV: 1 field, 2 witness.
-- Returns {1 recorded now | 0 already, the recorded witness}.
local set = redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2])
return {set, redis.call('HGET', KEYS[1], ARGV[1])}

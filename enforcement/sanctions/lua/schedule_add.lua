-- KEYS: 1 due, 2 items, 3 fired; ARGV: 1 id, 2 due ms, 3 payload
-- An item already handed out once is not armed again: the ids derive from the input, so this is a
-- redelivery of the input that scheduled it, and its outputs are already decided.
if redis.call('ZSCORE', KEYS[3], ARGV[1]) then return 0 end
if redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[3]) == 0 then return 0 end
redis.call('ZADD', KEYS[1], 'NX', ARGV[2], ARGV[1])
return 1

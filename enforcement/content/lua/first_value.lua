-- KEYS: 1 hash; ARGV: 1 field, 2 value. The field's first value: set unless present, then read, atomically
redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2])
return redis.call('HGET', KEYS[1], ARGV[1])

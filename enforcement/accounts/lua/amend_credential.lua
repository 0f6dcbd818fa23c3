-- KEYS: 1 credentials hash, 2 versions hash. ARGV: 1 credential id, 2 version, 3 JSON state.
-- Written only when the stored version is the same: the same state, with more of its history known.
if redis.call('HGET', KEYS[2], ARGV[1]) ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return 1

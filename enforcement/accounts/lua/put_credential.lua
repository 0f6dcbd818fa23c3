-- KEYS: 1 credentials hash (credential id -> JSON), 2 versions hash (credential id -> version)
-- ARGV: 1 credential id, 2 version, 3 JSON state. Written only when newer than the stored version.
local stored = redis.call('HGET', KEYS[2], ARGV[1])
if stored and stored >= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
return 1

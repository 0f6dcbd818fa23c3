-- D10 rename_after_sanction: write one step of an account's two logs, atomically.
-- KEYS (one hash slot, {account}): 1 renames (hash event id -> JSON), 2 renames_at (zset event id -> ms),
--   3 sanctions (hash action id -> "<kind>|<ms>"), 4 sanctions_at (zset action id -> ms),
--   5 results (hash event id -> JSON), 6 results_at (zset event id -> ms)
-- ARGV: 1 keep from ms, 2 result event id or '', 3 result ms, 4 result JSON,
--   5 number of renames R, then R triples (event id, ms, JSON),
--   then the number of added sanctions A, A triples (action id, kind, ms), then the removed action ids
local i = 6
for _ = 1, tonumber(ARGV[5]) do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 2])
  redis.call('ZADD', KEYS[2], ARGV[i + 1], ARGV[i])
  i = i + 3
end
local added = tonumber(ARGV[i])
i = i + 1
for _ = 1, added do
  redis.call('HSET', KEYS[3], ARGV[i], ARGV[i + 1] .. '|' .. ARGV[i + 2])
  redis.call('ZADD', KEYS[4], ARGV[i + 2], ARGV[i])
  i = i + 3
end
while i <= #ARGV do
  redis.call('HDEL', KEYS[3], ARGV[i])
  redis.call('ZREM', KEYS[4], ARGV[i])
  i = i + 1
end
if ARGV[2] ~= '' then
  redis.call('HSET', KEYS[5], ARGV[2], ARGV[4])
  redis.call('ZADD', KEYS[6], ARGV[3], ARGV[2])
end
local keep = '(' .. ARGV[1]
for k = 1, 5, 2 do
  local old = redis.call('ZRANGEBYSCORE', KEYS[k + 1], '-inf', keep)
  for j = 1, #old, 1000 do
    redis.call('HDEL', KEYS[k], unpack(old, j, math.min(j + 999, #old)))
  end
  redis.call('ZREMRANGEBYSCORE', KEYS[k + 1], '-inf', keep)
end
return 1

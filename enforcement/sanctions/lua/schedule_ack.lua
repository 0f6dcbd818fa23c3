-- KEYS: 1 items, 2 claimed; ARGV: the ids
for _, id in ipairs(ARGV) do
  redis.call('ZREM', KEYS[2], id)
  redis.call('HDEL', KEYS[1], id)
end
return 1

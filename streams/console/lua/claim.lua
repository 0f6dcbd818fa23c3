-- KEYS: 1 the item's claim. ARGV: 1 reviewer, 2 claim length ms. Returns the holder after the attempt.
local holder = redis.call('GET', KEYS[1])
if not holder or holder == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return ARGV[1]
end
return holder

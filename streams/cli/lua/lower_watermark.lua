-- KEYS: 1 the watermark. ARGV: 1 the value the operator was shown, 2 the new (earlier) watermark ms.
-- Returns 'ok', or the value found instead (false when the key is gone): a concurrent change is never overwritten.
local current = redis.call('GET', KEYS[1])
if current ~= ARGV[1] then
  return current or false
end
redis.call('SET', KEYS[1], ARGV[2])
return 'ok'

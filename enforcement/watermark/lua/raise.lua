-- KEYS: 1 the watermark (epoch ms); ARGV: 1 a candidate. The watermark only rises: the later of the two stands and is returned
local current = tonumber(redis.call('GET', KEYS[1]))
local candidate = tonumber(ARGV[1])
if current == nil or candidate > current then
  redis.call('SET', KEYS[1], ARGV[1])
  return candidate
end
return current

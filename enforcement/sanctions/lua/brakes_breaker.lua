-- KEYS: 1 this hour's decisions (hash vid -> result), 2 open flag of this hour, 3.. previous hours' hashes
-- ARGV: 1 violation_id, 2 min per hour, 3 factor (thousandths), 4 ttl seconds
local stored = redis.call('HGET', KEYS[1], ARGV[1])
if stored then return stored end
local count = redis.call('HLEN', KEYS[1]) + 1
local result = 'admitted'
if redis.call('EXISTS', KEYS[2]) == 1 then
  result = 'open'
else
  local sum, n = 0, #KEYS - 2
  for i = 3, #KEYS do sum = sum + redis.call('HLEN', KEYS[i]) end
  -- count > min and count > factor * sum / n, in integers (same rule as brakes.trips)
  if count > tonumber(ARGV[2]) and (n == 0 or count * n * 1000 > tonumber(ARGV[3]) * sum) then
    result = 'opened'
    redis.call('SET', KEYS[2], 1, 'EX', ARGV[4])
  end
end
redis.call('HSET', KEYS[1], ARGV[1], result)
redis.call('EXPIRE', KEYS[1], ARGV[4])
return result

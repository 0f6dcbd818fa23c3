-- Read one ledger subject's state in one atomic call: its clock, then the stored outcome of every strike.
-- KEYS: 1 state (hash: clock), 2 strikes (zset), 3 outcome (hash violation id -> outcome JSON)
local out = {redis.call('HGET', KEYS[1], 'clock')}
local ids = redis.call('ZRANGE', KEYS[2], 0, -1)
for i = 1, #ids, 1000 do
  local slice = redis.call('HMGET', KEYS[3], unpack(ids, i, math.min(i + 999, #ids)))
  for _, value in ipairs(slice) do
    if value then out[#out + 1] = value end
  end
end
return out

-- Read one ledger subject's state in one atomic call: its clock, the rung the next strike starts at, then
-- the stored outcome of every strike. Loaded after ladder.lua: the rung is the one `ladder_step` steps
-- the next strike from (the highest rung the points reach or a strike in the window fired).
-- KEYS: 1 state (hash: clock), 2 strikes (zset), 3 strike (hash: "points|fired"), 4 outcome (hash
--       violation id -> outcome JSON)
-- ARGV: 1 params JSON, 2 subject
local P = cjson.decode(ARGV[1])
local ids = redis.call('ZRANGE', KEYS[2], 0, -1)
local live, outcomes = {}, {}
for i = 1, #ids, 1000 do
  local last = math.min(i + 999, #ids)
  local values = redis.call('HMGET', KEYS[3], unpack(ids, i, last))
  for j, value in ipairs(values) do
    local points, fired = string.match(value, '^(%-?%d+)|(.*)$')
    live[#live + 1] = {ids[i + j - 1], 0, tonumber(points), fired}
  end
  local slice = redis.call('HMGET', KEYS[4], unpack(ids, i, last))
  for _, value in ipairs(slice) do
    if value then outcomes[#outcomes + 1] = value end
  end
end
local step = ladder_step(P, rung_indexes(P), ARGV[2], live, '', 0, 0, 0, false)
return {redis.call('HGET', KEYS[1], 'clock'), step.before, unpack(outcomes)}

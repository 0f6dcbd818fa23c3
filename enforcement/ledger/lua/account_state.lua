-- Read one ledger subject's state in one atomic call: its clock, the rung the next strike starts at, then
-- the stored outcome of every strike. Loaded after ladder.lua: the rung is the one `ladder_step` steps
-- the next strike from (the highest rung the points reach or a strike in the window fired).
-- KEYS: 1 state (hash: clock), 2 strikes (zset), 3 strike (hash: "points|fired"), 4 outcome (hash
--       violation id -> outcome JSON)
-- ARGV: 1 params JSON, 2 subject
local P = cjson.decode(ARGV[1])
local ids = redis.call('ZRANGE', KEYS[2], 0, -1)
local index_of = rung_indexes(P)
local step = ladder_step(P, index_of, ARGV[2], live_strikes(P, index_of, KEYS[3], ids), '', 0, 0, 0, false)
local out = {redis.call('HGET', KEYS[1], 'clock'), step.before}
for _, raw in ipairs(hmget_all(KEYS[4], ids)) do
  if raw then out[#out + 1] = raw end
end
return out

-- An appeal's writes, applied only if the account's strikes are still what the appeal was decided on.
-- The appeal is decided in Python (appeal.py) from a plain read; this script is its compare-and-set: the
-- same guarantee as WATCH + MULTI/EXEC, without a dedicated connection per appeal.
-- KEYS: 1 strikes zset, 2 strike hash (id -> "points|fired"), 3 outcome hash, 4 action hash, 5 audit stream
-- ARGV, in groups, each count first:
--   appealed id, its stored outcome as read
--   n, then n strike ids as read (ZRANGE order), n outcomes as read, n strike values as read ("" = absent)
--   outcomes to write: m, then m (id, JSON) pairs
--   "1" if the appealed strike is removed, else "0"
--   strike values to write: k, then k (id, "points|fired") pairs
--   actions to add (HSETNX): a, then a (action id, JSON) pairs
--   audit maxlen, then audit entries: e, then per entry f and f (field, value) pairs
-- Returns 1 when written, 0 when the strikes changed since they were read (the caller decides again).
local at = 1
local function take()
  local value = ARGV[at]
  at = at + 1
  return value
end
local function same(value, expected)
  if value == false or value == nil then return expected == '' end
  return value == expected
end

local appealed = take()
if not same(redis.call('HGET', KEYS[3], appealed), take()) then return 0 end
local n = tonumber(take())
local ids = {}
for i = 1, n do ids[i] = take() end
local current = redis.call('ZRANGE', KEYS[1], 0, -1)
if #current ~= n then return 0 end
for i = 1, n do
  if current[i] ~= ids[i] then return 0 end
end
if n > 0 then
  local outcomes = redis.call('HMGET', KEYS[3], unpack(ids))
  for i = 1, n do
    if not same(outcomes[i], take()) then return 0 end
  end
  local strikes = redis.call('HMGET', KEYS[2], unpack(ids))
  for i = 1, n do
    if not same(strikes[i], take()) then return 0 end
  end
end

local m = tonumber(take())
if m > 0 then
  local pairs_ = {}
  for i = 1, 2 * m do pairs_[i] = take() end
  redis.call('HSET', KEYS[3], unpack(pairs_))
end
if take() == '1' then
  redis.call('ZREM', KEYS[1], appealed)
  redis.call('HDEL', KEYS[2], appealed)
end
local k = tonumber(take())
if k > 0 then
  local pairs_ = {}
  for i = 1, 2 * k do pairs_[i] = take() end
  redis.call('HSET', KEYS[2], unpack(pairs_))
end
local a = tonumber(take())
for _ = 1, a do
  local id = take()
  redis.call('HSETNX', KEYS[4], id, take())
end
local maxlen = take()
local e = tonumber(take())
for _ = 1, e do
  local f = tonumber(take())
  local entry = {}
  for i = 1, 2 * f do entry[i] = take() end
  redis.call('XADD', KEYS[5], 'MAXLEN', '~', maxlen, '*', unpack(entry))
end
return 1

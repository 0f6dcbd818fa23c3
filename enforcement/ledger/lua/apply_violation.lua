-- Apply one violation to one ledger subject (an account, or an owner `own:<identity_hash>`), atomically.
-- S1/S2/S3, P2; decisions "Deterministic ids", "Repeats re-send", "Atomic means inside the script",
-- "Redis is the only state store". The Python twin is enforcement/ledger/memory.py.
--
-- KEYS (all under one hash tag `{subject}`, so this runs unchanged on Redis Cluster):
--   1 state    HASH   clock (latest occurred_at ms applied), seq (application counter), placing (set
--                     while a late strike waits for the caller to place it)
--   2 strikes  ZSET   violation_id -> occurred_at ms, the strikes inside the window
--   3 strike   HASH   violation_id -> "<points>|<rung it fired or empty>", for the in-window strikes
--   4 outcome  HASH   violation_id -> stored outcome JSON (returned unchanged on a repeat)
--   5 seen     ZSET   violation_id -> occurred_at ms, to forget outcomes after remember_ms
--   6 action   HASH   action_id -> action JSON
--   7 audit    STREAM one entry per applied strike and per action
-- ARGV: 1 params JSON (ledger.stored.ladder_params), 2 subject, 3 violation_id, 4 rule,
--       5 occurred_at ms, 6 base points, 7 min_rung index (0: none)
-- Returns {1, outcome JSON} when applied, {0, stored outcome JSON} on a repeat, {2, ''} when the strike
-- is earlier than one already held (nothing written; the caller places it).

local P = cjson.decode(ARGV[1])
local subject, vid, rule = ARGV[2], ARGV[3], ARGV[4]
local at, base, min_rung = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])

local function int(x) return string.format('%d', x) end

-- sha256 over bytes (LuaBitOp), so action ids equal enforcement.ids.derive_id (a replay
-- gives the same ids).
local K = {
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
}
local band, bor, bxor, bnot = bit.band, bit.bor, bit.bxor, bit.bnot
local rshift, lshift, ror, tobit = bit.rshift, bit.lshift, bit.ror, bit.tobit

local function be32(n)
  return string.char(band(rshift(n, 24), 255), band(rshift(n, 16), 255), band(rshift(n, 8), 255), band(n, 255))
end

local function sha256hex(msg)
  local bits = #msg * 8
  msg = msg .. '\128' .. string.rep('\0', (55 - #msg) % 64)
    .. be32(math.floor(bits / 4294967296)) .. be32(bits % 4294967296)
  local H = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19}
  local w = {}
  for chunk = 1, #msg, 64 do
    for i = 0, 15 do
      local b1, b2, b3, b4 = string.byte(msg, chunk + i * 4, chunk + i * 4 + 3)
      w[i] = bor(lshift(b1, 24), lshift(b2, 16), lshift(b3, 8), b4)
    end
    for i = 16, 63 do
      local s0 = bxor(ror(w[i - 15], 7), ror(w[i - 15], 18), rshift(w[i - 15], 3))
      local s1 = bxor(ror(w[i - 2], 17), ror(w[i - 2], 19), rshift(w[i - 2], 10))
      w[i] = tobit(w[i - 16] + s0 + w[i - 7] + s1)
    end
    local a, b, c, d, e, f, g, h = H[1], H[2], H[3], H[4], H[5], H[6], H[7], H[8]
    for i = 0, 63 do
      local S1 = bxor(ror(e, 6), ror(e, 11), ror(e, 25))
      local ch = bxor(band(e, f), band(bnot(e), g))
      local t1 = h + S1 + ch + K[i + 1] + w[i]
      local S0 = bxor(ror(a, 2), ror(a, 13), ror(a, 22))
      local maj = bxor(band(a, b), band(a, c), band(b, c))
      h, g, f, e, d, c, b, a = g, f, e, tobit(d + t1), c, b, a, tobit(t1 + S0 + maj)
    end
    H[1], H[2], H[3], H[4] = tobit(H[1] + a), tobit(H[2] + b), tobit(H[3] + c), tobit(H[4] + d)
    H[5], H[6], H[7], H[8] = tobit(H[5] + e), tobit(H[6] + f), tobit(H[7] + g), tobit(H[8] + h)
  end
  local out = {}
  for i = 1, 8 do out[i] = bit.tohex(H[i], 8) end
  return table.concat(out)
end

-- enforcement.ids.derive_id: sha256(kind, then per part 0x1f <byte length> ':' <bytes>)[:32]
local function derive_id(kind, parts)
  local buf = {kind}
  for _, part in ipairs(parts) do
    buf[#buf + 1] = '\31' .. #part .. ':' .. part
  end
  return string.sub(sha256hex(table.concat(buf)), 1, 32)
end

-- redis.call with a long list as arguments, in slices that stay under Lua's stack limit
local function call_many(command, key, list)
  for i = 1, #list, 1000 do
    redis.call(command, key, unpack(list, i, math.min(i + 999, #list)))
  end
end

-- while a late strike waits for the caller to place it (a2 below), the subject's later calls go to the
-- caller too, repeats included, so they see what placing it changes
local head = redis.call('HMGET', KEYS[1], 'clock', 'placing')
if head[2] then
  return {2, ''}
end

-- (a) idempotent by violation_id: a repeat returns the stored outcome unchanged, so
--     the worker can re-send the same actions after a crash
local stored = redis.call('HGET', KEYS[4], vid)
if stored then
  return {0, stored}
end

local rung_index = {}
for i, rung in ipairs(P.rungs) do rung_index[rung.name] = i end
local function rung_for(points)
  local reached = 0
  for i, rung in ipairs(P.rungs) do
    if points >= rung.threshold then reached = i end
  end
  return reached
end
local function rung_name(i)
  if i > 0 then return P.rungs[i].name end
  return cjson.null
end

-- the subject's event-time clock never moves back, so expiring by it is final
local clock = tonumber(head[1])
if clock == nil or at > clock then clock = at end
local horizon = clock - P.window_ms

-- (a2) a strike earlier in event time than one the subject holds (the sorted set orders by time, then
-- id) is not decided here: the caller places it in event-time order (enforcement/ledger/reorder.py)
if at > horizon then
  local last = redis.call('ZRANGE', KEYS[2], -1, -1, 'WITHSCORES')
  if #last == 2 then
    local last_at = tonumber(last[2])
    if last_at > at or (last_at == at and last[1] > vid) then
      redis.call('HSET', KEYS[1], 'placing', '1')
      return {2, ''}
    end
  end
end

-- (b) expire strikes that fell out of the window (event time, never the wall clock)
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', horizon)
if #expired > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', horizon)
  call_many('HDEL', KEYS[3], expired)
end
-- forget outcomes (and their actions) older than the idempotency memory
local forgotten = redis.call('ZRANGEBYSCORE', KEYS[5], '-inf', clock - P.remember_ms)
if #forgotten > 0 then
  local action_ids = {}
  for _, old in ipairs(forgotten) do
    local raw = redis.call('HGET', KEYS[4], old)
    if raw then
      local actions = cjson.decode(raw).actions
      for _, action in ipairs(actions) do action_ids[#action_ids + 1] = action.action_id end
    end
  end
  redis.call('ZREMRANGEBYSCORE', KEYS[5], '-inf', clock - P.remember_ms)
  call_many('HDEL', KEYS[4], forgotten)
  if #action_ids > 0 then call_many('HDEL', KEYS[6], action_ids) end
end

-- (c) total the in-window points and the highest rung a still-counting strike fired
local ids = redis.call('ZRANGE', KEYS[2], 0, -1)
local total, fired_max = 0, 0
for i = 1, #ids, 1000 do
  local slice = redis.call('HMGET', KEYS[3], unpack(ids, i, math.min(i + 999, #ids)))
  for _, value in ipairs(slice) do
    local points, fired = string.match(value, '^(%-?%d+)|(.*)$')
    total = total + tonumber(points)
    local index = rung_index[fired] or 0
    if index > fired_max then fired_max = index end
  end
end

local before = math.max(rung_for(total), fired_max)
local counted = at > horizon
local points = 0
if counted then
  local multiplier = 1000
  -- S2: a sanction at or above repeat_from still in the window makes every new strike count more
  if P.repeat_from > 0 and fired_max >= P.repeat_from then multiplier = P.repeat_milli end
  points = math.floor((base * multiplier + 999) / 1000)
end
local after_total = total + points

-- (d) decide the rung inside the script: fire on crossing, or on a min_rung jump above the current rung
local target = 0
if counted then target = math.max(rung_for(after_total), min_rung) end
local after = before
local actions = {}
local fired_name = ''
if target > before then
  after = target
  local rung = P.rungs[target]
  fired_name = rung.name
  local behind = {vid}
  for _, id in ipairs(ids) do behind[#behind + 1] = id end
  table.sort(behind)
  local parts = {subject, rung.name}
  for _, id in ipairs(behind) do parts[#parts + 1] = id end
  local duration, ends = cjson.null, cjson.null
  if rung.duration_ms > 0 then
    duration, ends = rung.duration_ms, at + rung.duration_ms
  end
  local action = {
    action_id = derive_id('action', parts), account_id = subject, sanction = rung.sanction,
    rung = rung.name, duration_ms = duration, ends_at_ms = ends, violation_ids = behind,
    points_before = total, points_after = after_total, policy_version = P.version, occurred_at_ms = at,
  }
  -- (e) the action, idempotently by its deterministic id
  redis.call('HSETNX', KEYS[6], action.action_id, cjson.encode(action))
  actions[1] = action
end

local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
redis.call('HSET', KEYS[1], 'clock', int(clock))
if counted then
  redis.call('ZADD', KEYS[2], int(at), vid)
  redis.call('HSET', KEYS[3], vid, int(points) .. '|' .. fired_name)
end

local outcome = cjson.encode({
  violation_id = vid, account_id = subject, rule = rule, seq = seq, occurred_at_ms = at,
  base_points = base, points = points, counted = counted, points_before = total,
  points_after = after_total, rung_before = rung_name(before), rung_after = rung_name(after),
  policy_version = P.version, actions = actions,
})
redis.call('HSET', KEYS[4], vid, outcome)
redis.call('ZADD', KEYS[5], int(at), vid)

-- (f) audit: one stream entry per applied strike and per action
local maxlen = int(P.audit_maxlen)
redis.call('XADD', KEYS[7], 'MAXLEN', '~', maxlen, '*', 'kind', 'strike', 'violation_id', vid,
  'rule', rule, 'occurred_at_ms', int(at), 'points', int(points), 'points_before', int(total),
  'points_after', int(after_total), 'policy_version', P.version)
for _, action in ipairs(actions) do
  redis.call('XADD', KEYS[7], 'MAXLEN', '~', maxlen, '*', 'kind', 'action', 'action_id', action.action_id,
    'violation_id', vid, 'sanction', action.sanction, 'rung', action.rung, 'occurred_at_ms', int(at),
    'policy_version', P.version)
end

return {1, outcome}

-- The ladder, shared by the ledger's scripts: each script is this file followed by its own text (the
-- adapter joins them when it loads them), so applying a strike, placing a late one and replaying an
-- appeal step strikes through the same functions (S1-S3; decisions "Atomic means inside the script",
-- "One definition of the ladder"). The in-memory twin of these steps is enforcement/ledger/reorder.py, held
-- to them case by case by tests/enforcement/ledger/test_ladder_property.py.
--
-- A script's parameters P (ledger.stored.ladder_params): version, window_ms, remember_ms, repeat_from
-- (1-based rung, 0: none), repeat_milli, audit_maxlen, rungs (name, sanction, threshold, duration_ms,
-- bottom up) and jumps (rule -> the rung it lifts a strike to at least, S3).

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

-- redis.call with a long list as arguments, in slices that stay under Lua's stack limit (unpack refuses
-- 8,000 values); a slice is an even number of values, so field/value pairs (HSET) stay whole
local function call_many(command, key, list)
  for i = 1, #list, 1000 do
    redis.call(command, key, unpack(list, i, math.min(i + 999, #list)))
  end
end


-- (rung indexes are 1-based; 0 is "no rung")
local function rung_for(P, points)
  local reached = 0
  for i, rung in ipairs(P.rungs) do
    if points >= rung.threshold then reached = i end
  end
  return reached
end

local function rung_name(P, i)
  if i > 0 then return P.rungs[i].name end
  return cjson.null
end

local function rung_indexes(P)
  local index_of = {}
  for i, rung in ipairs(P.rungs) do index_of[rung.name] = i end
  return index_of
end

-- S2: whether a strike at `at` still counts when the subject's event-time clock reads `clock`
local function in_window(P, at, clock)
  return at > clock - P.window_ms
end

local function is_null(value)
  return value == nil or value == cjson.null
end

-- The in-window strikes before the one being stepped, in event-time order, each {violation_id,
-- occurred_at ms, points, fired rung or ''}, with their total and how many of them fired each rung, kept
-- as strikes enter (`window_push`) and leave (`window_slide`): stepping n strikes in event-time order
-- costs O(n) in all, not O(n) each, so a late strike or an appeal on a large account holds Redis briefly.
local function window_push(w, entry)
  if w.entries then w.entries[#w.entries + 1] = entry end  -- a window kept as its sums has no entries
  w.total = w.total + entry[3]
  local index = w.index_of[entry[4]] or 0
  if index > 0 then w.fired[index] = (w.fired[index] or 0) + 1 end
end

local function strike_window(P, index_of, entries)
  local w = {P = P, index_of = index_of, entries = {}, first = 1, total = 0, fired = {}}
  for _, entry in ipairs(entries or {}) do window_push(w, entry) end
  return w
end

-- drop the strikes no longer in the window at `moment` (moments only move forward)
local function window_slide(w, moment)
  local entries = w.entries
  while w.first <= #entries and not in_window(w.P, entries[w.first][2], moment) do
    local entry = entries[w.first]
    w.total = w.total - entry[3]
    local index = w.index_of[entry[4]] or 0
    if index > 0 then w.fired[index] = w.fired[index] - 1 end
    w.first = w.first + 1
  end
end

local function window_fired_max(w)
  for index = #w.P.rungs, 1, -1 do
    if (w.fired[index] or 0) > 0 then return index end
  end
  return 0
end

-- One strike through the ladder, given `w`, the window of in-window strikes before it in event time: the
-- S2 repeat multiplier, a rung fired on crossing, or on a min_rung jump above the current rung (S3).
-- Returns {points, total (before), before, after (rung indexes), action (the sanction it fires, as
-- stored, or nil)}. With `rungs_only` the action is not built: its id is a SHA-256 in Lua (~0.1 ms, most of
-- a strike's cost in Redis), which a caller asking only where the strike lands does not need.
local function ladder_step(P, index_of, subject, w, vid, at, base, min_rung, counted, rungs_only)
  local total, fired_max = w.total, window_fired_max(w)
  local before = math.max(rung_for(P, total), fired_max)
  local step = {points = 0, total = total, before = before, after = before}
  if not counted then return step end
  local multiplier = 1000
  -- S2: a sanction at or above repeat_from still in the window makes every new strike count more
  if P.repeat_from > 0 and fired_max >= P.repeat_from then multiplier = P.repeat_milli end
  step.points = math.floor((base * multiplier + 999) / 1000)
  local target = math.max(rung_for(P, total + step.points), min_rung)
  if target <= before then return step end
  step.after = target
  if rungs_only then return step end
  local rung = P.rungs[target]
  local behind = {vid}
  if w.entries then
    for i = w.first, #w.entries do behind[#behind + 1] = w.entries[i][1] end
  else  -- a window kept as its sums (window_load): its strikes are read only now, when a rung fires
    for _, id in ipairs(redis.call('ZRANGE', w.ids_key, 0, -1)) do behind[#behind + 1] = id end
  end
  table.sort(behind)
  local parts = {subject, rung.name}
  for _, id in ipairs(behind) do parts[#parts + 1] = id end
  local duration, ends = cjson.null, cjson.null
  if rung.duration_ms > 0 then
    duration, ends = rung.duration_ms, at + rung.duration_ms
  end
  step.action = {
    action_id = derive_id('action', parts), account_id = subject, sanction = rung.sanction,
    rung = rung.name, duration_ms = duration, ends_at_ms = ends, violation_ids = behind,
    points_before = total, points_after = total + step.points, policy_version = P.version, occurred_at_ms = at,
  }
  return step
end

-- HMGET of `ids` (any number) from the hash `key`, in slices that stay under Lua's stack limit
local function hmget_all(key, ids)
  local values = {}
  for i = 1, #ids, 1000 do
    local slice = redis.call('HMGET', key, unpack(ids, i, math.min(i + 999, #ids)))
    for j = 1, #slice do values[#values + 1] = slice[j] end
  end
  return values
end

-- A strike hash value ("<points>|<rung fired or empty>") as its points and the rung it fired
local function strike_value(value)
  local points, fired = string.match(value, '^(%-?%d+)|(.*)$')
  return tonumber(points), fired
end

-- The strikes `ids` (in event-time order) as a window `ladder_step` takes, from the strike hash
local function live_strikes(P, index_of, strike_key, ids)
  local live = {}
  for i, value in ipairs(hmget_all(strike_key, ids)) do
    local points, fired = strike_value(value)
    live[i] = {ids[i], 0, points, fired}
  end
  return strike_window(P, index_of, live)
end

-- An in-order strike needs only the window's total and how many of its strikes fired each rung (its ids
-- only when a rung fires), so those sums are kept in the strike hash under WINDOW_FIELD
-- ("<policy version>|<total>|<fired per rung, bottom up>"): a strike costs O(1) plus the strikes that leave
-- the window, not O(strikes in the window) — an account with thousands of strikes no longer holds Redis
-- for every one. Written where an in-order strike is applied; deleted wherever strikes are rewritten
-- otherwise (a late strike, an appeal), and then rebuilt from the strikes by the next in-order one.
local WINDOW_FIELD = 'window'

-- The kept sums as a window `ladder_step` takes (no entries: `ids_key` names the strikes' sorted set), or
-- nil when none are kept for this policy version
local function window_load(P, index_of, strike_key, ids_key)
  local raw = redis.call('HGET', strike_key, WINDOW_FIELD)
  if not raw then return nil end
  local version, total, fired = string.match(raw, '^(.-)|(%-?%d+)|(.*)$')
  if version == nil or version ~= tostring(P.version) then return nil end
  local w = {P = P, index_of = index_of, entries = nil, first = 1, total = tonumber(total), fired = {},
             ids_key = ids_key}
  local index = 0
  for count in string.gmatch(fired, '(%-?%d+)') do
    index = index + 1
    w.fired[index] = tonumber(count)
  end
  return w
end

local function window_save(w, strike_key)
  local fired = {}
  for index = 1, #w.P.rungs do fired[index] = int(w.fired[index] or 0) end
  redis.call('HSET', strike_key, WINDOW_FIELD,
             tostring(w.P.version) .. '|' .. int(w.total) .. '|' .. table.concat(fired, ','))
end

-- take strikes out of the kept sums, by their strike-hash values ("<points>|<rung fired or empty>")
local function window_forget(w, values)
  for _, value in ipairs(values) do
    if value then
      local points, fired = strike_value(value)
      w.total = w.total - points
      local index = w.index_of[fired] or 0
      if index > 0 then w.fired[index] = (w.fired[index] or 0) - 1 end
    end
  end
end

-- The stored outcomes of `ids`, decoded (an id without one is left out)
local function stored_outcomes(outcome_key, ids)
  local outcomes = {}
  for i, raw in ipairs(hmget_all(outcome_key, ids)) do
    if raw then outcomes[#outcomes + 1] = cjson.decode(raw) end
  end
  return outcomes
end

-- The sanction a stored outcome fired (its rung name, '' for none, and the action), reversals aside
local function fired_of(data)
  if type(data.actions) == 'table' then
    for _, action in ipairs(data.actions) do
      if is_null(action.reverses) then return action.rung, action end
    end
  end
  return '', nil
end

-- The reversal of each sanction the ladder can fire (an appeal or a late, earlier strike may undo it)
local REVERSAL_OF = {notice = 'withdraw', warning = 'withdraw', mute = 'unmute', close = 'reopen',
                     blacklist = 'unblacklist'}

-- One audit stream entry per applied strike and per action
local function audit(key, maxlen, fields)
  redis.call('XADD', key, 'MAXLEN', '~', maxlen, '*', unpack(fields))
end

-- Apply one violation to one ledger subject (an account, or an owner `own:<identity_hash>`), atomically.
-- S1/S2/S3, P2; decisions "Deterministic ids", "Repeats re-send", "Atomic means inside the script",
-- "Redis is the only state store", "Order-independent decisions". Loaded after ladder.lua, whose functions
-- it steps strikes with; the Python twin is enforcement/ledger/memory.py with reorder.py.
--
-- KEYS (all under one hash tag `{subject}`, so this runs unchanged on Redis Cluster):
--   1 state    HASH   clock (latest occurred_at ms applied), seq (application counter)
--   2 strikes  ZSET   violation_id -> occurred_at ms, the strikes inside the window
--   3 strike   HASH   violation_id -> "<points>|<rung it fired or empty>", for the in-window strikes,
--                     and WINDOW_FIELD -> their sums (ladder.lua, window_load)
--   4 outcome  HASH   violation_id -> stored outcome JSON (returned unchanged on a repeat)
--   5 seen     ZSET   violation_id -> occurred_at ms, to forget outcomes after remember_ms
--   6 action   HASH   action_id -> action JSON
--   7 audit    STREAM one entry per applied strike and per action
-- ARGV: 1 params JSON (ledger.stored.ladder_params), 2 subject, 3 violation_id, 4 rule,
--       5 occurred_at ms, 6 base points, 7 min_rung index (0: none)
-- Returns {1, outcome JSON} when applied, {0, stored outcome JSON} on a repeat.

local P = cjson.decode(ARGV[1])
local subject, vid, rule = ARGV[2], ARGV[3], ARGV[4]
local at, base, min_rung = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local maxlen = int(P.audit_maxlen)
local index_of = rung_indexes(P)

-- (a) idempotent by violation_id: a repeat returns the stored outcome unchanged, so
--     the worker can re-send the same actions after a crash
local stored = redis.call('HGET', KEYS[4], vid)
if stored then
  return {0, stored}
end

-- the subject's event-time clock never moves back, so expiring by it is final
local clock = tonumber(redis.call('HGET', KEYS[1], 'clock'))
if clock == nil or at > clock then clock = at end
local horizon = clock - P.window_ms
local counted = at > horizon

-- (a2) a strike earlier in event time than one the subject holds (the sorted set orders by time, then id)
local late = false
if counted then
  local last = redis.call('ZRANGE', KEYS[2], -1, -1, 'WITHSCORES')
  if #last == 2 then
    local last_at = tonumber(last[2])
    late = last_at > at or (last_at == at and last[1] > vid)
  end
end
-- what a late strike is placed among: every strike the subject holds, read before (b) expires any, so
-- each is stepped with the strikes that were in its own window at its own time
local held = {}
if late then held = stored_outcomes(KEYS[4], redis.call('ZRANGE', KEYS[2], 0, -1)) end

-- the window's kept sums, for an in-order strike (a late one steps every strike again and drops them)
local sums = nil
if not late then sums = window_load(P, index_of, KEYS[3], KEYS[2]) end

-- (b) expire strikes that fell out of the window (event time, never the wall clock)
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', horizon)
if #expired > 0 then
  if sums then window_forget(sums, hmget_all(KEYS[3], expired)) end
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

local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
redis.call('HSET', KEYS[1], 'clock', int(clock))

local function ids_of(actions)
  local ids = {}
  for _, action in ipairs(actions) do
    if is_null(action.reverses) then ids[#ids + 1] = action.action_id end
  end
  return table.concat(ids, ',')
end

-- The reversal of a sanction that event-time order does not give (id derived from both)
local function reordered(action)
  local sanction = REVERSAL_OF[action.sanction]
  return {
    action_id = derive_id('action', {action.account_id, sanction, action.action_id}),
    account_id = action.account_id, sanction = sanction, rung = action.rung, duration_ms = cjson.null,
    ends_at_ms = cjson.null, violation_ids = action.violation_ids, points_before = action.points_after,
    points_after = action.points_after, policy_version = P.version,
    occurred_at_ms = math.max(clock, action.occurred_at_ms), reverses = action.action_id, reason = 'reordered',
  }
end

-- (c) decide inside the script. In order (the usual case): step the strike over the in-window strikes.
-- Late: the strikes before it keep what they earned; it and every strike after it are stepped again in
-- event-time order (ties by violation id); a sanction that no longer fires is reversed (reason
-- `reordered`) and one that now fires is returned as revised, so the account ends with the sanctions
-- event-time order gives, whatever the arrival order was. Action ids are derived from the rung and the
-- strikes behind it, so a sanction that fires in both orders keeps its id.
local step
local revised, reversals, values, rewritten = {}, {}, {}, {}
if not late then
  local live = sums or live_strikes(P, index_of, KEYS[3], redis.call('ZRANGE', KEYS[2], 0, -1))
  step = ladder_step(P, index_of, subject, live, vid, at, base, min_rung, counted)
  if counted then window_push(live, {vid, at, step.points, step.action and step.action.rung or ''}) end
  window_save(live, KEYS[3])
else
  -- the strikes stepped so far, in event-time order; each step sees those in the window at its own time
  local processed, after = strike_window(P, index_of), {}
  for _, data in ipairs(held) do  -- in the sorted set's order: time, then violation id
    if data.occurred_at_ms < at or (data.occurred_at_ms == at and data.violation_id < vid) then
      window_push(processed, {data.violation_id, data.occurred_at_ms, data.points, (fired_of(data))})
    else
      after[#after + 1] = data
    end
  end
  window_slide(processed, at)
  step = ladder_step(P, index_of, subject, processed, vid, at, base, min_rung, true)
  local own = ''
  if step.action then own = step.action.rung end
  window_push(processed, {vid, at, step.points, own})
  for _, data in ipairs(after) do
    local other, moment = data.violation_id, data.occurred_at_ms
    window_slide(processed, moment)
    local again = ladder_step(P, index_of, subject, processed, other, moment, data.base_points,
                              P.jumps[data.rule] or 0, true)
    local fired_name, old = fired_of(data)
    local new = again.action
    local new_name = ''
    if new then new_name = new.rung end
    window_push(processed, {other, moment, again.points, new_name})
    values[#values + 1] = other
    values[#values + 1] = int(again.points) .. '|' .. new_name
    local same = old ~= nil and new ~= nil and new.action_id == old.action_id
    if old and not same then reversals[#reversals + 1] = reordered(old) end
    if new and not same then revised[#revised + 1] = new end
    local actions = {}
    if same then actions = {old} elseif new then actions = {new} end
    if again.points ~= data.points or fired_name ~= new_name or ids_of(actions) ~= ids_of(data.actions or {}) then
      data.points, data.points_before = again.points, again.total
      data.points_after = again.total + again.points
      data.rung_before, data.rung_after = rung_name(P, again.before), rung_name(P, again.after)
      data.actions = actions
      rewritten[#rewritten + 1] = other
      rewritten[#rewritten + 1] = cjson.encode(data)
    end
  end
end

-- (d) write: the strike, what a late one rewrote, and every action idempotently by its deterministic id
local points, total = step.points, step.total
local actions, fired_name = {}, ''
if step.action then
  actions[1] = step.action
  fired_name = step.action.rung
end
if counted then
  redis.call('ZADD', KEYS[2], int(at), vid)
  redis.call('HSET', KEYS[3], vid, int(points) .. '|' .. fired_name)
end
if #values > 0 then call_many('HSET', KEYS[3], values) end
if late then redis.call('HDEL', KEYS[3], WINDOW_FIELD) end
local result = {
  violation_id = vid, account_id = subject, rule = rule, seq = seq, occurred_at_ms = at,
  base_points = base, points = points, counted = counted, points_before = total,
  points_after = total + points, rung_before = rung_name(P, step.before), rung_after = rung_name(P, step.after),
  policy_version = P.version, actions = actions,
}
if late then
  result.revised, result.reversals = revised, reversals
end
local outcome = cjson.encode(result)
redis.call('HSET', KEYS[4], vid, outcome)
if #rewritten > 0 then call_many('HSET', KEYS[4], rewritten) end
redis.call('ZADD', KEYS[5], int(at), vid)

-- (e) audit: one stream entry per applied strike and per action
audit(KEYS[7], maxlen, {'kind', 'strike', 'violation_id', vid, 'rule', rule, 'occurred_at_ms', int(at),
  'points', int(points), 'points_before', int(total), 'points_after', int(total + points),
  'policy_version', P.version})
for _, group in ipairs({actions, revised, reversals}) do
  for _, action in ipairs(group) do
    redis.call('HSETNX', KEYS[6], action.action_id, cjson.encode(action))
    local fields = {'kind', 'action', 'action_id', action.action_id, 'violation_id', vid,
      'sanction', action.sanction, 'rung', action.rung, 'occurred_at_ms', int(action.occurred_at_ms),
      'policy_version', P.version}
    if not is_null(action.reverses) then
      fields[#fields + 1] = 'reverses'
      fields[#fields + 1] = action.reverses
    end
    audit(KEYS[7], maxlen, fields)
  end
end

return {1, outcome}

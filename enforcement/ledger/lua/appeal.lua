-- An appeal against one violation of one account, decided and written in one atomic call (P7, S3;
-- decisions "Atomic means inside the script", "One definition of the ladder"). Loaded after ladder.lua:
-- the replay steps the remaining strikes through the same `ladder_step` a strike is applied with. The
-- Python twin is enforcement/ledger/appeal.py; docs/sanctions.md says what an appeal does and why.
--
-- An overturned violation loses its strike and the account's remaining in-window strikes are replayed in
-- event-time order without it. An old sanction stands when the replay still reaches its rung; one that does
-- not is reversed. An appeal never adds a sanction. A standing sanction in force that cites the overturned
-- violation is re-attributed (restated under a new id, citing the violations whose replayed crossing now
-- fires its rung, `supersedes` naming the old id); a mute that a reversed, higher sanction had superseded
-- comes back into force (re-sent with its own end). An upheld appeal changes nothing but is recorded.
--
-- KEYS (apply_violation.lua's, under the account's hash tag): 1 strikes ZSET, 2 strike HASH,
--   3 outcome HASH, 4 action HASH, 5 audit STREAM
-- ARGV: 1 params JSON, 2 account id, 3 violation id, 4 decision ("overturned" or "upheld"), 5 appeal id,
--       6 appeal time ms, 7 reason for the reversals, 8 who resolved it ('' when not known)
-- Returns {1, result JSON} when applied; {0, stored result JSON} on a repeat (an overturn is final, an
-- upheld one may still be overturned later); {0, ''} when the violation is not in the ledger.

local P = cjson.decode(ARGV[1])
local account, vid, decision, appeal_id = ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local at_ms, reason, resolved_by = tonumber(ARGV[6]), ARGV[7], ARGV[8]
local index_of = rung_indexes(P)

local raw = redis.call('HGET', KEYS[3], vid)
if not raw then return {0, ''} end
local appealed = cjson.decode(raw)
local stored = appealed.appeal
if type(stored) == 'table' and (stored.decision == 'overturned' or stored.decision == decision) then
  return {0, cjson.encode(stored)}
end

local function list(value)  -- cjson gives {} for an empty JSON array, and null stays null
  if type(value) == 'table' then return value end
  return {}
end

-- the account's in-window strikes, in the sorted set's order: event time, then violation id
local remaining = stored_outcomes(KEYS[3], redis.call('ZRANGE', KEYS[1], 0, -1))

local audit_entry = {'kind', 'appeal', 'violation_id', vid, 'decision', decision, 'appeal_id', appeal_id,
  'occurred_at_ms', int(at_ms), 'policy_version', P.version}
if resolved_by ~= '' then
  audit_entry[#audit_entry + 1] = 'resolved_by'
  audit_entry[#audit_entry + 1] = resolved_by
end
local maxlen = int(P.audit_maxlen)

if decision ~= 'overturned' then
  local points = 0
  for _, data in ipairs(remaining) do points = points + data.points end
  local result = {decision = decision, appeal_id = appeal_id, at_ms = at_ms, reversals = {}, reattributed = {},
                  points_before = points, points_after = points}
  appealed.appeal = result
  redis.call('HSET', KEYS[3], vid, cjson.encode(appealed))
  audit(KEYS[5], maxlen, audit_entry)
  return {1, cjson.encode(result)}
end

local counted = {}
for _, data in ipairs(remaining) do
  if data.violation_id ~= vid then counted[#counted + 1] = data end
end
local overturned_points = 0  -- an expired strike earns nothing any more
if #counted < #remaining then overturned_points = appealed.points end

-- (a) replay the remaining strikes without the overturned one
local old_actions, old_fired = {}, {}
for _, data in ipairs(counted) do
  for _, action in ipairs(list(data.actions)) do old_actions[#old_actions + 1] = action end
end
for _, action in ipairs(list(appealed.actions)) do old_actions[#old_actions + 1] = action end
for _, action in ipairs(old_actions) do old_fired[action.rung] = true end

local live, clock, reached = strike_window(P, index_of), nil, 0
local replayed, crossings = {}, {}  -- crossings: rung name -> {carrier, behind}, where the replay first crosses it
local points_before, points_after = overturned_points, 0
for _, data in ipairs(counted) do
  local other, at = data.violation_id, data.occurred_at_ms
  if clock == nil or at > clock then clock = at end
  window_slide(live, clock)
  local in_time = in_window(P, at, clock)
  local step = ladder_step(P, index_of, account, live, other, at, data.base_points, P.jumps[data.rule] or 0,
                           in_time)
  local fired = ''
  if step.action then
    reached = math.max(reached, step.after)
    -- an appeal never adds a sanction: a rung that had not fired before is not recorded as fired
    if old_fired[step.action.rung] then fired = step.action.rung end
    for crossed = step.before + 1, step.after do
      local name = P.rungs[crossed].name
      if crossings[name] == nil then crossings[name] = {other, step.action.violation_ids} end
    end
  end
  if in_time then window_push(live, {other, at, step.points, fired}) end
  reached = math.max(reached, rung_for(P, live.total))
  replayed[#replayed + 1] = {other, step.points, fired}
  points_before = points_before + data.points
  points_after = points_after + step.points
end

-- (b) the sanctions the replay no longer reaches are reversed
local reversals, fallen = {}, {}
for _, action in ipairs(old_actions) do
  if (index_of[action.rung] or 0) > reached then
    fallen[action.action_id] = true
    local sanction = REVERSAL_OF[action.sanction]
    reversals[#reversals + 1] = {
      action_id = derive_id('action', {action.account_id, sanction, action.action_id}),
      account_id = action.account_id, sanction = sanction, rung = action.rung, duration_ms = cjson.null,
      ends_at_ms = cjson.null, violation_ids = action.violation_ids, points_before = points_before,
      points_after = points_after, policy_version = P.version, occurred_at_ms = at_ms,
      reverses = action.action_id, reason = reason, appeal_id = appeal_id,
    }
  end
end

-- (c) the standing sanctions, each with the strike holding it, and those of them in force at the appeal:
-- every notice, warning, closure and blacklisting, and the highest mute whose end is still ahead unless a
-- closure or blacklisting stands (a lower mute, or one under a closure, was superseded)
local standing = {}
local holders = {}
for _, data in ipairs(counted) do holders[#holders + 1] = data end
holders[#holders + 1] = appealed
for _, data in ipairs(holders) do
  for _, action in ipairs(list(data.actions)) do
    if not fallen[action.action_id] then standing[#standing + 1] = {data.violation_id, action} end
  end
end
local in_force, closed = {}, false
for _, pair in ipairs(standing) do
  local sanction = pair[2].sanction
  if sanction ~= 'mute' then
    in_force[#in_force + 1] = pair
    if sanction == 'close' or sanction == 'blacklist' then closed = true end
  end
end
if not closed then
  local best, best_key = nil, nil
  for _, pair in ipairs(standing) do
    local action = pair[2]
    if action.sanction == 'mute' and not is_null(action.ends_at_ms) and action.ends_at_ms > 0
        and action.ends_at_ms > at_ms then
      local key = {index_of[action.rung] or 0, action.occurred_at_ms, action.action_id}
      if best == nil or key[1] > best_key[1] or (key[1] == best_key[1] and (key[2] > best_key[2]
          or (key[2] == best_key[2] and key[3] > best_key[3]))) then
        best, best_key = pair, key
      end
    end
  end
  if best then in_force[#in_force + 1] = best end
end

-- (d) restated: those in force that cite the overturned violation (re-attributed to the replay's crossing
-- of their rung), and the mute in force once a reversed sanction had taken its lift away (re-sent with its
-- own end, so it is served and then lifted)
local lifts_taken = false
for _, action in ipairs(reversals) do
  local sanction = action.sanction
  if sanction == 'unmute' or sanction == 'reopen' or sanction == 'unblacklist' then lifts_taken = true end
end
local last, last_seq = vid, nil
for _, data in ipairs(counted) do
  if last_seq == nil or data.seq > last_seq then last, last_seq = data.violation_id, data.seq end
end
local renewals, renewed, added = {}, {}, {}
for _, pair in ipairs(in_force) do
  local holder, action = pair[1], pair[2]
  local cites = false
  for _, id in ipairs(action.violation_ids) do
    if id == vid then cites = true end
  end
  if cites or (action.sanction == 'mute' and lifts_taken) then
    local behind, why
    if cites then
      local crossing = crossings[action.rung]
      if crossing then
        behind, holder = crossing[2], crossing[1]
      else
        behind = {}
        for _, data in ipairs(counted) do behind[#behind + 1] = data.violation_id end
        table.sort(behind)
        holder = last
      end
      why = 'appeal_reattributed'
    else
      behind, why = action.violation_ids, 'mute_restored'
    end
    local parts = {action.account_id, action.rung, 'supersedes', action.action_id}
    for _, id in ipairs(behind) do parts[#parts + 1] = id end
    local duration, ends = cjson.null, cjson.null
    if not is_null(action.duration_ms) then duration = action.duration_ms end
    if not is_null(action.ends_at_ms) then ends = action.ends_at_ms end
    local new = {
      action_id = derive_id('action', parts), account_id = action.account_id, sanction = action.sanction,
      rung = action.rung, duration_ms = duration, ends_at_ms = ends, violation_ids = behind,
      points_before = points_before, points_after = points_after, policy_version = P.version,
      occurred_at_ms = at_ms, supersedes = action.action_id, reason = why, appeal_id = appeal_id,
    }
    renewals[#renewals + 1] = {action, new}
    renewed[action.action_id] = true
    added[holder] = added[holder] or {}
    table.insert(added[holder], new)
  end
end
-- a standing sanction the overturned strike held moves to its rung's replayed crossing
for _, pair in ipairs(standing) do
  local holder, action = pair[1], pair[2]
  local crossing = crossings[action.rung]
  if holder == vid and not renewed[action.action_id] and crossing then
    added[crossing[1]] = added[crossing[1]] or {}
    table.insert(added[crossing[1]], action)
  end
end

-- (e) write: the appealed outcome, every remaining strike the replay changed, strike values, the new
-- records idempotently by id, and the audit
local reattributed = {}
for _, renewal in ipairs(renewals) do reattributed[#reattributed + 1] = renewal[2] end
local result = {decision = decision, appeal_id = appeal_id, at_ms = at_ms, reversals = reversals,
                reattributed = reattributed, points_before = points_before, points_after = points_after}
appealed.appeal, appealed.actions, appealed.points = result, {}, 0
local outcomes = {vid, cjson.encode(appealed)}
local values = {}
for position, entry in ipairs(replayed) do
  local data = counted[position]
  local other, points, fired = entry[1], entry[2], entry[3]
  values[#values + 1] = other
  values[#values + 1] = int(points) .. '|' .. fired
  local old, kept = list(data.actions), {}
  for _, action in ipairs(old) do
    if not fallen[action.action_id] and not renewed[action.action_id] then kept[#kept + 1] = action end
  end
  for _, action in ipairs(added[other] or {}) do kept[#kept + 1] = action end
  local changed = points ~= data.points or #kept ~= #old
  for i = 1, math.min(#kept, #old) do
    if kept[i].action_id ~= old[i].action_id then changed = true end
  end
  if changed then
    data.points, data.actions = points, kept
    if #kept > 0 then  -- the rung this strike now stands for (the account's rung is read from it)
      local top = kept[1]
      for i = 2, #kept do
        if (index_of[kept[i].rung] or 0) > (index_of[top.rung] or 0) then top = kept[i] end
      end
      data.rung_after = top.rung
    end
    outcomes[#outcomes + 1] = other
    outcomes[#outcomes + 1] = cjson.encode(data)
  end
end
call_many('HSET', KEYS[3], outcomes)
redis.call('ZREM', KEYS[1], vid)
redis.call('HDEL', KEYS[2], vid, WINDOW_FIELD)  -- the window's kept sums are rebuilt by the next strike
if #values > 0 then call_many('HSET', KEYS[2], values) end
for _, group in ipairs({reversals, reattributed}) do
  for _, action in ipairs(group) do redis.call('HSETNX', KEYS[4], action.action_id, cjson.encode(action)) end
end
audit_entry[#audit_entry + 1] = 'points_before'
audit_entry[#audit_entry + 1] = int(points_before)
audit_entry[#audit_entry + 1] = 'points_after'
audit_entry[#audit_entry + 1] = int(points_after)
audit(KEYS[5], maxlen, audit_entry)
for _, action in ipairs(reversals) do
  audit(KEYS[5], maxlen, {'kind', 'action', 'action_id', action.action_id, 'violation_id', vid,
    'sanction', action.sanction, 'rung', action.rung, 'occurred_at_ms', int(at_ms), 'policy_version', P.version,
    'reverses', action.reverses})
end
for _, renewal in ipairs(renewals) do
  local new = renewal[2]
  audit(KEYS[5], maxlen, {'kind', 'action', 'action_id', new.action_id, 'violation_id', vid,
    'sanction', new.sanction, 'rung', new.rung, 'occurred_at_ms', int(at_ms), 'policy_version', P.version,
    'supersedes', renewal[1].action_id})
end
return {1, cjson.encode(result)}

-- Where applying one violation in event-time order would take its subject, written nowhere: the brakes ask
-- before a strike is applied whether it would close the account (the closure cap). Loaded after ladder.lua,
-- so the prediction steps the strike exactly as apply_violation.lua will.
-- KEYS: 1 state, 2 strikes, 3 strike (apply_violation.lua's, under the subject's hash tag)
-- ARGV: 1 params JSON, 2 subject, 3 violation_id, 4 occurred_at ms, 5 base points, 6 min_rung index
-- Returns {rung it stands at, rung it would reach} (1-based, 0: none); {0, 0} for a strike already
-- outside the window, which earns nothing.

local P = cjson.decode(ARGV[1])
local subject, vid = ARGV[2], ARGV[3]
local at, base, min_rung = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])

local clock = tonumber(redis.call('HGET', KEYS[1], 'clock'))
if clock == nil or at > clock then clock = at end
if not in_window(P, at, clock) then return {0, 0} end

-- the window as the script will see it when it applies the strike: strikes older than the window at the
-- subject's clock have left it, and their points with them
local index_of = rung_indexes(P)
local live = window_load(P, index_of, KEYS[3], KEYS[2])
if live then  -- the kept sums, less the strikes that leave the window at that clock
  window_forget(live, hmget_all(KEYS[3], redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', int(clock - P.window_ms))))
else
  live = live_strikes(P, index_of, KEYS[3],
                      redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. int(clock - P.window_ms), '+inf'))
end
local step = ladder_step(P, index_of, subject, live, vid, at, base, min_rung, true, true)
return {step.before, step.after}

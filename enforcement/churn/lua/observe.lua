-- D10: record one profile change of one account and decide its churn crossings, atomically.
-- KEYS (one hash slot, {account}): 1 names (list "<impersonating 1|0>|<at ms>|<name>", newest first),
--   2 changes (zset event id -> at ms), 3 seen (hash event id -> decision JSON),
--   4 seen_at (zset event id -> at ms), 5 state (hash last_churn_ms)
-- ARGV: 1 event id, 2 kind (created|name|avatar|bio), 3 at ms, 4 canonical name, 5 impersonating 0|1,
--   6 max_changes, 7 window ms, 8 history size, 9 seen cap
local stored = redis.call('HGET', KEYS[3], ARGV[1])
if stored then return stored end  -- a redelivery: the first decision, nothing added
local kind, at = ARGV[2], tonumber(ARGV[3])
local window, cap = tonumber(ARGV[7]), tonumber(ARGV[9])
local count, churn = 0, false
if kind ~= 'created' then
  redis.call('ZADD', KEYS[2], at, ARGV[1])
  local latest = tonumber(redis.call('ZRANGE', KEYS[2], -1, -1, 'WITHSCORES')[2])
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', latest - window)
  redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -cap - 1)
  count = redis.call('ZCOUNT', KEYS[2], '(' .. (at - window), at)
  local last = redis.call('HGET', KEYS[5], 'last_churn_ms')
  if count > tonumber(ARGV[6]) and (not last or tonumber(last) <= at - window) then
    churn = true
    redis.call('HSET', KEYS[5], 'last_churn_ms', at)
  end
end
local cycled = {}
if kind == 'created' or kind == 'name' then
  -- a re-entry: the name before was clean, and an impersonating one came before that
  local previous = redis.call('LINDEX', KEYS[1], 0)
  if kind == 'name' and ARGV[5] == '1' and previous and string.sub(previous, 1, 1) == '0' then
    local clean_seen, listed = false, {}
    for _, entry in ipairs(redis.call('LRANGE', KEYS[1], 0, -1)) do
      local name = string.match(entry, '^%d|%-?%d+|(.*)$')
      if string.sub(entry, 1, 1) == '0' then
        clean_seen = true
      elseif clean_seen and not listed[name] then
        listed[name] = true
        cycled[#cycled + 1] = name
      end
    end
  end
  redis.call('LPUSH', KEYS[1], ARGV[5] .. '|' .. ARGV[3] .. '|' .. ARGV[4])
  redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[8]) - 1)
end
local decision = cjson.encode({count = count, churn = churn, cycled = cycled})
redis.call('HSET', KEYS[3], ARGV[1], decision)
redis.call('ZADD', KEYS[4], at, ARGV[1])
local extra = redis.call('ZCARD', KEYS[4]) - cap
if extra > 0 then
  for _, old in ipairs(redis.call('ZRANGE', KEYS[4], 0, extra - 1)) do redis.call('HDEL', KEYS[3], old) end
  redis.call('ZREMRANGEBYRANK', KEYS[4], 0, extra - 1)
end
return decision

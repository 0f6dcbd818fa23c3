-- One bucket's part of a claim over several buckets: the caller read the candidates of every bucket and
-- chose, in due order, which to take; each is taken only if it is still ready (due by the watermark) or
-- stale (its lease over), so two workers never share an item.
-- KEYS: as _CLAIM. ARGV: 1 watermark ms, 2 now ms, 3 lease ms, 4 fired ids due before this (ms) are
-- forgotten, 5.. the chosen ids, in order
redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', '(' .. ARGV[4])
local watermark, now = tonumber(ARGV[1]), tonumber(ARGV[2])
local lease_end = now + tonumber(ARGV[3])
local out = {}
for i = 5, #ARGV do
  local id = ARGV[i]
  local due = redis.call('ZSCORE', KEYS[1], id)
  local lease = redis.call('ZSCORE', KEYS[3], id)
  local take = false
  if due and tonumber(due) <= watermark then
    redis.call('ZADD', KEYS[4], due, id)
    redis.call('ZREM', KEYS[1], id)
    take = true
  elseif (not due) and lease and tonumber(lease) < now then
    take = true
  end
  if take then
    redis.call('ZADD', KEYS[3], lease_end, id)
    local payload = redis.call('HGET', KEYS[2], id)
    if payload then
      out[#out + 1] = id
      out[#out + 1] = payload
    else
      redis.call('ZREM', KEYS[3], id)
    end
  end
end
return out

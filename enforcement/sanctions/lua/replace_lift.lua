-- KEYS: 1 the account's lift: '<decided at ms>|<rank>|<lift id>' (the id empty once a closure cancelled it)
-- ARGV: 1 decided at ms, 2 rank, 3 lift id or ''. Returns {1 replaced | 0 kept, the previous (or kept) id}.
-- A value without '|' is a bare lift id written before decisions were ordered: any decision replaces it.
local old = redis.call('GET', KEYS[1])
local old_id = ''
if old then
  local first = string.find(old, '|', 1, true)
  if first then
    local second = string.find(old, '|', first + 1, true)
    old_id = string.sub(old, second + 1)
    local at, rank = tonumber(string.sub(old, 1, first - 1)), tonumber(string.sub(old, first + 1, second - 1))
    local new_at, new_rank = tonumber(ARGV[1]), tonumber(ARGV[2])
    if new_at < at or (new_at == at and new_rank < rank) then return {0, old_id} end
  else
    old_id = old
  end
end
redis.call('SET', KEYS[1], ARGV[1] .. '|' .. ARGV[2] .. '|' .. ARGV[3])
return {1, old_id}

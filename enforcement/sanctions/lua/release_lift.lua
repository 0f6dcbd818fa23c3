-- KEYS: 1 the account's lift (see _REPLACE_LIFT). ARGV: 1 lift id, or '' for a closure's decision.
-- Deletes the decision when it holds that id (a bare id written before decisions were ordered counts too).
local old = redis.call('GET', KEYS[1])
if not old then return 0 end
local first = string.find(old, '|', 1, true)
local id = old
if first then
  local second = string.find(old, '|', first + 1, true)
  id = string.sub(old, second + 1)
end
if id ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
return 1

-- KEYS: 1 the owner's blacklisting (JSON). ARGV: 1 action id.
-- Forgets the owner's blacklisting only if that action made it (another blacklisting may stand instead).
local standing = redis.call('GET', KEYS[1])
if standing and cjson.decode(standing).action_id == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0

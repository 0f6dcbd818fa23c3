-- KEYS: 1 the blacklist hash (owner identity -> blacklisting JSON). ARGV: 1 owner identity, 2 action id.
-- Forgets the owner's blacklisting only if that action made it (another blacklisting may stand instead).
local standing = redis.call('HGET', KEYS[1], ARGV[1])
if standing and cjson.decode(standing).action_id == ARGV[2] then
  redis.call('HDEL', KEYS[1], ARGV[1])
  return 1
end
return 0

-- KEYS: 1 the owner's blacklisting (JSON), 2 the owner's registered accounts (account -> creation JSON),
-- 3 the blacklistings lifted (blacklist action id -> its JSON); all in the owner's slot. ARGV: 1 action id.
-- Forgets the owner's blacklisting only if that action made it (another blacklisting may stand instead),
-- keeping it among the lifted ones. Returns the blacklisting that action made if it was ever lifted (also
-- on a redelivery, so its review items can be withdrawn again) with the owner's accounts, or nil.
local standing = redis.call('GET', KEYS[1])
if standing and cjson.decode(standing).action_id == ARGV[1] then
  redis.call('DEL', KEYS[1])
  redis.call('HSET', KEYS[3], ARGV[1], standing)
end
local lifted = redis.call('HGET', KEYS[3], ARGV[1])
if not lifted then
  return nil
end
return {lifted, redis.call('HGETALL', KEYS[2])}

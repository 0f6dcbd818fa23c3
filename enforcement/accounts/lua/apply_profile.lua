-- KEYS: 1 profile hash. ARGV: 1 version, then field, value pairs. A field is set only by a newer version;
-- the value it replaces stays as the field's previous one ('<field>~', '<field>~@'), and an older version
-- than the current becomes the previous one if it is newer than that: the two newest versions are kept,
-- whatever order the events arrive in (`as_of` reads them).
local version = ARGV[1]
for i = 2, #ARGV, 2 do
  local f = ARGV[i]
  local stored = redis.call('HGET', KEYS[1], f .. '@')
  if (not stored) or stored < version then
    if stored then
      redis.call('HSET', KEYS[1], f .. '~', redis.call('HGET', KEYS[1], f), f .. '~@', stored)
    end
    redis.call('HSET', KEYS[1], f, ARGV[i + 1], f .. '@', version)
  elseif stored > version then
    local previous = redis.call('HGET', KEYS[1], f .. '~@')
    if (not previous) or previous < version then
      redis.call('HSET', KEYS[1], f .. '~', ARGV[i + 1], f .. '~@', version)
    end
  end
end
return 1

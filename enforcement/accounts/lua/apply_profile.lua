-- KEYS: 1 profile hash. ARGV: 1 version, 2 how many older versions each field keeps, then field, value pairs.
-- A field is set only by a newer version ('<field>', '<field>@'); the versions before it are kept in
-- '<field>~h', a JSON list of [version, value] pairs, newest first, the oldest dropped beyond the limit. An
-- event older than the field's current version joins that list in its place, whatever order events arrive in
-- (`as_of` reads them); a redelivered version changes nothing. A hash written when one older version was kept
-- ('<field>~', '<field>~@') is read as a list of one and rewritten in the list's form.
local version = ARGV[1]
local keep = tonumber(ARGV[2])
for i = 3, #ARGV, 2 do
  local f = ARGV[i]
  local value = ARGV[i + 1]
  local stored = redis.call('HGET', KEYS[1], f .. '@')
  local history = {}
  if stored and stored ~= version then  -- a field set before: its older versions are read (a new one has none)
    local raw = redis.call('HGET', KEYS[1], f .. '~h')
    if raw then
      history = cjson.decode(raw)
    else
      local legacy = redis.call('HGET', KEYS[1], f .. '~@')
      if legacy then
        history = {{legacy, redis.call('HGET', KEYS[1], f .. '~')}}
      end
    end
  end
  local changed = false
  if (not stored) or stored < version then
    if stored then
      table.insert(history, 1, {stored, redis.call('HGET', KEYS[1], f)})
      changed = true
    end
    redis.call('HSET', KEYS[1], f, value, f .. '@', version)
  elseif stored > version then
    local at = #history + 1
    local seen = false
    for j = 1, #history do
      if history[j][1] == version then
        seen = true
        break
      end
      if history[j][1] < version then
        at = j
        break
      end
    end
    if not seen and at <= keep then
      table.insert(history, at, {version, value})
      changed = true
    end
  end
  if changed then
    while #history > keep do
      table.remove(history)
    end
    redis.call('HSET', KEYS[1], f .. '~h', cjson.encode(history))
    redis.call('HDEL', KEYS[1], f .. '~', f .. '~@')
  end
end
return 1

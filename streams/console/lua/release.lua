-- KEYS: 1 the item's claim. ARGV: 1 reviewer. Returns 1 when the claim was theirs and is dropped, else 0.
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0

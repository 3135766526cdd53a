-- remove: ARGV[2] id, ARGV[3] cutoff. Returns 0 when absent, 1 when a live entry was removed, 2
-- when the entry removed had expired or lost its content (counted as reclaimed, not as removed).
local id = ARGV[2]
local meta = redis.call('HGET', META, id)
if not meta then
  return 0
end
local expired = isExpired(meta, ARGV[3])
if drop(id, meta) == 0 or expired then
  return 2
end
return 1

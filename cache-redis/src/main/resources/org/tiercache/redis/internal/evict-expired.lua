-- evictExpired: ARGV[2] cutoff, ARGV[3] cutoff in microseconds, ARGV[4] most entries to look at.
-- Returns {reclaimed, 1 if it stopped at the limit (call again) else 0}. O(expired): only entries
-- written at or before the cutoff are looked at.
local limit = tonumber(ARGV[4])
local ids = expiredIds(ARGV[2], ARGV[3], limit)
local reclaimed = 0
for _, id in ipairs(ids) do
  local meta = redis.call('HGET', META, id)
  if meta then
    drop(id, meta)
    reclaimed = reclaimed + 1
  else
    redis.call('ZREM', WT, id)
    redis.call('ZREM', LRU, id)
  end
end
return {reclaimed, #ids >= limit and 1 or 0}

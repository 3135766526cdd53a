-- clear: ARGV[2] most entries to drop. Drops the least recently used entries of this namespace,
-- and nothing outside it. Returns how many it dropped; fewer than the limit means it is empty.
local ids = redis.call('ZRANGE', LRU, 0, tonumber(ARGV[2]) - 1)
for _, id in ipairs(ids) do
  local meta = redis.call('HGET', META, id)
  if meta then
    drop(id, meta)
  else
    redis.call('ZREM', LRU, id)
    redis.call('ZREM', WT, id)
    redis.call('DEL', CONTENT .. id)
  end
end
if redis.call('ZCARD', LRU) == 0 then
  -- Empty: whatever the counters say, nothing is held.
  redis.call('DEL', META, WT, BYTES)
end
return #ids

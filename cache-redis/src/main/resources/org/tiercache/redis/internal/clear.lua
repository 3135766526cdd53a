-- clear: ARGV[2] most entries to drop. Drops the least recently used entries of this namespace (the
-- oldest written, if lru lost them), and nothing outside it.
-- Returns {dropped, ids still in meta, lru or wt, health() before}: fewer dropped than the limit
-- means the sets are empty; ids left then are entries only meta knows, which reconciliation indexes
-- again. A namespace in bad health may also hold content no entry describes (the tier purges it).
local limit = tonumber(ARGV[2])
local before = health()
local ids = redis.call('ZRANGE', LRU, 0, limit - 1)
if #ids == 0 then
  ids = redis.call('ZRANGE', WT, 0, limit - 1)
end
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
local left = redis.call('HLEN', META) + redis.call('ZCARD', LRU) + redis.call('ZCARD', WT)
if left == 0 then
  -- Empty: whatever the counters say, nothing is held.
  redis.call('DEL', BYTES, RECOUNT)
end
return {#ids, left, before}

-- get: ARGV[2] id, ARGV[3] cutoff ('' without a TTL), ARGV[4] content expiry to renew in ms ('' to
-- leave it: with a TTL a read must not lengthen an entry's life).
-- Returns {status, health()}: status 1 for a hit (a use: bumps recency), 0 when absent, 2 when it
-- was expired and 3 when its content had vanished; both of the latter are reclaimed, content key
-- included. Content with no entry (its bookkeeping was lost) is a miss reported as unhealthy, so
-- that reconciliation adopts it.
-- The tier queues a GET of the content key right after this script in one MULTI/EXEC: the content
-- never passes through Lua, which copies it (a 256 KiB value returned by a script costs about six
-- plain GETs), and after a 2 or 3 that GET finds nothing.
local id = ARGV[2]
local meta = redis.call('HGET', META, id)
if not meta then
  if redis.call('EXISTS', CONTENT .. id) == 1 then
    return {0, 1}
  end
  return {0, health()}
end
if isExpired(meta, ARGV[3]) then
  drop(id, meta)
  return {2, health()}
end
if redis.call('EXISTS', CONTENT .. id) == 0 then
  drop(id, meta)
  return {3, health()}
end
-- ZREM first, a write that frees: a full server then lets the rest through, so a hit stays a use.
redis.call('ZREM', LRU, id)
redis.call('ZADD', LRU, nextTick(), id)
if ARGV[4] ~= '' then
  redis.call('PEXPIRE', CONTENT .. id, ARGV[4])
end
return {1, health()}

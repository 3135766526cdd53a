-- get: ARGV[2] id, ARGV[3] cutoff ('' without a TTL), ARGV[4] content expiry to renew in ms ('' to
-- leave it: with a TTL a read must not lengthen an entry's life).
-- Returns status + 4 * health, one number: status 1 for a hit (a use: bumps recency), 0 when
-- absent, 2 when it was expired and 3 when its content had vanished; both of the latter are
-- reclaimed, content key included. Content with no entry (its bookkeeping was lost) is a miss
-- reported as unhealthy, so that reconciliation adopts it. One number rather than a table (issue
-- 14): a table costs the script about a microsecond to build and convert, and Redis 6.2 writes an
-- array reply built that way to the socket apart from the GET's reply behind it (its deferred
-- length), so the client wakes twice per get.
-- The tier sends a GET of the content key right behind this script, in the same write to the
-- connection: one round trip, and the content never passes through Lua, which copies it (a 256 KiB
-- value returned by a script costs about a quarter more than a plain GET). Not in a transaction:
-- content under a key never changes, so that GET finds the content this script saw, or nothing
-- (another client dropped it in between: then the tier counts a miss).
-- A hit costs three calls (HGET, INCRBY, ZADD), taken by get-hit.lua before this file and
-- common.lua, which leaves the content's absence to the GET behind it (see get-hit.lua): health()
-- looks at the whole bookkeeping on a miss and on one hit in 64 only (by the tick), the hit itself
-- seeing a lost lru (ZADD adds). This file, the rare path, still looks for the content itself.
local id = ARGV[2]
local meta = redis.call('HGET', META, id)
if not meta then
  if redis.call('EXISTS', CONTENT .. id) == 1 then
    return 0 + 4 * 1
  end
  return 0 + 4 * health()
end
if isExpired(meta, ARGV[3]) then
  drop(id, meta)
  return 2 + 4 * health()
end
if redis.call('EXISTS', CONTENT .. id) == 0 then
  drop(id, meta)
  return 3 + 4 * health()
end
-- A server out of memory refuses a script's first write that may grow memory: then ZREM first, a
-- write that frees, after which Redis lets the rest through, so that a hit stays a use.
local ok, tick = pcall(nextTick)
local removed = 0
if not ok then
  removed = redis.call('ZREM', LRU, id)
  tick = nextTick()
end
local added = redis.call('ZADD', LRU, tick, id) - removed
if ARGV[4] ~= '' then
  redis.call('PEXPIRE', CONTENT .. id, ARGV[4])
end
if added == 1 then
  -- The id was not in lru: lru was lost, or trimmed behind the scripts' back.
  return 1 + 4 * 1
end
if tick % 64 == 0 then
  return 1 + 4 * health()
end
return 1

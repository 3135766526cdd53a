-- put: ARGV[2] id, ARGV[3] size of the content, ARGV[4] capacity, ARGV[5] write time (19 digits),
-- ARGV[6] write time in microseconds, ARGV[7] cutoff ('' without a TTL), ARGV[8] cutoff in
-- microseconds, ARGV[9] the content ('' when staged), ARGV[10] its backstop expiry in ms,
-- ARGV[11] (only for staged content) the staging key the client SET the content under, in the
-- same pipeline right before this script (see Staging.java).
-- Returns stored + 2 * health() + 8 * (reclaimed + 2^24 * evicted), one number (stored 1 or 0;
-- reclaimed: expired or vanished entries; evicted: live ones), or, should either count not fit
-- there (16 million reclaimed, 67 million evicted by one put), the table {stored, evicted,
-- reclaimed, health()}; or the server's OOM error, having written nothing, when it is out of
-- memory. One number rather than a table (issue 14): a table costs the script about a microsecond
-- to build and convert, and Redis 6.2 writes an array reply built that way to the socket apart from
-- a reply before it, so a pipelined client wakes twice.
-- Makes room, records the entry and stores its content, all in one script: one round trip, atomic.
-- Small content passes through Lua (ARGV[9]: a copy into a Lua string and one out of it, then
-- garbage for Lua's collector), which measured cheaper than anything else up to a few tens of KiB.
-- Large content is staged instead (issue 14): the client SETs it under a staging key of its own
-- (with a short expiry) right before this script, in one pipeline, not a transaction; this script
-- RENAMEs it into place, which moves the server's object and copies nothing. Staged content that is
-- not there (that SET was refused by a server out of memory, or the server evicted it since) is
-- refused here before anything is written; a staging key this script leaves behind (refused by a
-- server out of memory) is deleted by the client right after, else goes by its expiry.
-- The tier refuses content above the capacity before any call; the check here is a guard.
local id = ARGV[2]
local size = tonumber(ARGV[3])
local capacity = tonumber(ARGV[4])
-- put-fast.lua, before common.lua, checked that staged content is there, and may have read the
-- tick, the old entry, the counter and whether a recount is under way: taken from it, not again.
if size > capacity then
  if staged then
    redis.call('DEL', staged)
  end
  return 0
end
-- The first write is the tick, which may grow memory: a server out of memory refuses it (as it
-- refuses a script's first such write), and then nothing is written; after it, Redis lets the
-- script finish, so that it stays atomic.
local tick = fastTick
if not tick then
  local ok
  ok, tick = pcall(nextTick)
  if not ok then
    -- The refusal, as an error reply: an error table (Redis 7) or its text (Redis 6).
    return type(tick) == 'table' and tick or redis.error_reply(tostring(tick))
  end
end
if fastRecounting ~= nil then
  recounting = fastRecounting
end
local counter = fastCounter
if counter == nil then
  counter = redis.call('GET', BYTES)
end
local flag, bytes = 0, tonumber(counter or '0') or 0
if tick % 64 == 0 then
  -- One put in 64 looks at the whole bookkeeping (gets look on a miss and one hit in 64 too).
  flag, bytes = look()
elseif not counter and redis.call('HLEN', META) > 0 then
  -- Entries without a counter: it was lost.
  flag = 1
end
local cutoff, cutoffMicros = ARGV[7], ARGV[8]
local evicted, reclaimed = 0, 0
local recorded = false

-- A replaced entry's room is the first the new content may use; it is not an eviction.
local old = fastOld
if old == nil then
  old = redis.call('HGET', META, id)
end
if old then
  if isExpired(old, cutoff) then
    reclaimed = reclaimed + 1
  end
  if recountUnderWay() then
    -- Dropped and recorded again, so that the recount, whose cursor walks wt, counts it once.
    drop(id, old)
    bytes = bytes - sizeOf(old)
  else
    -- Rewritten in place (three calls rather than nine): newest in lru and wt, so neither the
    -- sweep nor the eviction below can take it.
    redis.call('HSET', META, id, ARGV[5] .. ARGV[3])
    redis.call('ZADD', WT, ARGV[6], id)
    redis.call('ZADD', LRU, tick, id)
    if size ~= sizeOf(old) then
      redis.call('INCRBY', BYTES, size - sizeOf(old))
    end
    bytes = bytes + size - sizeOf(old)
    recorded = true
  end
end
-- Evict until bytes <= target; others: the bytes of every entry but this put's.
local target = recorded and capacity or capacity - size
local others = recorded and bytes - size or bytes
if others > capacity then
  -- Impossible while every client runs this capacity: the counter is wrong. Wiping the cache to
  -- satisfy it would not help; free only this put's room, and let reconciliation restore the bound.
  target = bytes - size
  flag = 1
end

-- Expired entries go first, oldest write first: as many as room needs, and a few more so that the
-- namespace sheds them without waiting for evictExpired.
-- One range query first, which finds nothing on most puts: without it, the sweep below asks two
-- (those before the cutoff's microsecond, then those of it).
if cutoff ~= '' and #redis.call('ZRANGEBYSCORE', WT, '-inf', cutoffMicros, 'LIMIT', 0, 1) > 0 then
  local swept = 0
  local ids
  repeat
    ids = expiredIds(cutoff, cutoffMicros, 16)
    for _, candidate in ipairs(ids) do
      if bytes <= target and swept >= 8 then
        break
      end
      local meta = redis.call('HGET', META, candidate)
      if meta then
        drop(candidate, meta)
        bytes = bytes - sizeOf(meta)
        reclaimed = reclaimed + 1
      else
        redis.call('ZREM', WT, candidate)
        redis.call('ZREM', LRU, candidate)
      end
      swept = swept + 1
    end
  until #ids < 16 or (bytes <= target and swept >= 8)
end

-- Then live entries, least recently used first, until the content fits.
local _, liveEvicted, vanished, stop = evictTo(target, bytes, math.huge, 64)
evicted = evicted + liveEvicted
reclaimed = reclaimed + vanished
if stop ~= 'done' then
  if redis.call('HLEN', META) == 0 then
    -- Nothing is held, so nothing is counted.
    redis.call('SET', BYTES, 0)
  end
  -- Entries the sets do not reach, or a counter above what they hold: store, and reconcile.
  flag = 1
end

if not recorded then
  record(id, ARGV[5] .. ARGV[3], ARGV[6], tick)
end
if staged then
  -- RENAME keeps the staging key's short expiry: the backstop replaces it.
  redis.call('RENAME', staged, CONTENT .. id)
  redis.call('PEXPIRE', CONTENT .. id, ARGV[10])
else
  redis.call('SET', CONTENT .. id, ARGV[9], 'PX', ARGV[10])
end
if flag == 0 and recounting then
  -- A recount under way, which every client helps finish.
  flag = 2
end
if reclaimed < 16777216 and evicted < 67108864 then
  return 1 + 2 * flag + 8 * (reclaimed + 16777216 * evicted)
end
return {1, evicted, reclaimed, flag}

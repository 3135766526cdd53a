-- put: ARGV[2] id, ARGV[3] size of the content, ARGV[4] capacity, ARGV[5] write time (19 digits),
-- ARGV[6] write time in microseconds, ARGV[7] cutoff ('' without a TTL), ARGV[8] cutoff in
-- microseconds, ARGV[9] namespace expiry in ms.
-- Returns {stored (1 or 0), live entries evicted, expired or vanished entries reclaimed}.
-- Makes room and records the entry; the tier queues the SET of the content (with its backstop
-- expiry) right after this script in one MULTI/EXEC, so the content never passes through Lua (see
-- get.lua). The tier refuses content above the capacity before any call; the check here is a
-- guard, and content a refusal here would leave goes with its backstop.
local id = ARGV[2]
local size = tonumber(ARGV[3])
local capacity = tonumber(ARGV[4])
if size > capacity then
  return {0, 0, 0}
end
local cutoff, cutoffMicros = ARGV[7], ARGV[8]
local evicted, reclaimed = 0, 0

-- A replaced entry's room is the first the new content may use; it is not an eviction.
local old = redis.call('HGET', META, id)
if old then
  if isExpired(old, cutoff) then
    reclaimed = reclaimed + 1
  end
  drop(id, old)
end
local bytes = tonumber(redis.call('GET', BYTES) or '0')

-- Expired entries go first, oldest write first: as many as room needs, and a few more so that the
-- namespace sheds them without waiting for evictExpired.
if cutoff ~= '' then
  local swept = 0
  local ids
  repeat
    ids = expiredIds(cutoff, cutoffMicros, 16)
    for _, candidate in ipairs(ids) do
      if bytes + size <= capacity and swept >= 8 then
        break
      end
      local meta = redis.call('HGET', META, candidate)
      if meta then
        drop(candidate, meta)
        bytes = bytes - sizeOf(meta)
        reclaimed = reclaimed + 1
      else
        redis.call('ZREM', WT, candidate)
      end
      swept = swept + 1
    end
  until #ids < 16 or (bytes + size <= capacity and swept >= 8)
end

-- Then live entries, least recently used first, until the content fits.
while bytes + size > capacity do
  local victim = redis.call('ZRANGE', LRU, 0, 0)[1]
  if not victim then
    -- Nothing is held, so nothing is counted: repair a counter that drifted (no script lets it).
    bytes = 0
    redis.call('SET', BYTES, 0)
    break
  end
  local meta = redis.call('HGET', META, victim)
  if not meta then
    redis.call('ZREM', LRU, victim)
    redis.call('ZREM', WT, victim)
  else
    if drop(victim, meta) == 1 then
      evicted = evicted + 1
    else
      reclaimed = reclaimed + 1
    end
    bytes = bytes - sizeOf(meta)
  end
end

redis.call('INCRBY', BYTES, size)
redis.call('HSET', META, id, ARGV[5] .. ARGV[3])
redis.call('ZADD', LRU, redis.call('INCR', TICK), id)
redis.call('ZADD', WT, ARGV[6], id)
touchNamespace(ARGV[9])
return {1, evicted, reclaimed}

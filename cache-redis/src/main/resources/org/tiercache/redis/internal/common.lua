-- Shared by every script of the redis tier; the tier puts it before each script's own text.
--
-- KEYS[1] meta       hash:   entry id -> write time (19 digits of epoch nanoseconds) .. size
-- KEYS[2] lru        zset:   entry id -> use tick (from KEYS[5]); lowest = least recently used
-- KEYS[3] wt         zset:   entry id -> write time in microseconds; lowest = oldest write
-- KEYS[4] bytes      string: the sum of the sizes in meta
-- KEYS[5] tick       string: the use counter, INCR'd for every use, so recency never depends on clocks
-- KEYS[6] recount    hash:   a recount of bytes under way (reconcile.lua): 'cursor', the id of the
--                            last entry counted, in wt order ('' before the first), and 'bytes', the
--                            sum of the sizes of the entries up to and including it
-- KEYS[7] reconciled string: the server's time, in ms, when the last recount finished
-- ARGV[1] the prefix of content keys, '{namespace}:c:'; an entry's content is at ARGV[1] .. id
--
-- Invariants kept by every script (each runs atomically): an id is in meta, lru and wt or in none;
-- bytes is the sum of the sizes in meta; while a recount is under way, its bytes is the sum of the
-- sizes of the entries at or before its cursor. Only content keys carry an expiry (the backstop):
-- the bookkeeping keys never do, so a server that evicts only keys with one (volatile-*) never takes
-- them. What can still happen behind the scripts' back (content expired or evicted, a bookkeeping
-- key evicted by an allkeys-* policy or deleted by hand) is either put right by the script that meets
-- it or reported by health() for the client to reconcile.
--
-- A server out of memory (maxmemory reached under noeviction, or under volatile-* with nothing
-- left to evict) refuses a script's write that may grow memory only until the script has written
-- something; after that Redis lets the script finish, so that it stays atomic. So every script whose
-- work must not be cut short begins with a write that frees (HDEL, ZREM, DEL).
--
-- Numbers above 2^53 never pass through Lua numbers (doubles): write times are compared as digit
-- strings in two exact halves, and scores are passed in from ARGV as text.
local META, LRU, WT, BYTES, TICK = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local RECOUNT, RECONCILED = KEYS[6], KEYS[7]
local CONTENT = ARGV[1]

-- Whether meta is what the tier writes: 19 digits of write time, then the size in digits.
local function wellFormed(meta)
  return #meta >= 20 and not string.find(meta, '%D')
end

-- a <= b for two 19-digit times
local function notAfter(a, b)
  local ah, bh = tonumber(string.sub(a, 1, 10)) or 0, tonumber(string.sub(b, 1, 10)) or 0
  if ah ~= bh then
    return ah < bh
  end
  return (tonumber(string.sub(a, 11, 19)) or 0) <= (tonumber(string.sub(b, 11, 19)) or 0)
end

-- Whether the entry described by meta was written at or before the cutoff (now - ttl); '' means
-- the caller has no TTL, so nothing expires.
local function isExpired(meta, cutoff)
  return cutoff ~= '' and notAfter(string.sub(meta, 1, 19), cutoff)
end

-- The size in meta; 0 for meta the tier did not write (the recount puts the counter right).
local function sizeOf(meta)
  return tonumber(string.sub(meta, 20)) or 0
end

-- The write time in microseconds, as text: the first 16 of the 19 digits.
local function microsOf(meta)
  return string.sub(meta, 1, 16)
end

-- Whether a recount is under way: looked up once per script (only reconcile.lua starts or ends
-- one, and it runs alone), so that an entry added or dropped outside a recount costs no more calls.
local recounting = nil
local function recountUnderWay()
  if recounting == nil then
    recounting = redis.call('EXISTS', RECOUNT) == 1
  end
  return recounting
end

-- Whether a recount is under way and has counted the entry id already: id is at or before the
-- cursor in wt. An id missing from wt was never counted.
local function counted(id)
  if not recountUnderWay() then
    return false
  end
  local cursor = redis.call('HGET', RECOUNT, 'cursor')
  if not cursor or cursor == '' then
    return false
  end
  local at = redis.call('ZRANK', WT, id)
  local upTo = redis.call('ZRANK', WT, cursor)
  return at ~= false and upTo ~= false and at <= upTo
end

-- Adds delta bytes for the entry id to the counter, and to a recount that has counted it.
local function account(id, delta)
  redis.call('INCRBY', BYTES, delta)
  if counted(id) then
    redis.call('HINCRBY', RECOUNT, 'bytes', delta)
  end
end

-- Forgets an entry: its size, its bookkeeping and its content. The first write frees (see above).
-- Returns 1 if the content was still there, 0 if it had vanished.
local function drop(id, meta)
  local size = sizeOf(meta)
  local wasCounted = counted(id)
  redis.call('HDEL', META, id)
  if wasCounted then
    redis.call('HINCRBY', RECOUNT, 'bytes', -size)
    -- The cursor must stay on an entry that exists: step it back to the one before.
    if redis.call('HGET', RECOUNT, 'cursor') == id then
      local rank = redis.call('ZRANK', WT, id)
      local before = rank > 0 and redis.call('ZRANGE', WT, rank - 1, rank - 1)[1] or ''
      redis.call('HSET', RECOUNT, 'cursor', before)
    end
  end
  redis.call('ZREM', LRU, id)
  redis.call('ZREM', WT, id)
  redis.call('DECRBY', BYTES, size)
  return redis.call('DEL', CONTENT .. id)
end

-- The next use tick, or the first of count ticks (count defaults to 1): one INCRBY. A counter
-- that starts again (INCRBY answers count: it was lost) restarts above the highest tick in lru:
-- from 1, every new entry would look older than every old one and be the first evicted.
local function nextTick(count)
  count = count or 1
  local last = redis.call('INCRBY', TICK, count)
  if last == count then
    local top = redis.call('ZREVRANGE', LRU, 0, 0, 'WITHSCORES')[2]
    if top and tonumber(top) >= 1 then
      last = redis.call('INCRBY', TICK, top)
    end
  end
  return last - count + 1
end

-- Records an entry whose content is in place (or is SET right after the script).
local function record(id, meta, micros, tick)
  redis.call('HSET', META, id, meta)
  redis.call('ZADD', LRU, tick, id)
  redis.call('ZADD', WT, micros, id)
  account(id, sizeOf(meta))
end

-- A cheap look (O(1)) at whether the bookkeeping can be right, taken by every put and reading of
-- the occupancy, and by a get that misses or one hit in 64 (see get.lua): 1 if it cannot (the sets disagree in size, the counter is missing, negative,
-- not a number, or not zero for no entries): the client then reconciles (reconcile.lua); 2 if it
-- may be right but a recount is under way, which every client helps finish; else 0.
-- Also returns the counter as a number (0 when missing or not a number), which put.lua needs too.
local function look()
  local entries = redis.call('HLEN', META)
  local bytes = redis.call('GET', BYTES)
  local held = tonumber(bytes or '0') or 0
  if redis.call('ZCARD', LRU) ~= entries or redis.call('ZCARD', WT) ~= entries then
    return 1, held
  end
  if bytes then
    bytes = tonumber(bytes)
    if not bytes or bytes < 0 or (entries == 0 and bytes ~= 0) then
      return 1, held
    end
  elseif entries > 0 then
    return 1, held
  end
  if recountUnderWay() then
    return 2, held
  end
  return 0, held
end

local function health()
  return (look())
end

-- The counter as a number; 0 when it is missing or not a number (health() reports both).
local function bytesHeld()
  return tonumber(redis.call('GET', BYTES) or '0') or 0
end

-- Evicts least recently used entries (oldest written ones if lru lost them) until bytes <= target,
-- looking at most at maxSteps ids, of which at most maxStrays without an entry (dropped from the
-- sets as they are met). Returns the bytes left, live entries evicted, vanished ones reclaimed, and
-- why it stopped: 'done', 'empty' (no id left: the counter is above what the sets hold), 'strays'
-- or 'limit'.
local function evictTo(target, bytes, maxSteps, maxStrays)
  local evicted, reclaimed, strays, steps = 0, 0, 0, 0
  while bytes > target do
    if steps >= maxSteps then
      return bytes, evicted, reclaimed, 'limit'
    end
    if strays >= maxStrays then
      return bytes, evicted, reclaimed, 'strays'
    end
    local victim = redis.call('ZRANGE', LRU, 0, 0)[1] or redis.call('ZRANGE', WT, 0, 0)[1]
    if not victim then
      return bytes, evicted, reclaimed, 'empty'
    end
    local meta = redis.call('HGET', META, victim)
    if meta then
      if drop(victim, meta) == 1 then
        evicted = evicted + 1
      else
        reclaimed = reclaimed + 1
      end
      bytes = bytes - sizeOf(meta)
    else
      redis.call('ZREM', LRU, victim)
      redis.call('ZREM', WT, victim)
      strays = strays + 1
    end
    steps = steps + 1
  end
  return bytes, evicted, reclaimed, 'done'
end

-- Up to limit ids of entries written at or before the cutoff: first those written before the
-- cutoff's microsecond (all expired: no need to look closer), then those of that microsecond, each
-- checked to the nanosecond. Oldest write first, up to the microsecond.
local function expiredIds(cutoff, cutoffMicros, limit)
  local ids = redis.call('ZRANGEBYSCORE', WT, '-inf', '(' .. cutoffMicros, 'LIMIT', 0, limit)
  if #ids < limit then
    for _, id in ipairs(redis.call('ZRANGEBYSCORE', WT, cutoffMicros, cutoffMicros)) do
      if #ids >= limit then
        break
      end
      local meta = redis.call('HGET', META, id)
      if meta and isExpired(meta, cutoff) then
        ids[#ids + 1] = id
      end
    end
  end
  return ids
end


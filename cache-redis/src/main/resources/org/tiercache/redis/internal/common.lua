-- Shared by every script of the redis tier; the tier puts it before each script's own text.
--
-- KEYS[1] meta   hash:   entry id -> write time (19 digits of epoch nanoseconds) .. size
-- KEYS[2] lru    zset:   entry id -> use tick (from KEYS[5]); lowest = least recently used
-- KEYS[3] wt     zset:   entry id -> write time in microseconds; lowest = oldest write
-- KEYS[4] bytes  string: the sum of the sizes in meta
-- KEYS[5] tick   string: the use counter, INCR'd for every use, so recency never depends on clocks
-- ARGV[1] the prefix of content keys, '{namespace}:c:'; an entry's content is at ARGV[1] .. id
--
-- Invariants kept by every script (each runs atomically): an id is in meta, lru and wt or in none;
-- bytes is the sum of the sizes in meta. A content key may vanish on its own (its backstop expiry,
-- or a server under maxmemory): whoever meets such an entry drops it and fixes the counters.
-- Numbers above 2^53 never pass through Lua numbers (doubles): write times are compared as digit
-- strings in two exact halves, and scores are passed in from ARGV as text.
local META, LRU, WT, BYTES, TICK = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local CONTENT = ARGV[1]

-- a <= b for two 19-digit times
local function notAfter(a, b)
  local ah, bh = tonumber(string.sub(a, 1, 10)), tonumber(string.sub(b, 1, 10))
  if ah ~= bh then
    return ah < bh
  end
  return tonumber(string.sub(a, 11, 19)) <= tonumber(string.sub(b, 11, 19))
end

-- Whether the entry described by meta was written at or before the cutoff (now - ttl); '' means
-- the caller has no TTL, so nothing expires.
local function isExpired(meta, cutoff)
  return cutoff ~= '' and notAfter(string.sub(meta, 1, 19), cutoff)
end

local function sizeOf(meta)
  return tonumber(string.sub(meta, 20))
end

-- Forgets an entry: its size, its bookkeeping and its content. The counter goes first: it is the
-- one write that can be refused (out of memory), and then nothing has changed.
-- Returns 1 if the content was still there, 0 if it had vanished.
local function drop(id, meta)
  redis.call('DECRBY', BYTES, sizeOf(meta))
  redis.call('HDEL', META, id)
  redis.call('ZREM', LRU, id)
  redis.call('ZREM', WT, id)
  return redis.call('DEL', CONTENT .. id)
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

-- Keeps the bookkeeping alive as long as any content key it describes (see the backstop).
local function touchNamespace(ms)
  redis.call('PEXPIRE', META, ms)
  redis.call('PEXPIRE', LRU, ms)
  redis.call('PEXPIRE', WT, ms)
  redis.call('PEXPIRE', BYTES, ms)
  redis.call('PEXPIRE', TICK, ms)
end


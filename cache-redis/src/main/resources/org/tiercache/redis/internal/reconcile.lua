-- reconcile: rebuilds the bookkeeping from what is really on the server, a bounded batch per call,
-- so that no call holds the server for long; the client calls each phase until it reports done.
-- Every step is idempotent, and clients that reconcile one namespace at once share the recount,
-- so nothing is counted twice.
-- ARGV[2] phase, ARGV[3] cursor ('0' to start; for recount: 'begin' or 'join'), ARGV[4] batch,
-- ARGV[5] the client's time in ms, ARGV[6] backstop in ms, ARGV[7] capacity.
--
--   meta     a page of meta (HSCAN): an entry whose content vanished is dropped; one missing from
--            lru (unknown recency: least recent) or wt (its write time) is indexed again; a size
--            that differs from the content's length is corrected.   -> {next cursor, repaired}
--   lru      a page of lru (ZSCAN): ids without an entry are removed. -> {next cursor, repaired}
--   content  a page of the content keys (SCAN MATCH): content without an entry (its bookkeeping
--            was lost) is adopted: size from its length, write time from its backstop's
--            remaining time, least recently used.                   -> {next cursor, adopted}
--   purge    like content, but deletes such content (clear).        -> {next cursor, deleted}
--   recount  walks wt in order from a cursor kept in the recount key, summing sizes; drops ids
--            without an entry or content; at the end sets the counter to the sum. Scripts that
--            add or drop an entry meanwhile keep the sum right (see account() and drop()).
--                                                -> {1 if finished else 0, counter before, after}
--   trim     evicts least recently used entries while the counter is above the capacity.
--                                                -> {evicted, reclaimed, 1 if still above}
--   age      ms since the last recount finished, by the server's clock, or -1.  -> age
local phase, cursor, batch = ARGV[2], ARGV[3], tonumber(ARGV[4])

local function serverMillis()
  local time = redis.call('TIME')
  return tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end

-- The entry id of a content key, or nil for a key under the content prefix the tier did not write.
local function idOf(key)
  local id = string.sub(key, #CONTENT + 1)
  if string.find(id, '^[a-z0-9]+:[0-9a-f]+$') then
    return id
  end
  return nil
end

local function isString(key)
  return redis.call('TYPE', key)['ok'] == 'string'
end

if phase == 'meta' then
  local page = redis.call('HSCAN', META, cursor, 'COUNT', batch)
  local fields, repaired = page[2], 0
  for i = 1, #fields, 2 do
    local id, meta = fields[i], fields[i + 1]
    local key = CONTENT .. id
    -- HSCAN may return a field twice, or one a fix below has just dropped: look again.
    meta = redis.call('HGET', META, id)
    if not meta then
      -- gone meanwhile
    elseif not wellFormed(meta) or not isString(key) then
      drop(id, meta)
      repaired = repaired + 1
    else
      if not redis.call('ZSCORE', WT, id) then
        redis.call('ZADD', WT, microsOf(meta), id)
        if counted(id) then
          redis.call('HINCRBY', RECOUNT, 'bytes', sizeOf(meta))
        end
        repaired = repaired + 1
      end
      if not redis.call('ZSCORE', LRU, id) then
        redis.call('ZADD', LRU, 0, id)
        repaired = repaired + 1
      end
      local length = redis.call('STRLEN', key)
      if length ~= sizeOf(meta) then
        redis.call('HSET', META, id, string.sub(meta, 1, 19) .. length)
        account(id, length - sizeOf(meta))
        repaired = repaired + 1
      end
    end
  end
  return {page[1], repaired}
end

if phase == 'lru' then
  local page = redis.call('ZSCAN', LRU, cursor, 'COUNT', batch)
  local members, repaired = page[2], 0
  for i = 1, #members, 2 do
    if redis.call('HEXISTS', META, members[i]) == 0 then
      redis.call('ZREM', LRU, members[i])
      repaired = repaired + 1
    end
  end
  return {page[1], repaired}
end

if phase == 'content' or phase == 'purge' then
  local page = redis.call('SCAN', cursor, 'MATCH', CONTENT .. '*', 'COUNT', batch)
  local now, backstop, done = tonumber(ARGV[5]), tonumber(ARGV[6]), 0
  for _, key in ipairs(page[2]) do
    local id = idOf(key)
    if id and redis.call('HEXISTS', META, id) == 0 and isString(key) then
      if phase == 'purge' then
        done = done + redis.call('DEL', key)
      else
        -- The backstop was set at the write (with a TTL; without one, at the last read, which is
        -- as good: then nothing expires by write time).
        local written = now
        local left = redis.call('PTTL', key)
        if left > 0 and left <= backstop then
          written = math.max(0, now - (backstop - left))
        end
        local length = redis.call('STRLEN', key)
        record(id, string.format('%013.0f', written) .. '000000' .. length,
            string.format('%.0f', written * 1000), 0)
        done = done + 1
      end
    end
  end
  return {page[1], done}
end

if phase == 'recount' then
  local at = redis.call('HGET', RECOUNT, 'cursor')
  if not at then
    if cursor ~= 'begin' then
      -- Finished by another client (or cleared).
      return {1, 0, 0}
    end
    redis.call('HSET', RECOUNT, 'cursor', '', 'bytes', 0)
    recounting = true
    at = ''
  end
  local start = 0
  if at ~= '' then
    local rank = redis.call('ZRANK', WT, at)
    if rank then
      start = rank + 1
    else
      -- The entry under the cursor left wt behind the scripts' back (wt lost): start over.
      redis.call('HSET', RECOUNT, 'cursor', '', 'bytes', 0)
    end
  end
  local sum = tonumber(redis.call('HGET', RECOUNT, 'bytes')) or 0
  local ids = redis.call('ZRANGE', WT, start, start + batch - 1)
  for _, id in ipairs(ids) do
    local meta = redis.call('HGET', META, id)
    if not meta then
      redis.call('ZREM', WT, id)
      redis.call('ZREM', LRU, id)
    elseif not wellFormed(meta) or not isString(CONTENT .. id) then
      -- After the cursor, so not counted: drop leaves the sum alone.
      drop(id, meta)
    else
      sum = sum + sizeOf(meta)
      at = id
    end
  end
  if #ids < batch then
    local before = bytesHeld()
    redis.call('SET', BYTES, sum)
    redis.call('DEL', RECOUNT)
    redis.call('SET', RECONCILED, serverMillis())
    return {1, before, sum}
  end
  redis.call('HSET', RECOUNT, 'cursor', at, 'bytes', sum)
  return {0, 0, 0}
end

if phase == 'trim' then
  local _, evicted, reclaimed, stop = evictTo(tonumber(ARGV[7]), bytesHeld(), batch, batch)
  return {evicted, reclaimed, (stop == 'limit' or stop == 'strays') and 1 or 0}
end

if phase == 'age' then
  local last = tonumber(redis.call('GET', RECONCILED) or '')
  if not last then
    return -1
  end
  return serverMillis() - last
end

return redis.error_reply('unknown reconcile phase ' .. tostring(phase))

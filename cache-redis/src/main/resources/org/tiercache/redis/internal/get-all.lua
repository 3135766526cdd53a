-- getAll: ARGV[2] cutoff ('' without a TTL), ARGV[3] content expiry to renew in ms ('' to leave
-- it), ARGV[4..] ids, distinct, at most 1000.
-- Returns {status of each id, in order, as get.lua returns it, then health}. The same as get.lua
-- run once per id in that order (the ids are distinct, so none's outcome depends on another's):
-- the hits take consecutive ticks, in order, from one INCRBY and go into lru with one ZADD, so
-- that a batch of n keys costs about n + 3 calls rather than 4n runs of a script. The tier sends
-- an MGET of the content keys right behind it (see get.lua for why not in Lua, nor in MULTI).
-- A live entry is a hit here without asking whether its content is there: the MGET answers that,
-- and the tier sends reclaim.lua for the ids it found without content (see get-hit.lua), so
-- status 3 (vanished) is never returned by this script.
local cutoff, renew = ARGV[2], ARGV[3]
local n = #ARGV - 3
local ids = {}
for i = 1, n do
  ids[i] = ARGV[i + 3]
end
local metas = redis.call('HMGET', META, unpack(ids))
local statuses, hits = {}, {}
local flag = 0
local look = false
for i, id in ipairs(ids) do
  local meta = metas[i]
  if not meta then
    if redis.call('EXISTS', CONTENT .. id) == 1 then
      flag = 1
    end
    statuses[i] = 0
    look = true
  elseif isExpired(meta, cutoff) then
    drop(id, meta)
    statuses[i] = 2
    look = true
  else
    statuses[i] = 1
    hits[#hits + 1] = id
  end
end
if #hits > 0 then
  -- A server out of memory refuses the first write that may grow memory: free first (see get.lua).
  local ok, first = pcall(nextTick, #hits)
  local removed = 0
  if not ok then
    removed = redis.call('ZREM', LRU, unpack(hits))
    first = nextTick(#hits)
  end
  local scored = {}
  for i, id in ipairs(hits) do
    scored[2 * i - 1] = first + i - 1
    scored[2 * i] = id
    if renew ~= '' then
      redis.call('PEXPIRE', CONTENT .. id, renew)
    end
  end
  if redis.call('ZADD', LRU, unpack(scored)) - removed > 0 then
    -- Ids that were not in lru: lru was lost, or trimmed behind the scripts' back.
    flag = 1
  end
  -- One hit in 64 looks at the whole bookkeeping, as get.lua does: here, when the ticks taken
  -- cross a multiple of 64.
  if math.floor((first + #hits - 1) / 64) ~= math.floor((first - 1) / 64) then
    look = true
  end
end
if look and flag == 0 then
  flag = health()
end
statuses[n + 1] = flag
return statuses

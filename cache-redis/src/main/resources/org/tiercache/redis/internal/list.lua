-- entries: ARGV[2] the score in wt of the last id a previous page looked at ('' for the first
-- page), ARGV[3] that id, ARGV[4] the most ids to look at, ARGV[5] cutoff ('' without a TTL).
-- Returns {1 if this is the last page else 0, the score and the id of the last id looked at ('' and
-- '' if none), then the id and meta of each live entry among those looked at}.
-- Not a use, and it reclaims nothing: reads only (no tick, no ZADD, no drop), so listing changes
-- neither recency nor any count. An entry expired, whose content vanished, or whose id has no
-- entry, is passed over.
--
-- The pages walk wt by (score, id), the order the sorted set keeps, from just after the last pair
-- looked at: no state is kept on the server, and an entry that stays in wt with its score
-- throughout is met exactly once, whatever is added or dropped around it (SCAN-family commands
-- may return an element twice, so they are not used). A put that rewrites an entry moves it to its
-- new write time, where the walk may meet it again: the listing is weakly consistent.
local score, last, limit, cutoff = ARGV[2], ARGV[3], tonumber(ARGV[4]), ARGV[5]

-- a > b as the sorted set orders ids of one score: byte by byte, then the shorter first (Lua's own
-- string comparison follows the server's locale).
local function after(a, b)
  for i = 1, math.min(#a, #b) do
    local x, y = string.byte(a, i), string.byte(b, i)
    if x ~= y then
      return x > y
    end
  end
  return #a > #b
end

local start = 0
if score ~= '' then
  local now = redis.call('ZSCORE', WT, last)
  if now and tonumber(now) == tonumber(score) then
    start = redis.call('ZRANK', WT, last) + 1
  else
    -- The last id left wt or moved: the first id after (score, last), by bisection among the ids
    -- of that score (O(log n) ranks, not the ties one by one: a held clock gives many).
    local low = redis.call('ZCOUNT', WT, '-inf', '(' .. score)
    local high = low + redis.call('ZCOUNT', WT, score, score)
    while low < high do
      local middle = math.floor((low + high) / 2)
      if after(redis.call('ZRANGE', WT, middle, middle)[1], last) then
        high = middle
      else
        low = middle + 1
      end
    end
    start = low
  end
end

local page = redis.call('ZRANGE', WT, start, start + limit - 1, 'WITHSCORES')
local reply = {#page < 2 * limit and 1 or 0, '', ''}
for i = 1, #page, 2 do
  local id = page[i]
  reply[2], reply[3] = page[i + 1], id
  local meta = redis.call('HGET', META, id)
  if meta and wellFormed(meta) and not isExpired(meta, cutoff)
      and redis.call('EXISTS', CONTENT .. id) == 1 then
    reply[#reply + 1] = id
    reply[#reply + 1] = meta
  end
end
return reply

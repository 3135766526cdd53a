-- The hit path of get.lua, run before common.lua is even read: common.lua defines a dozen
-- functions, a closure each on every run, which cost a plain hit about as much as its own calls.
-- Keys and arguments as in get.lua. A live entry whose use counter goes on (not restarted, not
-- refused by a full server), whose id was in lru, and whose tick is not one in 64 (the hits that
-- look at the whole bookkeeping) returns 1 (or 5: a hit, and lru had lost the id) here, in three
-- calls; anything else falls through to get.lua, which looks again from the start (a second tick
-- taken there only leaves a gap in the counter, which orders uses and never counts them).
-- Whether the content is still there is not asked (no EXISTS, issue 14): the GET sent right behind
-- this script answers that anyway. When it finds nothing (content gone behind the scripts' back,
-- or dropped by another client in between), the tier counts a miss and sends reclaim.lua, which
-- drops the entry if it is still recorded without content: a rare second round trip, so that
-- every hit saves a call.
do
  local id, cutoff = ARGV[2], ARGV[3]
  local meta = redis.call('HGET', KEYS[1], id)
  -- Live: written after the cutoff. With one, the first 16 of the 19 digits (microseconds, exact
  -- in a Lua number until 2255) decide, unless they equal the cutoff's, or are not a number (meta
  -- the tier did not write): get.lua then decides to the nanosecond. This costs a hit about a
  -- microsecond less than comparing the two 19-digit times in halves after a pattern match over
  -- the whole meta (issue 14).
  local live = false
  if meta then
    if cutoff == '' then
      live = #meta >= 20 and not string.find(meta, '%D')
    else
      local written, limit = tonumber(string.sub(meta, 1, 16)), tonumber(string.sub(cutoff, 1, 16))
      live = written ~= nil and limit ~= nil and written > limit and #meta >= 20
    end
  end
  if live then
    local tick = redis.pcall('INCRBY', KEYS[5], 1)
    if type(tick) == 'number' and tick > 1 and tick % 64 ~= 0 then
      local added = redis.call('ZADD', KEYS[2], tick, id)
      if ARGV[4] ~= '' then
        redis.call('PEXPIRE', ARGV[1] .. id, ARGV[4])
      end
      return 1 + 4 * added
    end
  end
end

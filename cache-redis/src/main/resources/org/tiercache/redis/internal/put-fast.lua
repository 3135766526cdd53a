-- The common path of put.lua, run before common.lua is even read (as get-hit.lua is for get):
-- common.lua's functions, a closure each on every run, cost a put about as much as two of its
-- calls (issue 14). Keys and arguments as in put.lua. A put that takes an ordinary tick (not a
-- restarted counter, not one in 64: those look at the whole bookkeeping), with no recount under
-- way, replacing no entry or a live one the tier wrote, with a counter that is a number, room for
-- its content without evicting, and nothing expired to sweep, is recorded here, in the calls
-- put.lua would make for it, and replies 1. Anything else falls through to put.lua, given what
-- was read here (the tick, the old entry, the counter, whether a recount is under way), so that
-- it neither reads them again nor takes a second tick. Nothing is written here before it falls
-- through but the tick, which put.lua then uses.
-- Staged content (ARGV[11]) must be on the server before anything is written: see put.lua.
local staged = ARGV[11]
local fastTick, fastOld, fastCounter, fastRecounting
do
  if staged and redis.call('EXISTS', staged) == 0 then
    return 0
  end
  local id, size, capacity = ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
  if size <= capacity then
    -- The first write, which a server out of memory refuses: then nothing is written, and the
    -- refusal is the reply.
    local tick = redis.pcall('INCRBY', KEYS[5], 1)
    if type(tick) ~= 'number' then
      return tick
    end
    if tick == 1 then
      -- The counter was lost: restart it above the highest tick in lru (see nextTick).
      local top = redis.call('ZREVRANGE', KEYS[2], 0, 0, 'WITHSCORES')[2]
      if top and tonumber(top) >= 1 then
        tick = redis.call('INCRBY', KEYS[5], top)
      end
    elseif tick % 64 ~= 0 then
      fastRecounting = redis.call('EXISTS', KEYS[6]) == 1
      if not fastRecounting then
        fastOld = redis.call('HGET', KEYS[1], id)
        fastCounter = redis.call('GET', KEYS[4])
        local bytes = tonumber(fastCounter or '')
        local oldSize, live = 0, true
        if fastOld then
          -- Live and the tier's: as get-hit.lua judges it, by the microsecond.
          local cutoff = ARGV[7]
          oldSize = tonumber(string.sub(fastOld, 20))
          live = oldSize ~= nil and #fastOld >= 20 and not string.find(fastOld, '%D')
          if live and cutoff ~= '' then
            local written = tonumber(string.sub(fastOld, 1, 16))
            local limit = tonumber(string.sub(cutoff, 1, 16))
            live = written ~= nil and limit ~= nil and written > limit
          end
        end
        if live and bytes and bytes - oldSize + size <= capacity and (ARGV[7] == ''
            or #redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', ARGV[8], 'LIMIT', 0, 1) == 0) then
          redis.call('HSET', KEYS[1], id, ARGV[5] .. ARGV[3])
          redis.call('ZADD', KEYS[2], tick, id)
          redis.call('ZADD', KEYS[3], ARGV[6], id)
          if size ~= oldSize then
            redis.call('INCRBY', KEYS[4], size - oldSize)
          end
          if staged then
            redis.call('RENAME', staged, ARGV[1] .. id)
            redis.call('PEXPIRE', ARGV[1] .. id, ARGV[10])
          else
            redis.call('SET', ARGV[1] .. id, ARGV[9], 'PX', ARGV[10])
          end
          return 1
        end
      end
    end
    fastTick = tick
  end
end

-- reclaim: ARGV[2..] ids of entries a get counted as hits whose content the GET (or MGET) behind
-- the script did not find. Drops each that is still recorded and still has no content (another
-- client may have put it again, or dropped it, in between): its bytes given back, counted by the
-- tier as an expiration, as get.lua counts content it finds vanished. Returns how many it dropped.
-- Each drop begins with a write that frees, so a server out of memory lets it through.
local dropped = 0
for i = 2, #ARGV do
  local id = ARGV[i]
  local meta = redis.call('HGET', META, id)
  if meta and redis.call('EXISTS', CONTENT .. id) == 0 then
    drop(id, meta)
    dropped = dropped + 1
  end
end
return dropped

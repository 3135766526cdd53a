-- contains: ARGV[2] id, ARGV[3] cutoff. Not a use: reads only. Returns 1 if a live entry exists.
local id = ARGV[2]
local meta = redis.call('HGET', META, id)
if not meta or isExpired(meta, ARGV[3]) then
  return 0
end
return redis.call('EXISTS', CONTENT .. id)

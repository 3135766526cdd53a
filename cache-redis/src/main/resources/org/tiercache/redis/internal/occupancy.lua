-- occupancy: returns {bytes held, entries held} as one consistent reading.
return {tonumber(redis.call('GET', BYTES) or '0'), redis.call('ZCARD', LRU)}

-- occupancy: returns {bytes held, entries held, health()} as one consistent reading.
return {bytesHeld(), redis.call('HLEN', META), health()}

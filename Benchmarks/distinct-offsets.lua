-- wrk script: every request asks for a different page of the items feed, so no response cache
-- (Remnant's, or any other) can answer it from an earlier one.
-- usage: wrk -s Benchmarks/distinct-offsets.lua URL -- LIMIT ROWS
--   URL is the items path with its query (e.g. .../items?limit=1000); LIMIT is that page size and
--   ROWS the store's incident count. Offsets walk [0, ROWS - LIMIT) in strides of 7919 (a prime,
--   so the first ROWS - LIMIT requests are all distinct), thread by thread without overlap.
local threads = 0

function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end

function init(args)
  limit = tonumber(args[1]) or 1000
  rows = tonumber(args[2]) or 100000
  span = math.max(1, rows - limit)
  counter = 0
end

function request()
  local n = counter * 64 + (id or 0)   -- at most 64 threads
  counter = counter + 1
  local offset = (n * 7919) % span
  return wrk.format("GET", wrk.path .. "&offset=" .. offset)
end

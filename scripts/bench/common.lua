-- Shared by the wrk scripts (loaded with dofile): numbers each thread, counts answers by status when a
-- script asks for it, and prints one machine-readable summary line, "BENCH_JSON {...}", at the end.

local threads = {}

function setup(thread)
   thread:set("id", #threads)
   table.insert(threads, thread)
end

codes = {}

-- Scripts call this from response(status) when they need answers split by status.
function count_status(status)
   codes[status] = (codes[status] or 0) + 1
end

function done(summary, latency, requests)
   local merged = {}
   for _, t in ipairs(threads) do
      local c = t:get("codes")
      if c then
         for status, n in pairs(c) do merged[status] = (merged[status] or 0) + n end
      end
   end
   local parts = {}
   for status, n in pairs(merged) do table.insert(parts, string.format('"%d":%d', status, n)) end
   local e = summary.errors
   io.write(string.format(
      'BENCH_JSON {"duration_us":%d,"requests":%d,"bytes":%d,"non2xx":%d,' ..
      '"socket_errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d},' ..
      '"latency_us":{"mean":%.1f,"max":%d,"p50":%d,"p90":%d,"p99":%d,"p999":%d},"codes":{%s}}\n',
      summary.duration, summary.requests, summary.bytes, e.status,
      e.connect, e.read, e.write, e.timeout,
      latency.mean, latency.max, latency:percentile(50), latency:percentile(90),
      latency:percentile(99), latency:percentile(99.9), table.concat(parts, ",")))
end

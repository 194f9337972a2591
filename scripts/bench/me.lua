-- GET /v1/users/me with the session tokens in BENCH_TOKENS (one per line), each request the next token.
-- Requests are built once in init so the client spends as little as possible per request; answers are
-- split by status only when BENCH_COUNT_STATUS=1 (the spike needs it, the throughput run does not).
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local prepared = {}
local i = 0

function init(args)
   for token in io.lines(os.getenv("BENCH_TOKENS")) do
      table.insert(prepared, wrk.format("GET", nil, { Authorization = "Bearer " .. token }))
   end
   i = (id or 0) * 7
end

function request()
   i = i % #prepared + 1
   return prepared[i]
end

if os.getenv("BENCH_COUNT_STATUS") == "1" then
   function response(status, headers, body)
      count_status(status)
   end
end

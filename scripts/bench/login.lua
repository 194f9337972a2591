-- POST /v1/auth/login as CLI clients, round-robin over the users the scenario registered
-- (bench-<n>@bench.arena.test, n = 1..BENCH_USERS, all with BENCH_PASSWORD).
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local users = tonumber(os.getenv("BENCH_USERS") or "200")
local password = os.getenv("BENCH_PASSWORD")
local n = 0

function init(args)
   n = (id or 0) * math.floor(users / 2)
end

function request()
   n = n % users + 1
   local body = string.format('{"email":"bench-%d@bench.arena.test","password":"%s","client":"cli"}', n, password)
   return wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, body)
end

function response(status, headers, body)
   count_status(status)
end

-- POST /v1/orgs/{orgId}/projects/{projectId}/tokens (the URL given to wrk) as the project's owner,
-- with the bearer session token in BENCH_TOKEN: mints a reader access token and a refresh token.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

wrk.method = "POST"
wrk.body = '{"role":"reader","ttlSeconds":3600}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")

function response(status, headers, body)
   count_status(status)
end

-- Rotates requests over the (token, id) pairs in $BENCH_TARGETS, and prints a JSON summary.
-- BENCH_KIND: get | patch | create | login | ceiling-get | ceiling-post
local kind = os.getenv("BENCH_KIND")
-- BENCH_RATE (requests/s over all connections): each connection waits between requests, so
-- that latency is measured at a set load instead of at saturation.
local rate = tonumber(os.getenv("BENCH_RATE") or "0")
local connections = tonumber(os.getenv("BENCH_CONNECTIONS") or "64")
local targets = {}
local i = 0
-- Every PATCH sends a title never sent before (a counter, tagged per wrk process by
-- BENCH_TAG), so every acknowledged write changes something: a PATCH that repeats the
-- current title is a no-op the server answers without writing.
local tag = os.getenv("BENCH_TAG") or "0"
local n = 0

function init(args)
  for line in io.lines(os.getenv("BENCH_TARGETS")) do
    local a, b, c = line:match("^(%S+)%s+(%S+)%s*(%S*)$")
    table.insert(targets, { a, b, c })
  end
  i = math.random(#targets)
end

function request()
  i = i % #targets + 1
  local t = targets[i]
  if kind == "get" then
    return wrk.format("GET", "/v1/employees/" .. t[2], { ["Authorization"] = "Bearer " .. t[1] })
  elseif kind == "patch" then
    n = n + 1
    local body = '{"jobTitle":"Engineer ' .. tag .. '-' .. n .. '"}'
    return wrk.format("PATCH", "/v1/employees/" .. t[2], {
      ["Authorization"] = "Bearer " .. t[1], ["Content-Type"] = "application/json", ["If-Match"] = "*" }, body)
  elseif kind == "create" then
    n = n + 1
    local body = '{"firstName":"New","lastName":"Hire ' .. n .. '","workEmail":"c' .. tag .. '-' .. n .. '@bench.test","hireDate":"2024-01-01"}'
    return wrk.format("POST", "/v1/employees", { ["Authorization"] = "Bearer " .. t[1], ["Content-Type"] = "application/json" }, body)
  elseif kind == "login" then
    local body = '{"tenant":"' .. t[1] .. '","email":"' .. t[2] .. '","password":"' .. t[3] .. '"}'
    return wrk.format("POST", "/v1/auth/login", { ["Content-Type"] = "application/json" }, body)
  elseif kind == "ceiling-post" then
    return wrk.format("POST", "/", { ["Content-Type"] = "application/json" }, '{"jobTitle":"Engineer"}')
  else
    return wrk.format("GET", "/")
  end
end

function delay()
  if rate > 0 then return math.floor(connections * 1000 / rate) end
  return 0
end

function done(summary, latency, requests)
  io.write(string.format('{"requests":%d,"durationUs":%d,"non2xx":%d,"socketErrors":%d,"p50Us":%d,"p99Us":%d}\n',
    summary.requests, summary.duration, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(99)))
end

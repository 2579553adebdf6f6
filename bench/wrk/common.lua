-- Shared by every wrk script of bench/run: per-thread seeds, a failure count that includes
-- HTTP 200 answers carrying GraphQL "errors" (or userErrors that are not empty), and one
-- RESULT line with the percentiles for bench/report.
failures = 0
local threads = {}
function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end
function init(args)
  math.randomseed(os.time() * 1000 + id)
  failures = 0
end
function response(status, headers, body)
  if status ~= 200 or string.find(body, '"errors"', 1, true)
     or (string.find(body, '"userErrors":[{', 1, true)) then
    failures = failures + 1
  end
end
function done(summary, latency, requests)
  local f = 0
  for _, t in ipairs(threads) do f = f + (t:get("failures") or 0) end
  io.write(string.format(
    "RESULT requests=%d duration_s=%.2f rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f failures=%d socket_errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, f,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
function post(path, token, body)
  local h = { ["Content-Type"] = "application/json" }
  if token then h["Authorization"] = "Bearer " .. token end
  return wrk.format("POST", path, h, body)
end
-- The directory of the token files (bench/run sets BENCH_DATA).
data = os.getenv("BENCH_DATA") or "."

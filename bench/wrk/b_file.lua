-- (b) filing a complaint: no photo; the full path with an idempotency key, routing and event.
dofile(os.getenv("BENCH_WRK") .. "/common.lua")
local tokens = dofile(data .. "/tokens_resident.lua")
local q = 'mutation B($i: FileComplaintInput!) { fileComplaint(input: $i) { item { id status } userErrors { code } } }'
local matters = { "C1", "C2", "C3", "C7", "C8", "A1", "A10", "B1", "B2" }
local n = 0
function request()
  n = n + 1
  local body = string.format(
    '{"query":"%s","variables":{"i":{"idempotencyKey":"wrk-%d-%d-%d","matterCode":"%s","description":"wrk 压测 %d-%d"}}}',
    q, id, os.time(), n, matters[1 + (n % 9)], id, n)
  return post("/graphql", tokens[math.random(#tokens)], body)
end

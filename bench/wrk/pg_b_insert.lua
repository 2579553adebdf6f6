-- (b) for PostGraphile: insert an item row (what its generated API offers: no routing, no
-- idempotency, no history, no event).
dofile(os.getenv("BENCH_WRK") .. "/common.lua")
local env = dofile(data .. "/ids.lua")
local ids = env.residents
local q = 'mutation B($i: ItemInput!) { createItem(input: {item: $i}) { item { uuid createdAt } } }'
local n = 0
local function uuid()
  return string.format("%08x-%04x-4%03x-a%03x-%012x", math.random(0, 0xffffffff), math.random(0, 0xffff),
    math.random(0, 0xfff), math.random(0, 0xfff), math.random(0, 0xffffffffffff))
end
function request()
  n = n + 1
  local body = string.format(
    '{"query":"%s","variables":{"i":{"uuid":"%s","kind":"COMPLAINT","source":"CITIZEN_COMPLAINT","status":"SUBMITTED","communityId":%d,"squadId":%d,"filerId":%d,"anonymous":false,"description":"wrk 压测 %d-%d","publicSafety":false,"mediaAttention":false,"late":false,"filerCount":1,"priority":0,"reopened":false,"createdAt":"2026-11-27T08:00:00Z","updatedAt":"2026-11-27T08:00:00Z"}}}',
    q, uuid(), env.community, env.squad, ids[math.random(#ids)], id, n)
  return post("/graphql", nil, body)
end

-- (a) for PostGraphile: a filer's 20 latest items (no authentication, no scope: how it is
-- commonly deployed; row-level security would cost it more).
dofile(os.getenv("BENCH_WRK") .. "/common.lua")
local ids = dofile(data .. "/ids.lua").residents
local q = 'query A($f: Int!) { items(condition: {filerId: $f}, orderBy: CREATED_AT_DESC, first: 20) { totalCount nodes { uuid kind status description createdAt dueAt community { name } matter { code nameZh } } } }'
function request()
  return post("/graphql", nil, '{"query":"' .. q .. '","variables":{"f":' .. ids[math.random(#ids)] .. '}}')
end

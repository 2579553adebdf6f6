-- (a) a resident's 20 latest items, authenticated and scope-checked (Gongzhi).
dofile(os.getenv("BENCH_WRK") .. "/common.lua")
local tokens = dofile(data .. "/tokens_resident.lua")
local q = 'query A { myItems(first: 20) { totalCount edges { node { id kind status description createdAt nextDeadline community { name } matter { code name } } } } }'
function request()
  return post("/graphql", tokens[math.random(#tokens)], '{"query":"' .. q .. '"}')
end

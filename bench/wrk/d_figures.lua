-- (d) a district's figures for the year (the supervisor), grouped three ways.
dofile(os.getenv("BENCH_WRK") .. "/common.lua")
local tokens = dofile(data .. "/tokens_supervisor.lua")
local from, to = os.getenv("BENCH_FROM"), os.getenv("BENCH_TO")
local q = 'query D($f: FigureFilter!, $by: FigureDimension!) { figures(filter: $f, by: $by) { total { received responseRate } rows { key received responseRate } } }'
local by = { "SUB_DISTRICT", "COMMUNITY", "MATTER" }
function request()
  local body = string.format('{"query":"%s","variables":{"f":{"from":"%s","to":"%s"},"by":"%s"}}',
    q, from, to, by[math.random(#by)])
  return post("/graphql", tokens[1], body)
end

-- (c) an officer's inbox, first page, with a filter that varies.
dofile(os.getenv("BENCH_WRK") .. "/common.lua")
local tokens = dofile(data .. "/tokens_officer.lua")
local q = 'query C($f: InboxFilter) { inbox(filter: $f, first: 20) { totalCount edges { node { id kind status priority nextDeadline description community { name } matter { code } } } } }'
local filters = {
  '{"statuses":["SUBMITTED"]}', '{"statuses":["ACCEPTED","VERIFYING"]}', '{"overdue":true}',
  '{"matterCode":"C1"}', '{"source":"CITIZEN_COMPLAINT"}', '{"statuses":["VERIFYING"],"overdue":false}',
}
function request()
  local body = '{"query":"' .. q .. '","variables":{"f":' .. filters[math.random(#filters)] .. '}}'
  return post("/graphql", tokens[math.random(#tokens)], body)
end

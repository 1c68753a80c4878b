-- wrk script: POST eligibility (all four methods, so the credit checks run) for a random
-- APV customer with a credit account. args: targets file, distributor, key
-- Every request is formatted once, in init, and there is no response() callback (with one, wrk
-- parses every answer into Lua on the same cores as the service): run.sh reports non-2xx answers
-- from wrk's own count and checks a sample of answers with curl after the run.
local requests = {}
local n = 0

function init(args)
  local path = "/v1/distributors/" .. args[2] .. "/eligibility"
  local headers = { ["Authorization"] = "Bearer " .. args[3], ["Content-Type"] = "application/json" }
  for line in io.lines(args[1]) do
    local doc = line:match("(%S+) %S+")
    local body = '{"document":"' .. doc .. '","email":"compras-' .. n .. '@cliente.com.br","cartTotal":1500.00}'
    n = n + 1
    requests[n] = wrk.format("POST", path, headers, body)
  end
  math.randomseed(os.time() + (tonumber(tostring({}):sub(8)) or 0))
end

function request()
  return requests[math.random(n)]
end

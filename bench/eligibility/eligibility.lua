-- wrk script: POST eligibility for a random (distributor, key, document) of targets.txt.
-- Every request is formatted once, in init: building it per request in Lua cost wrk ~10 µs of
-- CPU per call, taken from the same 2 cores as the service (the constant endpoint needs no script).
-- No response() callback either: with one, wrk parses every answer's headers into Lua; its own
-- "Non-2xx or 3xx responses" line (reported by run.sh) already tells a failed call.
local requests = {}
local n = 0

function init(args)
  for line in io.lines(args[1]) do
    local d, k, doc = line:match("(%S+) (%S+) (%S+)")
    n = n + 1
    local body = '{"document":"' .. doc .. '","email":"compras@cliente.com.br","cartTotal":1500.00}'
    requests[n] = wrk.format("POST", "/v1/distributors/" .. d .. "/eligibility",
      { ["Authorization"] = "Bearer " .. k, ["Content-Type"] = "application/json" }, body)
  end
  math.randomseed(os.time() + (tonumber(tostring({}):sub(8)) or 0))
end

function request()
  return requests[math.random(n)]
end

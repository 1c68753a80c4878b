-- wrk script: POST eligibility for a random (distributor, key, document) of targets.txt
local targets = {}
local n = 0

function init(args)
  for line in io.lines(args[1]) do
    local d, k, doc = line:match("(%S+) (%S+) (%S+)")
    n = n + 1
    targets[n] = { path = "/v1/distributors/" .. d .. "/eligibility", auth = "Bearer " .. k, doc = doc }
  end
  math.randomseed(os.time() + (tonumber(tostring({}):sub(8)) or 0))
end

function request()
  local t = targets[math.random(n)]
  local body = '{"document":"' .. t.doc .. '","email":"compras@cliente.com.br","cartTotal":1500.00}'
  return wrk.format("POST", t.path, { ["Authorization"] = t.auth, ["Content-Type"] = "application/json" }, body)
end

function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("unexpected status " .. status .. "\n")
  end
end

-- wrk script: POST eligibility (all four methods, so the credit checks run) for a random
-- APV customer with a credit account. args: targets file, distributor, key
local targets, n, path, auth = {}, 0, nil, nil

function init(args)
  for line in io.lines(args[1]) do
    local doc, account = line:match("(%S+) (%S+)")
    n = n + 1
    targets[n] = { doc = doc, i = n - 1 }
  end
  path = "/v1/distributors/" .. args[2] .. "/eligibility"
  auth = "Bearer " .. args[3]
  math.randomseed(os.time() + (tonumber(tostring({}):sub(8)) or 0))
end

function request()
  local t = targets[math.random(n)]
  local body = '{"document":"' .. t.doc .. '","email":"compras-' .. t.i .. '@cliente.com.br","cartTotal":1500.00}'
  return wrk.format("POST", path, { ["Authorization"] = auth, ["Content-Type"] = "application/json" }, body)
end

function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("unexpected status " .. status .. "\n")
  elseif not body:find('"BOLETO_FATURADO","allowed":true', 1, true) then
    io.stderr:write("credit refused: " .. body:sub(1, 200) .. "\n")
  end
end

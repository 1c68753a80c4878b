-- wrk script: POST a 1.00 hold with a fresh Idempotency-Key on a random account of the targets
-- file (or always the first one when args[4] == "hot"), for a new order each time (one hold per order:
-- the order id carries the thread's random prefix). args: targets file, distributor, key, mode
local accounts, n, base, auth, hot, counter, prefix = {}, 0, nil, nil, false, 0, nil

function init(args)
  for line in io.lines(args[1]) do
    local doc, account = line:match("(%S+) (%S+)")
    n = n + 1
    accounts[n] = account
  end
  base = "/v1/distributors/" .. args[2] .. "/credit-accounts/"
  auth = "Bearer " .. args[3]
  hot = args[4] == "hot"
  math.randomseed(os.time() + (tonumber(tostring({}):sub(8)) or 0))
  prefix = string.format("%x-%x", os.time(), math.random(0, 2147483647))
end

function request()
  counter = counter + 1
  local account = hot and accounts[1] or accounts[math.random(n)]
  return wrk.format("POST", base .. account .. "/holds", {
    ["Authorization"] = auth, ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = prefix .. "-" .. counter }, '{"amount":1.00,"orderId":"bench-' .. prefix .. '-' .. counter .. '"}')
end

function response(status, headers, body)
  if status ~= 201 then
    io.stderr:write("unexpected status " .. status .. "\n")
  end
end

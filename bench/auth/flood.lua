-- wrk script: a flood of bad keys. args[1] is the kind:
--   malformed  a token that cannot be a key, from a random address each time
--   unknown    a fresh well-shaped random key (a database look-up each) from a random address
--   repeated   one unknown key from one address (the failed-authentication limit answers 429)
-- Addresses go in X-Forwarded-For; the service trusts loopback as its proxy (run.sh sets it).
local kind
local alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
local last = "AEIMQUYcgkosw048"

local function pick(s)
  local i = math.random(#s)
  return s:sub(i, i)
end

local function key()
  local t = {"avk_"}
  for i = 1, 42 do t[#t + 1] = pick(alphabet) end
  t[#t + 1] = pick(last)
  return table.concat(t)
end

local function address()
  return "10." .. math.random(0, 255) .. "." .. math.random(0, 255) .. "." .. math.random(1, 254)
end

local repeated

function init(args)
  kind = args[1] or "malformed"
  math.randomseed(os.time() + (tonumber(tostring({}):sub(8)) or 0))
  repeated = wrk.format("GET", "/v1/me", { ["Authorization"] = "Bearer " .. key(),
    ["X-Forwarded-For"] = "203.0.113.66" })
end

function request()
  if kind == "repeated" then
    return repeated
  end
  local token = kind == "unknown" and key() or ("junk-" .. math.random(1e9))
  return wrk.format("GET", "/v1/me", { ["Authorization"] = "Bearer " .. token, ["X-Forwarded-For"] = address() })
end

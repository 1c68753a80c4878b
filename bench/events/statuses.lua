-- wrk script: POST a batch of 1,000 status updates. The bodies file has one JSON body per line,
-- in pairs over the same 1,000 documents (APV, then RPV): each thread walks its own half of the
-- pairs, and a document's next batch flips its status, so every item is APPLIED (an event each).
-- args: bodies file, distributor, key
local bodies, n, path, auth, counter, offset = {}, 0, nil, nil, 0, 0
local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(args[1]) do
    n = n + 1
    bodies[n] = line
  end
  path = "/v1/distributors/" .. args[2] .. "/customers/statuses"
  auth = "Bearer " .. args[3]
  offset = (tid or 0) * math.floor(n / 4) * 2
end

function request()
  -- pairs p = 0 .. n/2 - 1; this thread's are offset/2 ... ; pass parity picks APV or RPV
  local pairs = math.floor(n / 4)
  local pair = math.floor(offset / 2) + (counter % pairs)
  local pass = math.floor(counter / pairs) % 2
  counter = counter + 1
  return wrk.format("POST", path, { ["Authorization"] = auth, ["Content-Type"] = "application/json" },
    bodies[pair * 2 + pass + 1])
end

function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("unexpected status " .. status .. "\n")
  end
end

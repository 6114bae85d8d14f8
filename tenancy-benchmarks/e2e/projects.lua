-- wrk script of the end-to-end benchmark (run.sh). Environment:
--   E2E_SCENARIO  get | page | put | post
--   E2E_IDS       file of "tenant-key project-id" lines; requests pick a random line
-- Each request names the tenant in X-Tenant-ID, as the sample and the baseline expect.
-- done() prints one RESULT line that run.sh parses.

local scenario = os.getenv("E2E_SCENARIO") or "get"
local idsFile = os.getenv("E2E_IDS")
local keys, ids = {}, {}
local counter = 0

local function load()
  for line in io.lines(idsFile) do
    local key, id = line:match("^(%S+)%s+(%S+)$")
    if key then
      keys[#keys + 1] = key
      ids[#ids + 1] = id
    end
  end
  assert(#keys > 0, "no tenant/project pairs in " .. tostring(idsFile))
end

function init(args)
  load()
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)
end

function request()
  local i = math.random(#keys)
  local headers = { ["X-Tenant-ID"] = keys[i] }
  counter = counter + 1
  if scenario == "get" then
    return wrk.format("GET", "/api/projects/" .. ids[i], headers)
  elseif scenario == "page" then
    return wrk.format("GET", "/api/projects?page=0&size=20", headers)
  elseif scenario == "put" then
    headers["Content-Type"] = "application/json"
    return wrk.format("PUT", "/api/projects/" .. ids[i], headers, '{"name":"upd-' .. counter .. '"}')
  else
    headers["Content-Type"] = "application/json"
    return wrk.format("POST", "/api/projects", headers, '{"name":"ins-' .. counter .. '"}')
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d non2xx=%d socket_errors=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), e.status,
    e.connect + e.read + e.write + e.timeout))
end

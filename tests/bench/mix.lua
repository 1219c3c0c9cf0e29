-- wrk script: cycles through the requests listed in the file $BENCH_REQUESTS, one per line,
-- "METHOD PATH" or "METHOD PATH JSON-BODY", and counts responses by status class.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  requests = {}
  for line in io.lines(os.getenv("BENCH_REQUESTS")) do
    local method, path, body = line:match("^(%S+) (%S+) ?(.*)$")
    local headers = {}
    if body == "" then
      body = nil
    else
      headers["Content-Type"] = "application/json"
    end
    table.insert(requests, wrk.format(method, path, headers, body))
  end
  sent = 0
  s2, s3, s4, s5 = 0, 0, 0, 0
end

function request()
  sent = sent + 1
  return requests[(sent - 1) % #requests + 1]
end

function response(status, headers, body)
  if status >= 500 then s5 = s5 + 1
  elseif status >= 400 then s4 = s4 + 1
  elseif status >= 300 then s3 = s3 + 1
  else s2 = s2 + 1 end
end

function done(summary, latency, requests)
  local total = {s2 = 0, s3 = 0, s4 = 0, s5 = 0}
  for _, thread in ipairs(threads) do
    for name, _ in pairs(total) do total[name] = total[name] + thread:get(name) end
  end
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d 2xx=%d 3xx=%d 4xx=%d 5xx=%d non_2xx_3xx=%d " ..
    "connect_errors=%d read_errors=%d write_errors=%d timeouts=%d latency_p50_us=%d " ..
    "latency_p99_us=%d\n",
    summary.requests, summary.duration, total.s2, total.s3, total.s4, total.s5, e.status,
    e.connect, e.read, e.write, e.timeout, latency:percentile(50), latency:percentile(99)))
end

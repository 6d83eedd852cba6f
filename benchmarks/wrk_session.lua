-- wrk script: send the session (and form) cookies, optionally a POST body, and print the
-- figures run_load.py reads (wrk's own --latency output has no 95th percentile).
wrk.headers["Cookie"] = os.getenv("CW_COOKIE") or ""
local body = os.getenv("CW_BODY")
if body and #body > 0 then
  wrk.method = "POST"
  wrk.body = body
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end

done = function(summary, latency, requests)
  io.write(string.format(
    "CW_RESULT requests=%d duration_us=%d p50_us=%d p95_us=%d p99_us=%d max_us=%d " ..
    "non2xx=%d socket_errors=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end

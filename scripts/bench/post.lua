-- wrk script: POST the JSON body in the file named by $BODY (same body for every request).
local f = assert(io.open(os.getenv("BODY"), "r"))
wrk.method = "POST"
wrk.body = f:read("*a")
wrk.headers["Content-Type"] = "application/json"
if os.getenv("AUTH") then wrk.headers["Authorization"] = os.getenv("AUTH") end
f:close()

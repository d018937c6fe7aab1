-- SPDX-License-Identifier: Apache-2.0
-- post_regimen.lua - wrk script for bench/run: POST /v1/patients/ID/regimens.
--   wrk ... -s bench/post_regimen.lua URL -- NTHREADS LO HI
-- A patient may hold one active regimen per drug (else 409), so request i
-- (counted across all wrk threads) goes to patient LO + i mod N with drug
-- pramipexole, then ropinirole, then gabapentin on later rounds: 3 * N
-- requests succeed.  bench/run sizes the pool (LO..HI, pre-seeded without
-- regimens) well above what the run can send.
local drugs = {
   '"drug":"pramipexole","symptom_onset":"22:00"',
   '"drug":"ropinirole","symptom_onset":"22:00"',
   '"drug":"gabapentin","bedtime":"22:30"',
}
local nthreads, lo, n
local counter = 0

local created = 0
function setup(thread)
   thread:set("tid", created)
   created = created + 1
end

function init(args)
   nthreads = tonumber(args[1])
   lo = tonumber(args[2])
   n = tonumber(args[3]) - lo + 1
   wrk.headers["Content-Type"] = "application/json"
end

function request()
   local i = counter * nthreads + tid
   counter = counter + 1
   local d = drugs[math.floor(i / n) % #drugs + 1]
   local body = '{' .. d .. ',"start_date":"2026-12-01"}'
   return wrk.format("POST", "/v1/patients/" .. (lo + i % n) .. "/regimens", nil, body)
end

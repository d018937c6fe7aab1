-- SPDX-License-Identifier: Apache-2.0
-- post_medication.lua - wrk script for bench/run: POST /v1/patients/ID/medications.
--   wrk ... -s bench/post_medication.lua URL -- NTHREADS LO HI
-- Patients LO..HI (pre-seeded, no medications) in round-robin across all
-- wrk threads, so each patient's list stays short; names cycle through
-- recognised brands and generics (some raise flags, some do not) and one
-- unrecognised name.  Headers (Authorization) come from wrk -H.
local names = {
   "Zoloft 50 mg tablet", "omeprazole 20 mg", "Benadryl 25 mg", "lisinopril 10 mg",
   "Cymbalta 60 mg capsule", "atorvastatin 20 mg", "metoclopramide 10 mg", "Grandma's sleepy tea",
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
   local body = string.format('{"name":"%s","started":"2026-11-01"}', names[i % #names + 1])
   return wrk.format("POST", "/v1/patients/" .. (lo + i % n) .. "/medications", nil, body)
end

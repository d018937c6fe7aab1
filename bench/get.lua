-- SPDX-License-Identifier: Apache-2.0
-- get.lua - wrk script for bench/run: GET a path with a random id.
--   wrk ... -s bench/get.lua URL -- TEMPLATE LO HI
-- TEMPLATE is a string.format pattern with one %d, e.g.
-- "/v1/regimens/%d/calendar?from=2026-12-01&to=2027-03-30"; the id is
-- uniform in [LO, HI], so every stored row is equally likely (no single
-- hot row).  Headers (Authorization) come from wrk -H.
local template, lo, hi

local nthreads = 0
function setup(thread)
   thread:set("tid", nthreads)
   nthreads = nthreads + 1
end

function init(args)
   template = args[1]
   lo = tonumber(args[2])
   hi = tonumber(args[3])
   math.randomseed(os.time() * 100 + (tid or 0))
end

function request()
   return wrk.format("GET", string.format(template, math.random(lo, hi)))
end

-- wrk script for the ingest server benchmark (bench/server.py runs it):
--
--   SZPON_BENCH_SITE=… SZPON_BENCH_QUIZ_HASH=… SZPON_BENCH_SURVEY_HASH=… \
--   wrk -t2 -c64 -d20s --latency -s bench/sync.lua http://127.0.0.1:PORT/api/v1/sync
--
-- Every request is POST /api/v1/sync with a batch of NEW records (SZPON_BENCH_BATCH,
-- default 50): half exam attempts with responses (the server rescores them against
-- the answer keys), half survey responses, as docs/learning.md "Records" describes.
-- Each record has a unique id shaped as a version 4 UUID, made from the thread's
-- number, a per-thread counter and random bits, so no record is a duplicate.
--
-- response() counts the answers by status and the records answered "stored"; done()
-- prints one line starting with "szpon-bench:" that bench/server.py parses.

local site = os.getenv("SZPON_BENCH_SITE") or "bench-site"
local quiz_hash = os.getenv("SZPON_BENCH_QUIZ_HASH") or "0"
local survey_hash = os.getenv("SZPON_BENCH_SURVEY_HASH") or "0"
local batch = tonumber(os.getenv("SZPON_BENCH_BATCH") or "50")

-- ------------------------------------------------------------ main thread

local threads = {}
local next_id = 0

function setup(thread)
    next_id = next_id + 1
    thread:set("thread_id", next_id)
    table.insert(threads, thread)
end

-- ------------------------------------------------------------ each thread
-- Globals below live in each thread's own Lua state; done() reads them with thread:get.

built = 0        -- requests built (each carries `batch` records)
ok200 = 0        -- answers with status 200
non200 = 0       -- any other status
s429 = 0         -- of which 429 (rate limited)
s5xx = 0         -- of which 5xx
stored = 0       -- records answered "stored"

local counter = 0
local salt1, salt2

function init(args)
    local tid = thread_id or 0
    math.randomseed(os.time() * 1000 + tid * 7919)
    salt1 = math.random(0, 65535)
    salt2 = math.random(0, 65535)
end

local function r16()
    return math.random(0, 65535)
end

-- xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx: salt, thread number, random, variant + random,
-- random + counter (32 bits). Unique within a run by (thread, counter).
local function uuid()
    counter = counter + 1
    local hi = math.floor(counter / 65536) % 65536
    local lo = counter % 65536
    return string.format("%04x%04x-%04x-4%03x-%04x-%04x%04x%04x",
        salt1, salt2, (thread_id or 0) % 65536, math.random(0, 4095),
        32768 + math.random(0, 16383), r16(), hi, lo)
end

local function stamp(minute, second)
    return string.format("2026-11-23T10:%02d:%02d.%03dZ", minute, second, math.random(0, 999))
end

local singles = { "0", "1", "2" }
local multiples = { "[0,2]", "[0]", "[2,0]", "[1,2]", "[]" }
local shorts = { '"papier"', '"Papier "', '"szkło"', '""' }
local texts = {
    '"Dobry kurs, przydatne przykłady."',
    '"Za mało ćwiczeń z segregacji odpadów wielkogabarytowych."',
    '""',
    '"Wszystko jasne. Proszę o więcej pytań na końcu każdej lekcji."',
}

local function attempt()
    local n = counter
    local started = stamp(math.random(0, 29), math.random(0, 59))
    local finished = stamp(math.random(30, 59), math.random(0, 59))
    return table.concat({
        '{"id":"', uuid(), '","kind":"attempt","site":"', site, '","bundle":"site","contentHash":"', quiz_hash,
        '","createdAt":"', finished, '","device":"', string.format("%04x%04x-%d-%d", salt1, salt2, thread_id or 0, n % 500),
        '","payload":{"quiz":"test-koncowy","course":"kurs","lesson":"test","page":"courses/kurs/01-test.html",',
        '"attempt":', tostring(1 + n % 3), ',"seed":', tostring(math.random(1, 2147483647)),
        ',"questions":["pojemnik","sklad","papier","nazwa"],"options":{},"responses":{',
        '"pojemnik":', singles[math.random(#singles)],
        ',"sklad":', multiples[math.random(#multiples)],
        ',"papier":', (math.random(0, 3) == 0) and "false" or "true",
        ',"nazwa":', shorts[math.random(#shorts)],
        '},"startedAt":"', started, '","finishedAt":"', finished, '","timedOut":false,"score":null}}',
    })
end

local function survey_response()
    return table.concat({
        '{"id":"', uuid(), '","kind":"survey_response","site":"', site, '","bundle":"site","contentHash":"', survey_hash,
        '","createdAt":"', stamp(math.random(0, 59), math.random(0, 59)), '","device":null,',
        '"payload":{"survey":"ankieta","page":"surveys/ankieta.html","responses":{',
        '"ocena":', tostring(math.random(0, 10)),
        ',"jasnosc":', tostring(math.random(0, 4)),
        ',"uwagi":', texts[math.random(#texts)],
        '}}}',
    })
end

local headers = { ["Content-Type"] = "application/json" }

function request()
    built = built + 1
    local parts = {}
    for i = 1, batch do
        if i % 2 == 1 then parts[i] = attempt() else parts[i] = survey_response() end
    end
    return wrk.format("POST", nil, headers, '{"records":[' .. table.concat(parts, ",") .. ']}')
end

function response(status, _headers, body)
    if status == 200 then
        ok200 = ok200 + 1
        local _, n = string.gsub(body, '"status":"stored"', "")
        stored = stored + n
    else
        non200 = non200 + 1
        if status == 429 then s429 = s429 + 1 end
        if status >= 500 then s5xx = s5xx + 1 end
    end
end

-- ------------------------------------------------------------ main thread, at the end

function done(summary, latency, _requests)
    local t = { built = 0, ok200 = 0, non200 = 0, s429 = 0, s5xx = 0, stored = 0 }
    for _, thread in ipairs(threads) do
        for k, _ in pairs(t) do t[k] = t[k] + (thread:get(k) or 0) end
    end
    local e = summary.errors
    io.write(string.format(
        "szpon-bench: batch=%d built=%d ok200=%d non200=%d s429=%d s5xx=%d stored=%d " ..
        "requests=%d duration_us=%d bytes=%d connect_errors=%d read_errors=%d write_errors=%d " ..
        "status_errors=%d timeouts=%d p50_us=%d p90_us=%d p99_us=%d mean_us=%.0f max_us=%d\n",
        batch, t.built, t.ok200, t.non200, t.s429, t.s5xx, t.stored,
        summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
        latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.mean, latency.max))
end

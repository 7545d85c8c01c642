import Foundation

/// A token bucket per client: `rate` requests per second on average, bursts of
/// `2 × rate`. A refused client is told when to come back (Retry-After).
actor RateLimiter {
    private struct Bucket {
        var tokens: Double
        var updated: Double
    }

    private let rate: Double
    private let burst: Double
    private var buckets: [String: Bucket] = [:]

    init(rate: Double) {
        self.rate = rate
        self.burst = max(1, rate * 2)
    }

    /// nil when allowed, else the seconds to wait.
    func take(_ client: String, now: Double = Date().timeIntervalSinceReferenceDate) -> Int? {
        var bucket = buckets[client] ?? Bucket(tokens: burst, updated: now)
        bucket.tokens = min(burst, bucket.tokens + (now - bucket.updated) * rate)
        bucket.updated = now
        defer {
            buckets[client] = bucket
            // Forget idle clients now and then, so the table cannot grow without bound.
            if buckets.count > 10_000 { buckets = buckets.filter { now - $0.value.updated < 60 } }
        }
        if bucket.tokens >= 1 {
            bucket.tokens -= 1
            return nil
        }
        // A tiny rate (--rate-limit 1e-300) gives a wait no Int can hold; a day is long enough.
        let wait = ((1 - bucket.tokens) / rate).rounded(.up)
        return wait.isFinite ? max(1, Int(min(wait, 86_400))) : 86_400
    }
}

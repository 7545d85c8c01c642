import Foundation

/// A token bucket per client: `rate` requests per second on average, bursts of
/// `2 × rate`. A refused client is told when to come back (Retry-After).
///
/// The table holds at most `capacity` clients. When it is full, the clients idle
/// longest are forgotten (a forgotten client starts again with a full bucket, which
/// is the worst that can happen to the limit); the eviction runs once per
/// `capacity / 8` new clients, so its cost is spread thin instead of re-filtering
/// the whole table on every request.
actor RateLimiter {
    private struct Bucket {
        var tokens: Double
        var updated: Double
    }

    private let rate: Double
    private let burst: Double
    private let capacity: Int
    private var buckets: [String: Bucket] = [:]

    init(rate: Double, capacity: Int = 10_000) {
        self.rate = rate
        self.burst = max(1, rate * 2)
        self.capacity = max(8, capacity)
    }

    var count: Int { buckets.count }
    func knows(_ client: String) -> Bool { buckets[client] != nil }

    /// nil when allowed, else the seconds to wait.
    func take(_ client: String, now: Double = Date().timeIntervalSinceReferenceDate) -> Int? {
        var bucket = buckets[client] ?? Bucket(tokens: burst, updated: now)
        bucket.tokens = min(burst, bucket.tokens + max(0, now - bucket.updated) * rate)
        bucket.updated = max(bucket.updated, now)
        if buckets[client] == nil, buckets.count >= capacity { evict() }
        defer { buckets[client] = bucket }
        if bucket.tokens >= 1 {
            bucket.tokens -= 1
            return nil
        }
        // A tiny rate (--rate-limit 1e-300) gives a wait no Int can hold; a day is long enough.
        let wait = ((1 - bucket.tokens) / rate).rounded(.up)
        return wait.isFinite ? max(1, Int(min(wait, 86_400))) : 86_400
    }

    /// Drops the longest-idle eighth of the table.
    private func evict() {
        let keep = capacity - capacity / 8
        let survivors = buckets.sorted { $0.value.updated > $1.value.updated }.prefix(keep)
        buckets = Dictionary(uniqueKeysWithValues: survivors.map { ($0.key, $0.value) })
    }
}

import Foundation

/// Failed admin sign-ins per client (`/admin/login` and the admin API together).
///
/// Only failures count, so a client that signs in right is never held back. The first
/// `freeFailures` (5) cost nothing; from then on each failure makes the client wait before
/// its next try, 10 s longer each time (10 s, 20 s, …); from the `lockAfter`th (20th) on,
/// each failure locks it out for `lockout` (15 minutes). While a client waits, every try is
/// answered 429 with Retry-After, unchecked: a right guess would otherwise still tell itself
/// apart. A client's failures are forgotten `forgetAfter` (an hour) after its last one.
///
/// Like `RateLimiter`, the table holds at most `capacity` clients, and forgets those whose
/// last failure is oldest when it is full.
actor AdminAttemptLimiter {
    struct Policy: Sendable {
        var freeFailures = 5
        var slowStep: Double = 10
        var lockAfter = 20
        var lockout: Double = 15 * 60
        var forgetAfter: Double = 60 * 60
        var capacity = 10_000
    }

    private struct Entry {
        var failures = 0
        var last: Double
        var blockedUntil: Double
    }

    let policy: Policy
    private var entries: [String: Entry] = [:]

    init(policy: Policy = Policy()) {
        self.policy = policy
    }

    /// nil when the client may try now, else the seconds it must wait.
    func wait(_ client: String, now: Double = Date().timeIntervalSinceReferenceDate) -> Int? {
        guard let entry = entries[client] else { return nil }
        if now - entry.last > policy.forgetAfter {
            entries[client] = nil
            return nil
        }
        guard entry.blockedUntil > now else { return nil }
        return max(1, Int((entry.blockedUntil - now).rounded(.up)))
    }

    /// Counts a failed try.
    func failed(_ client: String, now: Double = Date().timeIntervalSinceReferenceDate) {
        var entry = entries[client] ?? Entry(last: now, blockedUntil: 0)
        if now - entry.last > policy.forgetAfter { entry = Entry(last: now, blockedUntil: 0) }
        if entries[client] == nil, entries.count >= policy.capacity { evict(now: now) }
        entry.failures += 1
        entry.last = now
        if entry.failures >= policy.lockAfter {
            entry.blockedUntil = now + policy.lockout
        } else if entry.failures >= policy.freeFailures {
            entry.blockedUntil = now + policy.slowStep * Double(entry.failures - policy.freeFailures + 1)
        }
        entries[client] = entry
    }

    var count: Int { entries.count }

    /// Drops the forgotten clients, then, if that is not enough, the eighth whose last
    /// failure is oldest.
    private func evict(now: Double) {
        entries = entries.filter { now - $0.value.last <= policy.forgetAfter }
        guard entries.count >= policy.capacity else { return }
        let keep = policy.capacity - policy.capacity / 8
        let survivors = entries.sorted { $0.value.last > $1.value.last }.prefix(keep)
        entries = Dictionary(uniqueKeysWithValues: survivors.map { ($0.key, $0.value) })
    }
}

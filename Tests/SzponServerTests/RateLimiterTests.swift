import Testing
@testable import SzponServer

/// The limiter's clock is a parameter, so refill and burst are driven exactly.
@Suite struct RateLimiterTests {
    @Test func aNewClientMayBurstTwiceTheRate() async {
        let limiter = RateLimiter(rate: 5)
        for _ in 0..<10 { #expect(await limiter.take("a", now: 100) == nil) }
        #expect(await limiter.take("a", now: 100) == 1)
    }

    @Test func tokensRefillAtTheRate() async {
        let limiter = RateLimiter(rate: 2)
        for _ in 0..<4 { #expect(await limiter.take("a", now: 0) == nil) }
        #expect(await limiter.take("a", now: 0) != nil)
        // Half a second at 2/s is one token.
        #expect(await limiter.take("a", now: 0.5) == nil)
        #expect(await limiter.take("a", now: 0.5) != nil)
        // A long rest refills up to the burst, not beyond.
        for _ in 0..<4 { #expect(await limiter.take("a", now: 1000) == nil) }
        #expect(await limiter.take("a", now: 1000) != nil)
    }

    @Test func aRefusedClientIsToldWhenToComeBack() async {
        let limiter = RateLimiter(rate: 0.1)
        #expect(await limiter.take("a", now: 0) == nil)
        // Burst is max(1, 2 × 0.1) = 1 token; the next one comes after 10 s.
        #expect(await limiter.take("a", now: 0) == 10)
        #expect(await limiter.take("a", now: 5) == 5)
        #expect(await limiter.take("a", now: 10) == nil)
    }

    @Test func clientsHaveTheirOwnBuckets() async {
        let limiter = RateLimiter(rate: 1)
        #expect(await limiter.take("a", now: 0) == nil)
        #expect(await limiter.take("a", now: 0) == nil)
        #expect(await limiter.take("a", now: 0) != nil)
        #expect(await limiter.take("b", now: 0) == nil)
    }

    @Test func theTableIsCappedByEvictingTheLongestIdle() async {
        let limiter = RateLimiter(rate: 1, capacity: 100)
        for client in 0..<100 { _ = await limiter.take("c\(client)", now: Double(client)) }
        #expect(await limiter.count == 100)
        _ = await limiter.take("new", now: 200)
        #expect(await limiter.count <= 100)
        // The most recent clients kept their spent tokens; the oldest was forgotten.
        #expect(await limiter.knows("new"))
        #expect(await limiter.knows("c99"))
        #expect(!(await limiter.knows("c0")))
    }
}

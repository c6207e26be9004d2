import Foundation
@testable import LadderTranslate
import Testing

/// The rate limiter on its own: requests evenly spaced, tokens over a sliding window, pauses shared.
struct PacingTests {
    @Test func tokensPerMinuteWaitForTheWindowAndSettledCountsReplaceEstimates() {
        // A "minute" of 0.6 s (time_scale 0.01), 400 tokens in it.
        let limiter = RateLimiter(requestsPerMinute: 600_000, tokensPerMinute: 400, timeScale: 0.01)
        let start = Date()
        let first = limiter.acquire(tokens: 300, shouldStop: { false })
        _ = limiter.acquire(tokens: 300, shouldStop: { false })
        #expect(Date().timeIntervalSince(start) >= 0.55)          // waited for the first to leave the window
        limiter.settle(first!, tokens: 0)
        let again = Date()
        limiter.settle(2, tokens: 50)
        _ = limiter.acquire(tokens: 300, shouldStop: { false })   // 50 + 300 fit
        #expect(Date().timeIntervalSince(again) < 0.3)
    }

    @Test func concurrentCallersAreSpacedByTheIntervalBetweenThem() {
        // 600 a minute: six calls from three threads cannot all start within less than 5 intervals.
        let limiter = RateLimiter(requestsPerMinute: 600, tokensPerMinute: nil, timeScale: 1)
        let start = Date()
        DispatchQueue.concurrentPerform(iterations: 3) { _ in
            for _ in 0..<2 { _ = limiter.acquire(tokens: 1, shouldStop: { false }) }
        }
        #expect(Date().timeIntervalSince(start) >= 0.5)
    }

    @Test func pausesApplyToEveryCallerAndAStopEndsTheWait() {
        let limiter = RateLimiter(requestsPerMinute: 600_000, tokensPerMinute: nil, timeScale: 1)
        limiter.pause(0.3)
        let start = Date()
        _ = limiter.acquire(tokens: 1, shouldStop: { false })
        #expect(Date().timeIntervalSince(start) >= 0.25)
        limiter.pause(30)
        let stopAt = Date().addingTimeInterval(0.2)
        #expect(limiter.acquire(tokens: 1, shouldStop: { Date() > stopAt }) == nil)
    }
}

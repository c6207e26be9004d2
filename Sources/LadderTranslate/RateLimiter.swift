import Foundation

/// Paces call starts: at most `requestsPerMinute` (evenly spaced) and, when
/// set, `tokensPerMinute` over a sliding minute. Every wait is multiplied by
/// `timeScale` (tests run the same code with tiny waits). A 429's
/// `Retry-After` pauses every worker, not only the one that got it.
final class RateLimiter: @unchecked Sendable {
    private let lock = NSLock()
    private let interval: TimeInterval
    private let tokensPerMinute: Double?
    private let window: TimeInterval
    private var nextStart: Date = .distantPast
    private var spent: [(at: Date, tokens: Int, ticket: Int)] = []
    private var tickets = 0

    init(requestsPerMinute: Double, tokensPerMinute: Double?, timeScale: Double) {
        interval = 60 / requestsPerMinute * timeScale
        self.tokensPerMinute = tokensPerMinute
        window = 60 * timeScale
    }

    /// Waits for a slot for a call of about `tokens` tokens; returns a ticket, or nil when
    /// `shouldStop` turned true while waiting.
    func acquire(tokens: Int, shouldStop: () -> Bool) -> Int? {
        while true {
            if shouldStop() { return nil }
            lock.lock()
            let now = Date()
            spent.removeAll { now.timeIntervalSince($0.at) >= window }
            var wait = nextStart.timeIntervalSince(now)
            if wait <= 0, let tpm = tokensPerMinute, !spent.isEmpty {
                let used = spent.reduce(0) { $0 + $1.tokens }
                if Double(used + tokens) > tpm, let oldest = spent.first {
                    wait = window - now.timeIntervalSince(oldest.at)
                }
            }
            if wait <= 0 {
                nextStart = now.addingTimeInterval(interval)
                tickets += 1
                spent.append((now, tokens, tickets))
                let t = tickets
                lock.unlock()
                return t
            }
            lock.unlock()
            Thread.sleep(forTimeInterval: min(max(wait, 0.001), 0.05))
        }
    }

    /// Replaces a call's estimated tokens by what the provider counted.
    func settle(_ ticket: Int, tokens: Int) {
        lock.lock(); defer { lock.unlock() }
        if let i = spent.firstIndex(where: { $0.ticket == ticket }) { spent[i].tokens = tokens }
    }

    /// No call starts for `seconds` (already scaled) from now.
    func pause(_ seconds: TimeInterval) {
        lock.lock(); defer { lock.unlock() }
        let until = Date().addingTimeInterval(seconds)
        if until > nextStart { nextStart = until }
    }
}

import Foundation

/// What the calls for one item cost and how they went. Tokens and cost count
/// the answers the item used; `httpAttempts`, `cachedCalls` and latency vary
/// between a resumed and an uninterrupted run, so they go to the ledger row
/// in the database, never into the output.
public struct CallStats: Sendable, Equatable {
    /// Answers used (one per call the item needed).
    public var calls = 0
    /// Of those, answers read from the response cache (paid by an earlier attempt).
    public var cachedCalls = 0
    /// HTTP requests sent, retries included.
    public var httpAttempts = 0
    /// Retries after a 429, a 5xx, a time-out or a broken connection.
    public var retries = 0
    public var inputTokens = 0
    public var outputTokens = 0
    public var costUSD = 0.0
    public var latencySeconds = 0.0

    public init() {}

    mutating func add(_ o: CallStats) {
        calls += o.calls
        cachedCalls += o.cachedCalls
        httpAttempts += o.httpAttempts
        retries += o.retries
        inputTokens += o.inputTokens
        outputTokens += o.outputTokens
        costUSD += o.costUSD
        latencySeconds += o.latencySeconds
    }
}

import Foundation

/// Why a translate attempt stopped before every item was tried.
public enum TranslateStop: Sendable, Equatable {
    /// `max_wall_seconds` passed.
    case wallTime(limit: Double)
    /// This run's estimated spend reached `budget_usd`.
    case budget(spent: Double, budget: Double)
    /// The provider refused the API key (HTTP 401/403).
    case auth(String)
    /// The run was stopped (Ctrl-C).
    case cancelled

    /// The exit status the step's attempt records (docs/translate.md).
    public var exitStatus: Int32 {
        switch self {
        case .wallTime: return 76
        case .budget: return 77
        case .auth: return 78
        case .cancelled: return 130
        }
    }

    public var reason: String {
        switch self {
        case .wallTime(let l):
            return "translate: wall-time breaker tripped after \(Self.format(l)) s (max_wall_seconds); in-flight calls were drained, finished items are kept, run again to resume"
        case .budget(let s, let b):
            return "translate: spend breaker tripped: this run spent an estimated $\(Self.format(s)) of budget_usd $\(Self.format(b)); finished items and paid answers are kept, run again to resume with a new budget"
        case .auth(let m):
            return "translate: the provider refused the API key: \(m)"
        case .cancelled:
            return "translate: stopped by the user"
        }
    }

    static func format(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e12 ? String(Int(x)) : String(format: "%.4f", x)
    }
}

/// The wall-time and spend breakers (and the stop switch for a refused key or
/// Ctrl-C): checked before every call; once tripped, no call starts, calls in
/// flight finish and their items go to the ledger.
final class Breaker: @unchecked Sendable {
    private let lock = NSLock()
    private var stop: TranslateStop?
    private let deadline: Date?
    private let limit: Double?
    private let budget: Double?
    private let spend: SpendTally
    private let cancelled: @Sendable () -> Bool

    init(maxWallSeconds: Double?, budget: Double?, spend: SpendTally, start: Date = Date(), cancelled: @escaping @Sendable () -> Bool) {
        deadline = maxWallSeconds.map { start.addingTimeInterval($0) }
        limit = maxWallSeconds
        self.budget = budget
        self.spend = spend
        self.cancelled = cancelled
    }

    /// Trips (the first reason wins).
    func trip(_ reason: TranslateStop) {
        lock.lock(); defer { lock.unlock() }
        if stop == nil { stop = reason }
    }

    /// The reason it tripped, after checking the clock, the spend and the stop switch.
    var tripped: TranslateStop? {
        if cancelled() { trip(.cancelled) }
        if let deadline, let limit, Date() >= deadline { trip(.wallTime(limit: limit)) }
        if let budget {
            let s = spend.thisRun
            if s >= budget { trip(.budget(spent: s, budget: budget)) }
        }
        lock.lock(); defer { lock.unlock() }
        return stop
    }

    var isTripped: Bool { tripped != nil }
}

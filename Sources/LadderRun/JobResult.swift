import Foundation
import LadderCore
import LadderStore

/// What a step run by `ladder exec-step` left in the store for the head:
/// its attempts, its ledger reports and how it ended. The head ingests it into
/// the state database (`JobIngest`); nothing else is needed from the node.
public struct JobResult: Codable, Sendable, Equatable {
    public struct Attempt: Codable, Sendable, Equatable {
        public var number: Int
        /// Seconds since 1970 (the attempt record's times; never in step outputs).
        public var started: Double
        public var ended: Double
        /// `succeeded`, `failed` or `interrupted`.
        public var status: String
        public var reason: String?
        /// Output name → object hash, when it succeeded.
        public var outputs: [String: String]?
        /// Metric name → JSON text, when it succeeded.
        public var metrics: [String: String]?
        public var exitStatus: Int32?
        /// The attempt's captured log, a file name in the job's directory.
        public var log: String?
        public var host: String
        public var resources: String
    }

    /// One ledger row as reported (attempts: what this report adds).
    public struct Item: Codable, Sendable, Equatable {
        public var id: String
        public var status: String
        public var attempts: Int
        public var error: String?
        public var extra: String?
    }

    /// The step's execution key.
    public var key: String
    public var attempts: [Attempt] = []
    /// Ledger reports in the order the engine made them.
    public var ledger: [[Item]] = []
    /// `succeeded`, `failed` or `interrupted`.
    public var status: String = "failed"
    /// The output object, when it succeeded.
    public var output: String?
    public var reason: String?

    public init(key: String) { self.key = key }

    /// The step's end as the scheduler sees it.
    public var end: StepEnd {
        switch status {
        case "succeeded":
            guard let o = output, let h = try? ObjectHash(o) else { return .failed("the job reported success without an output") }
            return .succeeded(h)
        case "interrupted": return .interrupted
        default: return .failed(reason ?? "the job failed without a reason")
        }
    }

    /// Seconds from the first attempt's start to the last one's end.
    public var seconds: Double {
        guard let a = attempts.first, let b = attempts.last else { return 0 }
        return max(0, b.ended - a.started)
    }
}

import Foundation

/// Where one attempt stands.
public enum AttemptStatus: String, Sendable, Codable, CaseIterable {
    case running, succeeded, failed, interrupted
}

/// One try at running a step's engine (a step with retries has several).
public struct AttemptRecord: Sendable, Equatable {
    public var id: Int64
    public var stepKey: String
    /// The run that made it (nil for ad-hoc or deleted runs).
    public var runID: Int64?
    /// 1, 2, ... per step key, across runs.
    public var number: Int
    public var started: Date
    public var ended: Date?
    public var status: AttemptStatus
    /// The engine process's exit status, when there was a process that exited.
    public var exitStatus: Int32?
    /// Why it failed, in words ("exit status 3", "timed out after 600 s", ...).
    public var reason: String?
    public var host: String
    /// The resources granted (cpus, gpus, memory), as JSON.
    public var resourcesJSON: String
    /// The stored stdout/stderr capture (`ladder log`).
    public var logHash: ObjectHash?
}

/// How an attempt ended, as the runner reports it to `finishAttempt`.
public enum AttemptEnd: Sendable {
    /// The engine succeeded; its outputs (output name → stored object) and
    /// metrics (metric name → JSON value) replace those recorded before for
    /// the step, in the same transaction that marks it succeeded.
    case succeeded(outputs: [String: ObjectHash], metrics: [String: String])
    /// The engine failed; `reason` says why.
    case failed(reason: String)
    /// The runner stopped it (Ctrl-C) before it finished.
    case interrupted(reason: String)
}

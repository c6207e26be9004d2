import Foundation

/// Where a step (identified by its key, across all runs) stands.
public enum StepStatus: String, Sendable, Codable, CaseIterable {
    /// Known from a plan, never attempted.
    case planned
    /// An attempt is in progress.
    case running
    /// Its latest finished attempt succeeded and recorded its outputs.
    case succeeded
    /// Its latest finished attempt failed.
    case failed
    /// Its attempt was cut short by the death of the process running it.
    case interrupted
}

/// A step as stored in the `steps` table: what its key was made of, kept so
/// `ladder explain` and `ladder diff` can say why two keys differ. The JSON
/// fields are stored as given (pass canonical JSON) and must be valid JSON.
public struct StepRecord: Sendable, Equatable {
    /// The step key (hex SHA-256 from the planner).
    public var key: String
    /// The engine's name.
    public var engine: String
    /// Which step this is for people: condition, axis values, step name.
    public var identityJSON: String
    /// Resolved parameters.
    public var paramsJSON: String
    /// Everything hashed into the key: engine fingerprint, parameters, input hashes.
    public var ingredientsJSON: String
    /// Set by attempts; `upsertSteps` never changes it for a known key.
    public var status: StepStatus
    /// Last change of this row.
    public var updated: Date

    public init(key: String, engine: String, identityJSON: String = "{}", paramsJSON: String = "{}",
                ingredientsJSON: String = "{}", status: StepStatus = .planned, updated: Date = Date()) {
        self.key = key
        self.engine = engine
        self.identityJSON = identityJSON
        self.paramsJSON = paramsJSON
        self.ingredientsJSON = ingredientsJSON
        self.status = status
        self.updated = updated
    }
}

/// What one run did with one step.
public enum StepOutcome: String, Sendable, Codable, CaseIterable {
    /// Ran an engine and it succeeded.
    case executed
    /// Its outputs were already stored and valid; nothing ran.
    case reused
    /// Ran and failed (after any retries).
    case failed
    /// Not run because something it depends on failed (or `--only` left it out).
    case skipped
    /// The run died while the step was in progress.
    case interrupted
}

/// One row of `run_steps`: a step's outcome in a run, with timing.
public struct RunStepRecord: Sendable, Equatable {
    public var runID: Int64
    public var stepKey: String
    public var outcome: StepOutcome
    public var started: Date?
    public var ended: Date?
    /// Wall seconds spent on the step in this run (0 for reused).
    public var seconds: Double?
    /// Why it failed or was skipped, for `ladder status`.
    public var reason: String?

    public init(runID: Int64, stepKey: String, outcome: StepOutcome, started: Date? = nil, ended: Date? = nil,
                seconds: Double? = nil, reason: String? = nil) {
        self.runID = runID
        self.stepKey = stepKey
        self.outcome = outcome
        self.started = started
        self.ended = ended
        self.seconds = seconds
        self.reason = reason
    }
}

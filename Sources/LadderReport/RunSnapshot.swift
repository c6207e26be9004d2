import Foundation
import LadderAnalysis

/// What a step is, independent of its inputs' content: the condition it
/// serves, the axis values of its cell, the step template's name and the
/// engine. Two runs' steps with the same identity are the "same step";
/// a different key then means something it depends on changed.
public struct StepIdentity: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var condition: String
    /// Axis values of the condition's cell (for example lang=zh, tier=5k, seed=42).
    public var axes: [String: String]
    public var step: String
    public var engine: String

    public init(condition: String, axes: [String: String] = [:], step: String, engine: String) {
        self.condition = condition
        self.axes = axes
        self.step = step
        self.engine = engine
    }

    /// Axis values as `name=value` in name order.
    public var axesText: String {
        axes.keys.sorted().map { "\($0)=\(axes[$0]!)" }.joined(separator: " ")
    }

    public var description: String {
        axes.isEmpty ? "\(condition) \(step) (\(engine))" : "\(condition) [\(axesText)] \(step) (\(engine))"
    }

    public static func < (a: StepIdentity, b: StepIdentity) -> Bool {
        if a.condition != b.condition { return NaturalOrder.less(a.condition, b.condition) }
        if a.axesText != b.axesText { return NaturalOrder.less(a.axesText, b.axesText) }
        if a.step != b.step { return a.step < b.step }
        return a.engine < b.engine
    }
}

/// What became of a step in a run.
public enum StepStatus: String, Sendable, Codable, CaseIterable {
    case executed, reused, failed, skipped, pending
}

/// One step of a run: its identity, its key, and the ingredients the key was
/// hashed from, so a changed key can be explained ingredient by ingredient.
public struct StepRecord: Sendable, Codable, Equatable {
    public var identity: StepIdentity
    public var key: String
    /// Ingredient name → canonical value: parameter names, `engine.version`,
    /// `input.<name>` → upstream key, table and pack hashes.
    public var ingredients: [String: String]
    public var status: StepStatus?
    /// Wall-clock seconds of the attempt that produced the result (nil when reused or not run).
    public var seconds: Double?

    public init(identity: StepIdentity, key: String, ingredients: [String: String] = [:], status: StepStatus? = nil, seconds: Double? = nil) {
        self.identity = identity
        self.key = key
        self.ingredients = ingredients
        self.status = status
        self.seconds = seconds
    }
}

/// A condition as the ladder describes it, for readers who were not there.
public struct ConditionInfo: Sendable, Codable, Equatable {
    public var name: String
    /// What this condition isolates, in one sentence, from the ladder.
    public var isolates: String
    /// The condition the ladder declares this arm under (`condition-2` for
    /// `condition-2-zh-5k`); nil when it is the same as `name` or unknown.
    public var declared: String?
    public init(name: String, isolates: String, declared: String? = nil) {
        self.name = name
        self.isolates = isolates
        self.declared = declared
    }

    /// The declared condition, else the name itself.
    public var condition: String { declared ?? name }
}

/// Everything the diff and the report need from one run, filled by whoever
/// reads the store; this module never reads it itself.
public struct RunSnapshot: Sendable {
    public var runId: String
    public var name: String
    public var ladder: String
    public var ladderHash: String
    public var startedAt: String?
    public var finishedAt: String?
    public var host: String?
    public var steps: [StepRecord]
    /// Scored rows, per observation and scorer.
    public var observations: [ScoredObservation]
    /// Observations the plan expects (gaps are found against these).
    public var expected: [ObservationKey]
    public var conditions: [ConditionInfo]
    /// Scorer name → fingerprint (the content hash of its code and tables).
    public var scorerFingerprints: [String: String]
    public var analysis: AnalysisConfig

    public init(runId: String, name: String = "", ladder: String = "", ladderHash: String = "", startedAt: String? = nil,
                finishedAt: String? = nil, host: String? = nil, steps: [StepRecord] = [], observations: [ScoredObservation] = [],
                expected: [ObservationKey] = [], conditions: [ConditionInfo] = [], scorerFingerprints: [String: String] = [:],
                analysis: AnalysisConfig = AnalysisConfig()) {
        self.runId = runId
        self.name = name
        self.ladder = ladder
        self.ladderHash = ladderHash
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.host = host
        self.steps = steps
        self.observations = observations
        self.expected = expected
        self.conditions = conditions
        self.scorerFingerprints = scorerFingerprints
        self.analysis = analysis
    }

    /// "id (name)" or just the id.
    public var label: String { name.isEmpty || name == runId ? runId : "\(runId) (\(name))" }

    /// Runs the analysis over this snapshot's rows.
    public func analyze(config: AnalysisConfig? = nil, significance: Bool = true) throws -> AnalysisResult {
        try Analysis.run(AnalysisInput(observations: observations, expected: expected), config: config ?? analysis, significance: significance)
    }
}

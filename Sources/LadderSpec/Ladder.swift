import Foundation
import LadderCore

/// A parsed, validated ladder: everything a study declares, with source locations.
/// Parsing checks shape and names; the planner checks what only expansion reveals.
public struct Ladder: Sendable {
    public var name: String
    public var phase: String?
    public var description: String?
    /// Path of the ladder file as given, for messages.
    public var file: String
    /// Directory that relative paths in the ladder are resolved against.
    public var directory: String
    /// Free variables usable as `${vars.KEY}` and `${KEY.FIELD}` (e.g. `base_model.name`).
    public var variables: [String: Value]
    public var axes: [Axis]
    public var sources: [Source]
    public var engines: [EngineDecl]
    public var steps: [StepTemplate]
    public var conditions: [Condition]
    public var paths: [PathRule]
    public var scorers: [ScorerDecl]
    public var analysis: AnalysisDecl?
    /// Where steps run by default (`executor:`); nil: on this machine.
    public var executor: ExecutorDecl? = nil
    /// SHA-256 of the ladder file's bytes.
    public var fileHash: String
    /// How the ladder's artifacts are to be cited (`cite:`), carried into the manifest.
    public var cite: String? = nil

    public func axis(_ name: String) -> Axis? { axes.first { $0.name == name } }
    public func source(_ name: String) -> Source? { sources.first { $0.name == name } }
    public func engine(_ name: String) -> EngineDecl? { engines.first { $0.name == name } }
    public func step(_ name: String) -> StepTemplate? { steps.first { $0.name == name } }
    public func condition(_ name: String) -> Condition? { conditions.first { $0.name == name } }
}

/// One axis of the study matrix (`lang`, `tier`, `seed`, ...).
public struct Axis: Sendable {
    public var name: String
    public var values: [AxisValue]
    public var location: SourceLocation

    public func value(named label: String) -> AxisValue? { values.first { $0.label == label } }
}

/// A value on an axis: a label (`5k`) and what it stands for (`5000`).
/// For plain lists the label is the value's text.
public struct AxisValue: Sendable, Hashable {
    public var label: String
    public var value: Value

    public init(label: String, value: Value) {
        self.label = label
        self.value = value
    }
}

/// A declared input that exists before any step runs: a corpus, a benchmark, a model.
public struct Source: Sendable {
    public var name: String
    /// Declared fields (`corpus`, `path`, `sha256`, `model`, ...).
    public var fields: [String: Value]
    public var location: SourceLocation

    public var path: String? { fields["path"]?.stringValue }
    public var sha256: String? { fields["sha256"]?.stringValue }
    public var corpus: String? { fields["corpus"]?.stringValue }
}

/// Resource needs of a step; unset fields fall back to the engine's, then defaults.
public struct Resources: Sendable, Hashable, Codable {
    public var cpus: Int?
    public var gpus: Int?
    /// Bytes.
    public var memory: Int?
    /// Seconds.
    public var time: Int?

    public init(cpus: Int? = nil, gpus: Int? = nil, memory: Int? = nil, time: Int? = nil) {
        self.cpus = cpus
        self.gpus = gpus
        self.memory = memory
        self.time = time
    }

    /// Fields of `self` where set, else those of `base`.
    public func over(_ base: Resources?) -> Resources {
        Resources(cpus: cpus ?? base?.cpus, gpus: gpus ?? base?.gpus,
                  memory: memory ?? base?.memory, time: time ?? base?.time)
    }
}

/// When and how a failed attempt is retried.
public struct RetryPolicy: Sendable, Hashable, Codable {
    public var attempts: Int
    /// Exit codes that may be retried; empty means any failure.
    public var onExit: [Int]
    /// Retry after a time-out too.
    public var onTimeout: Bool
    /// Seconds before the second attempt; doubles each time.
    public var backoff: Double

    public init(attempts: Int = 1, onExit: [Int] = [], onTimeout: Bool = false, backoff: Double = 0) {
        self.attempts = attempts
        self.onExit = onExit
        self.onTimeout = onTimeout
        self.backoff = backoff
    }
}

/// An engine as the ladder names it: a built-in (`use:`) or an external program (`run:`).
public struct EngineDecl: Sendable {
    public var name: String
    /// Built-in engine implementing this name; nil for external engines.
    public var use: String?
    /// External command (argv); the request file's path is appended.
    public var run: [String]?
    /// Declared version; enters the fingerprint.
    public var version: String?
    /// Files (relative to the ladder) whose bytes define behaviour; their hashes enter the fingerprint.
    public var files: [String]
    /// Environment variables passed through to the engine (never hashed or stored).
    public var env: [String]
    /// Settings that every step of this engine receives as parameters.
    public var settings: [String: YAMLNode]
    public var resources: Resources?
    public var retry: RetryPolicy?
    /// Declared parameters of an external engine (`params_schema:`); nil leaves its parameters unchecked.
    public var paramsSchema: [ParameterSpec]?
    /// For external engines: whether the files named in `run:` enter the fingerprint (default true).
    public var hashRun: Bool = true
    public var location: SourceLocation
}

/// A reference from a step to one of its inputs.
public indirect enum InputRef: Sendable, CustomStringConvertible {
    /// A declared source: `source.NAME`.
    case source(String)
    /// The step the pipeline ran just before this one: `previous`.
    case previous
    /// The step of template NAME in the same condition cell's pipeline.
    case step(String)
    /// A step of another condition cell: `condition-5[lang=ur].translate`.
    case cross(condition: String, axes: [(String, String)], step: String)
    /// Every step of a template across all conditions: `all.reparse`.
    case all(String)
    /// The item ids of an upstream step whose ledger status is `status`.
    case itemsOf(InputRef, status: String)
    /// `null` in an override: the condition drops this input of the template.
    case removed

    public var description: String {
        switch self {
        case .source(let s): return "source.\(s)"
        case .previous: return "previous"
        case .step(let s): return s
        case .cross(let c, let axes, let s):
            return "\(c)[\(axes.map { "\($0.0)=\($0.1)" }.joined(separator: ","))].\(s)"
        case .all(let s): return "all.\(s)"
        case .itemsOf(let r, let status): return "items_of(\(r), status=\(status))"
        case .removed: return "null"
        }
    }
}

/// A named input of a step template with where it was written.
public struct InputDecl: Sendable {
    public var name: String
    public var ref: InputRef
    public var location: SourceLocation
}

/// A reusable step: engine, inputs, parameters (may use `${axis}`), resources.
public struct StepTemplate: Sendable {
    public var name: String
    public var engine: String
    public var engineLocation: SourceLocation
    public var inputs: [InputDecl]
    public var params: [(name: String, node: YAMLNode)]
    public var resources: Resources?
    public var retry: RetryPolicy?
    /// Fan-out: one step per value of this local variable (e.g. one reparse per scorer).
    public var forEach: (variable: String, values: [Value])?
    public var description: String?
    public var location: SourceLocation
}

/// Changes a condition makes to a template: inputs and parameters replace the
/// template's by name; `engine` and `resources` replace it whole.
public struct StepOverride: Sendable {
    public var engine: String?
    public var inputs: [InputDecl]
    public var params: [(name: String, node: YAMLNode)]
    public var resources: Resources?
    public var location: SourceLocation

    public init(location: SourceLocation) {
        self.inputs = []
        self.params = []
        self.location = location
    }
}

/// One entry of a condition's pipeline: a template name and its inline override.
public struct PipelineEntry: Sendable {
    public var template: String
    public var override: StepOverride?
    public var location: SourceLocation
}

/// Overrides applied only in the cells a selector matches.
public struct CellRule: Sendable {
    public var match: [String: [String]]
    public var overrides: [String: StepOverride]
    public var location: SourceLocation
}

/// A selection of axis values: a full product per level, with optional nested
/// selections per value (`tier: {5k: {seed: [42, 123]}, 20k: {seed: [42]}}`).
public struct CellSelector: Sendable {
    public struct Level: Sendable {
        public var axis: String
        public var location: SourceLocation
        /// Each chosen value label with the selection nested under it (if any).
        public var choices: [(label: String, location: SourceLocation, nested: CellSelector?)]
    }

    public var levels: [Level]

    public init(levels: [Level]) { self.levels = levels }
}

/// A study condition: which cells it covers and which pipeline each runs.
public struct Condition: Sendable {
    public var name: String
    public var description: String?
    public var cells: CellSelector
    public var pipeline: [PipelineEntry]
    public var overrides: [String: StepOverride]
    public var rules: [CellRule]
    /// Template for `${name}` (default `${condition}-${lang}-${tier}` style from the ladder's `naming.name`).
    public var nameTemplate: String?
    /// Per-condition path templates that replace the ladder's.
    public var paths: [String: String]
    public var location: SourceLocation
}

/// A naming rule: where the outputs of one kind of step are shown, as a path template.
public struct PathRule: Sendable {
    /// `adapter`, `dataset`, `eval-session`, ...
    public var kind: String
    /// Template whose output this names.
    public var step: String
    /// Optional input of that step to name instead of its output (`train.data` names the dataset).
    public var input: String?
    public var template: String
    public var location: SourceLocation
}

/// A scorer declared in the ladder (built-in name or a derived version).
public struct ScorerDecl: Sendable {
    public var name: String
    public var fields: Value
    /// The declaration as written, keys in file order (scorer tables are ordered).
    public var node: YAMLNode?
    public var location: SourceLocation
}

/// What the analysis step compares and how.
public struct AnalysisDecl: Sendable {
    public var baseline: String
    public var settings: [String: Value]
    public var location: SourceLocation
}

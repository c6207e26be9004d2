import Foundation
import LadderCore
import LadderSpec

/// One resolved input as an engine sees it.
public struct EngineInput: Codable, Sendable, Equatable {
    /// `source`, `step`, `steps` or `items`.
    public var kind: String
    /// Paths of the input's files or directories, in plan order (one for `source` and `step`).
    public var paths: [String]
    /// Content hashes matching `paths`.
    public var hashes: [String]
    /// For `items`: the allowed item ids (also written to `paths[0]` as a JSON array).
    public var items: [String]?
    /// For `steps`: per path, the condition cells that use that step
    /// (`condition`, `cell`, `template`, `for_each`), from the plan — never parsed from paths.
    public var users: [Value]?
    /// For `source`: the source's declared fields (`model`, `corpus`, `revision`, ...). A source
    /// without `path` (a model named by id) has no paths; its fields say what to load.
    public var source: Value?

    public init(kind: String, paths: [String], hashes: [String], items: [String]? = nil, users: [Value]? = nil,
                source: Value? = nil) {
        self.kind = kind
        self.paths = paths
        self.hashes = hashes
        self.items = items
        self.users = users
        self.source = source
    }

    /// The single path of a one-path input.
    public var path: String? { paths.first }
}

/// What the runner hands an engine: written as `request.json` for external
/// engines (see docs/engines.md), passed as a value to built-in ones.
public struct EngineRequest: Codable, Sendable {
    public static let protocolVersion = 1

    public var protocolVersion: Int = EngineRequest.protocolVersion
    /// The execution key of this step (what the store files its outputs under).
    public var step: String
    /// The plan key (stable across upstream re-executions with identical outputs).
    public var planKey: String
    public var engine: String
    public var params: [String: Value]
    public var inputs: [String: EngineInput]
    /// Empty directory for the step's outputs; everything here is stored.
    public var outputDir: String
    /// Scratch space, deleted after the attempt.
    public var scratchDir: String
    /// Survives failed attempts of the same step, for engines that resume item by item; deleted on success.
    public var stateDir: String
    /// Where an external engine writes its result JSON.
    public var resultPath: String
    public var seed: Int?
    public var resources: Resources
    /// Items an earlier attempt of this step finished (`status` ok), for resuming.
    public var doneItems: [String]
    /// 1 for the first attempt.
    public var attempt: Int
    /// What the engine's `stepData` said at plan time (a pack, a scorer definition), if anything.
    public var engineData: Value?
    /// The ladder file's directory, for parameters that name files relative to it (not part of any key).
    public var ladderDir: String?

    enum CodingKeys: String, CodingKey {
        case protocolVersion = "protocol_version", step, planKey = "plan_key", engine, params, inputs
        case outputDir = "output_dir", scratchDir = "scratch_dir", stateDir = "state_dir", resultPath = "result_path"
        case seed, resources, doneItems = "done_items", attempt, engineData = "engine_data", ladderDir = "ladder_dir"
    }

    public init(step: String, planKey: String, engine: String, params: [String: Value], inputs: [String: EngineInput],
                outputDir: String, scratchDir: String, stateDir: String, resultPath: String, seed: Int?,
                resources: Resources, doneItems: [String] = [], attempt: Int = 1, engineData: Value? = nil,
                ladderDir: String? = nil) {
        self.step = step
        self.planKey = planKey
        self.engine = engine
        self.params = params
        self.inputs = inputs
        self.outputDir = outputDir
        self.scratchDir = scratchDir
        self.stateDir = stateDir
        self.resultPath = resultPath
        self.seed = seed
        self.resources = resources
        self.doneItems = doneItems
        self.attempt = attempt
        self.engineData = engineData
        self.ladderDir = ladderDir
    }

    /// A required parameter, or a bad-input error naming the engine.
    public func param(_ name: String) throws -> Value {
        guard let v = params[name], v != .null else {
            throw LadderError.badInput("engine '\(engine)' needs parameter '\(name)'")
        }
        return v
    }

    /// A required input, or a bad-input error naming the engine.
    public func input(_ name: String) throws -> EngineInput {
        guard let i = inputs[name] else {
            throw LadderError.badInput("engine '\(engine)' needs input '\(name)' (it has: \(inputs.keys.sorted().joined(separator: ", ")))")
        }
        return i
    }
}

import Foundation
import LadderCore

/// Turns ladder YAML into a typed `Ladder`. Every mistake is a `SpecError`
/// at the offending key or value.
public struct LadderParser {
    /// Names of built-in engines, so `use:` and step `engine:` can be checked here.
    public var builtinEngines: [String]

    public init(builtinEngines: [String]) {
        self.builtinEngines = builtinEngines
    }

    static let topKeys = ["ladder", "phase", "description", "cite", "vars", "base_model", "axes", "sources", "engines",
                          "steps", "conditions", "naming", "paths", "scorers", "analysis", "executor"]

    /// Reads and parses a ladder file. Errors carry the offending line.
    public func parse(fileAt path: String) throws -> Ladder {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LadderError.badInput("\(path): cannot read the ladder file (does it exist?)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw LadderError.badInput("\(path):1:1: error: the ladder file is not UTF-8 text")
        }
        let dir = (path as NSString).deletingLastPathComponent
        do {
            return try parse(text: text, file: path, directory: dir.isEmpty ? "." : dir, fileHash: SHA256.hex(data))
        } catch let e as SpecError {
            throw e.withSource(text)
        }
    }

    /// Parses ladder text; `file` is only used in messages.
    public func parse(text: String, file: String, directory: String = ".", fileHash: String? = nil) throws -> Ladder {
        let root = try YAMLNode.parse(text, file: file).mapping("the ladder")
        try root.check(known: Self.topKeys)
        var ladder = Ladder(
            name: try root.required("ladder").string("ladder"),
            phase: try root.value("phase")?.string("phase"),
            description: try root.value("description")?.string("description"),
            file: file, directory: directory, variables: [:], axes: [], sources: [], engines: [], steps: [],
            conditions: [], paths: [], scorers: [], analysis: nil, fileHash: fileHash ?? SHA256.hex(text))
        ladder.cite = try root.value("cite")?.string("cite")
        if let v = root.value("vars") { ladder.variables = try parseVariables(v) }
        if let bm = root.value("base_model") {
            _ = try bm.mapping("base_model")
            ladder.variables["base_model"] = try bm.finiteValue()
        }
        ladder.axes = try parseAxes(root.required("axes"))
        if let s = root.value("sources") { ladder.sources = try parseSources(s) }
        if let e = root.value("engines") { ladder.engines = try parseEngines(e) }
        ladder.steps = try parseSteps(root.required("steps"))
        ladder.conditions = try parseConditions(root.required("conditions"))
        if let n = root.value("naming") { ladder.variables["naming"] = try parseNaming(n) }
        if let p = root.value("paths") { ladder.paths = try parsePaths(p) }
        if let s = root.value("scorers") { ladder.scorers = try parseScorers(s) }
        if let a = root.value("analysis") { ladder.analysis = try parseAnalysis(a) }
        if let e = root.value("executor") { ladder.executor = try parseExecutor(e) }
        try LadderValidator(ladder: ladder, builtinEngines: builtinEngines).validate()
        return ladder
    }

    func parseVariables(_ node: YAMLNode) throws -> [String: Value] {
        let m = try node.mapping("vars")
        var out: [String: Value] = [:]
        for p in m.pairs { out[p.key] = try p.value.finiteValue() }
        return out
    }

    func parseNaming(_ node: YAMLNode) throws -> Value {
        let m = try node.mapping("naming")
        try m.check(known: ["name"])
        return .object(["name": .string(try m.required("name").string("naming.name"))])
    }

    func parseAxes(_ node: YAMLNode) throws -> [Axis] {
        let m = try node.mapping("axes")
        return try m.pairs.map { pair in
            switch pair.value {
            case .sequence(let items, let loc):
                var values: [AxisValue] = []
                for item in items {
                    let label = try item.string("a value of axis '\(pair.key)'")
                    if values.contains(where: { $0.label == label }) {
                        throw SpecError("axis '\(pair.key)' lists '\(label)' twice", at: item.location)
                    }
                    values.append(AxisValue(label: label, value: try item.finiteValue()))
                }
                guard !values.isEmpty else { throw SpecError("axis '\(pair.key)' has no values", at: loc) }
                return Axis(name: pair.key, values: values, location: pair.keyLocation)
            case .mapping(let named, _):
                guard !named.isEmpty else { throw SpecError("axis '\(pair.key)' has no values", at: pair.keyLocation) }
                let values = try named.map { AxisValue(label: $0.key, value: try $0.value.finiteValue()) }
                return Axis(name: pair.key, values: values, location: pair.keyLocation)
            case .scalar(_, _, let loc):
                throw SpecError("axis '\(pair.key)' must list its values", at: loc,
                                hint: "write `\(pair.key): [a, b]` or named values `\(pair.key): {5k: 5000}`")
            }
        }
    }

    func parseSources(_ node: YAMLNode) throws -> [Source] {
        let m = try node.mapping("sources")
        return try m.pairs.map { pair in
            let fields = try pair.value.mapping("source '\(pair.key)'")
            try fields.check(known: ["corpus", "path", "sha256", "model", "description", "format", "revision", "license"])
            guard case .object(var o) = try pair.value.finiteValue() else { fatalError("mapping converts to object") }
            // Paths and pins are text even when they look like numbers.
            for key in ["path", "sha256", "model", "revision"] { if let v = fields.value(key) { o[key] = .string(try v.string(key)) } }
            if let pin = fields.value("sha256") {
                let hex = try pin.string("sha256")
                guard hex.count == 64, hex.allSatisfy({ $0.isHexDigit }) else {
                    throw SpecError("sha256 must be 64 hexadecimal digits, found '\(hex)'", at: pin.location,
                                    hint: "`sha256sum FILE` prints a file's hash; leave `sha256:` out to hash the file without pinning it")
                }
                o["sha256"] = .string(hex.lowercased())
            }
            return Source(name: pair.key, fields: o, location: pair.keyLocation)
        }
    }

    func parseEngines(_ node: YAMLNode) throws -> [EngineDecl] {
        let m = try node.mapping("engines")
        return try m.pairs.map { pair in
            let e = try pair.value.mapping("engine '\(pair.key)'")
            try e.check(known: ["use", "run", "version", "files", "env", "settings", "resources", "retry", "description",
                                "params_schema", "hash_run"])
            let use = try e.value("use")?.string("use")
            let run = try e.value("run")?.strings("run")
            if use == nil && run == nil {
                throw SpecError("engine '\(pair.key)' needs `use:` (a built-in engine) or `run:` (a command)",
                                at: pair.keyLocation, hint: "built-in engines: \(builtinEngines.joined(separator: ", "))")
            }
            if use != nil && run != nil {
                throw SpecError("engine '\(pair.key)' has both `use:` and `run:`; keep one", at: e.keyLocation("run"))
            }
            if let use, !builtinEngines.contains(use) {
                throw SpecError("unknown built-in engine '\(use)'", at: e.value("use")!.location,
                                hint: Suggestion.hint(for: use, in: builtinEngines, noun: "built-in engine"))
            }
            if let run, run.isEmpty { throw SpecError("`run:` needs a command", at: e.keyLocation("run")) }
            var settings: [String: YAMLNode] = [:]
            if let s = e.value("settings") {
                for p in try s.mapping("settings").pairs {
                    try p.value.checkFiniteNumbers()
                    settings[p.key] = p.value
                }
            }
            return EngineDecl(
                name: pair.key, use: use, run: run, version: try e.value("version")?.string("version"),
                files: try e.value("files")?.strings("files") ?? [], env: try e.value("env")?.strings("env") ?? [],
                settings: settings, resources: try e.value("resources").map(parseResources),
                retry: try e.value("retry").map(parseRetry),
                paramsSchema: try e.value("params_schema").map { try parseParamsSchema($0, external: run != nil) },
                hashRun: try e.value("hash_run")?.bool("hash_run") ?? true, location: pair.keyLocation)
        }
    }

    func parseResources(_ node: YAMLNode) throws -> Resources {
        let m = try node.mapping("resources")
        try m.check(known: ["cpus", "gpus", "memory", "time"])
        return Resources(cpus: try m.value("cpus")?.int("cpus"), gpus: try m.value("gpus")?.int("gpus"),
                         memory: try m.value("memory").map(Quantity.bytes),
                         time: try m.value("time").map { try Quantity.seconds($0) })
    }

    func parseRetry(_ node: YAMLNode) throws -> RetryPolicy {
        let m = try node.mapping("retry")
        try m.check(known: ["attempts", "on_exit", "on_timeout", "backoff"])
        let attempts = try m.value("attempts")?.int("attempts") ?? 1
        guard attempts >= 1 else { throw SpecError("retry.attempts must be at least 1", at: m.keyLocation("attempts")) }
        return RetryPolicy(attempts: attempts,
                           onExit: try m.value("on_exit")?.strings("on_exit").map { s in
                               guard let i = Int(s) else { throw SpecError("on_exit lists exit codes", at: m.keyLocation("on_exit")) }
                               return i
                           } ?? [],
                           onTimeout: try m.value("on_timeout")?.bool("on_timeout") ?? false,
                           backoff: try m.value("backoff").map { try Double(Quantity.seconds($0, what: "retry.backoff")) } ?? 0)
    }

    func parsePaths(_ node: YAMLNode) throws -> [PathRule] {
        let m = try node.mapping("paths")
        return try m.pairs.map { pair in
            let r = try pair.value.mapping("path rule '\(pair.key)'")
            try r.check(known: ["of", "path"])
            let ofNode = try r.required("of")
            let of = try ofNode.string("of")
            let parts = of.split(separator: ".", maxSplits: 1).map(String.init)
            return PathRule(kind: pair.key, step: parts[0], input: parts.count > 1 ? parts[1] : nil,
                            template: try r.required("path").string("path"), location: ofNode.location)
        }
    }

    func parseScorers(_ node: YAMLNode) throws -> [ScorerDecl] {
        switch node {
        case .sequence(let items, _):
            return try items.map { ScorerDecl(name: try $0.string("scorer"), fields: .null, node: nil, location: $0.location) }
        default:
            return try node.mapping("scorers").pairs.map {
                ScorerDecl(name: $0.key, fields: try $0.value.finiteValue(), node: $0.value, location: $0.keyLocation)
            }
        }
    }

    func parseAnalysis(_ node: YAMLNode) throws -> AnalysisDecl {
        let m = try node.mapping("analysis")
        try m.check(known: ["baseline", "noise_floor", "significance", "bootstrap", "scorers"])
        guard case .object(var settings) = try node.finiteValue() else { fatalError("mapping converts to object") }
        let baseline = try m.required("baseline").string("analysis.baseline")
        settings["baseline"] = nil
        return AnalysisDecl(baseline: baseline, settings: settings, location: m.keyLocation("baseline"))
    }
}

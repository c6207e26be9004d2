import Foundation
import LadderCore
import LadderEngines
import LadderSpec

/// `ladder engine run NAME`: one engine call outside any ladder, through the
/// same invoker `ladder run` uses; outputs go straight to `--out DIR`.
public struct AdhocEngineRun {
    public var registry: EngineRegistry

    public init(registry: EngineRegistry = .standard) { self.registry = registry }

    /// Runs `name`: an engine the ladder at `ladderPath` declares (built-in or external), else a built-in.
    public func run(engine name: String, params: [String: Value], inputs: [String: String], out: URL,
                    ladderPath: String? = nil) throws -> EngineResult {
        var kind: EngineInvoker.Kind
        var timeLimit: TimeInterval?
        var engineParams = params
        if let ladderPath {
            let ladder = try LadderLoader(registry: registry).load(ladderPath)
            guard let decl = ladder.engine(name) else {
                throw LadderError.badInput("\(ladderPath) declares no engine '\(name)'; it declares: \(ladder.engines.map(\.name).joined(separator: ", "))")
            }
            for (k, v) in decl.settings where engineParams[k] == nil { engineParams[k] = v.toValue() }
            timeLimit = decl.resources?.time.map(TimeInterval.init)
            if let argv = decl.run {
                kind = .external(ExternalEngine(argv: argv, env: decl.env, workingDirectory: ladder.directory))
            } else {
                kind = .builtin(try registry.engine(decl.use ?? name))
            }
        } else {
            kind = .builtin(try registry.engine(name))
        }
        let params = engineParams
        let fm = FileManager.default
        try fm.createDirectory(at: out, withIntermediateDirectories: true)
        let work = fm.temporaryDirectory.appendingPathComponent("ladder-engine-\(UUID().uuidString)")
        let scratch = work.appendingPathComponent("scratch"), state = work.appendingPathComponent("state")
        for d in [scratch, state] { try fm.createDirectory(at: d, withIntermediateDirectories: true) }
        // A temporary directory left behind is harmless; the engine's result matters more than its removal.
        defer { try? fm.removeItem(at: work) }
        var engineInputs: [String: EngineInput] = [:]
        for (n, p) in inputs {
            guard fm.fileExists(atPath: p) else { throw LadderError.badInput("--input \(n)=\(p): no such file or directory") }
            let abs = URL(fileURLWithPath: p).standardizedFileURL.path
            engineInputs[n] = EngineInput(kind: "source", paths: [abs], hashes: [""])
        }
        let request = EngineRequest(step: "adhoc", planKey: "adhoc", engine: name, params: params, inputs: engineInputs,
                                    outputDir: out.standardizedFileURL.path, scratchDir: scratch.path, stateDir: state.path,
                                    resultPath: work.appendingPathComponent("result.json").path,
                                    seed: params["seed"]?.intValue, resources: Resources(cpus: 1))
        let outcome = Result { try EngineInvoker(kind: kind, timeLimit: timeLimit).invoke(request, work: work, context: EngineContext(logURL: nil)) }
        // What the engine printed is shown whether it succeeded or not (no log file: it printed nothing).
        if let log = try? String(contentsOf: work.appendingPathComponent("log.txt"), encoding: .utf8), !log.isEmpty {
            FileHandle.standardError.write(Data(log.utf8))
        }
        do {
            return try outcome.get().result
        } catch EngineFailure.exited(let status, let reason) {
            // An external engine's exit 2 is its refusal of the request (docs/engines.md): bad input,
            // as a built-in's would be; any other exit is a failed run.
            if status == 2 {
                throw LadderError.badInput("engine '\(name)': \(reason); fix the --param or --input its message names and run it again")
            }
            throw LadderError.stepFailed("engine '\(name)': \(reason)")
        }
    }
}

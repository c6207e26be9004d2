import Foundation
import LadderCore

/// Runs an external engine: `argv + [request.json]`, no shell, only the
/// environment variables the ladder names (plus PATH, HOME, LANG, LC_ALL, TMPDIR, PYTHONPATH),
/// stdout and stderr captured into the step's log, a time limit enforced
/// (`EngineProcess`, shared with the `shell` engine).
public struct ExternalEngine: Sendable {
    public var argv: [String]
    public var env: [String]
    /// Directory the command runs in (the ladder's), so relative script paths work.
    public var workingDirectory: String

    public init(argv: [String], env: [String], workingDirectory: String) {
        self.argv = argv
        self.env = env
        self.workingDirectory = workingDirectory
    }

    /// The variables every engine process sees: PATH, HOME, LANG, LC_ALL, TMPDIR, PYTHONPATH and
    /// CUDA_VISIBLE_DEVICES (the GPUs the runner may use: set by the user, or by Slurm in a job),
    /// then the call's own (`EngineContext.processEnvironment`: the GPUs the step was given).
    public static func baseEnvironment(from parent: [String: String] = ProcessInfo.processInfo.environment,
                                       adding names: [String] = [], context: EngineContext? = nil) -> [String: String] {
        var out: [String: String] = [:]
        for name in ["PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "PYTHONPATH", "CUDA_VISIBLE_DEVICES"] + names {
            if let v = parent[name] { out[name] = v }
        }
        out["PYTHONUNBUFFERED"] = "1"
        if let context { out.merge(context.processEnvironment) { _, own in own } }
        return out
    }

    /// The variables this engine's process sees: the base set plus the ladder's `env:` names.
    public func environment(from parent: [String: String] = ProcessInfo.processInfo.environment,
                            context: EngineContext? = nil) -> [String: String] {
        Self.baseEnvironment(from: parent, adding: env, context: context)
    }

    /// Runs the engine and returns its result; every failure mode becomes a clear reason.
    /// Output goes to `context`'s log; its time limit and cancellation stop the
    /// engine's whole process group (`EngineProcess`).
    public func run(_ request: EngineRequest, requestURL: URL, context: EngineContext) throws -> (result: EngineResult, exitStatus: Int32) {
        try JSONWriter.write(request, to: requestURL)
        let process = EngineProcess(argv: argv + [requestURL.path], environment: environment(context: context), workingDirectory: workingDirectory)
        let status: Int32
        switch try process.run(context: context) {
        case .killed(let signal):
            throw EngineFailure.exited(status: 128 + signal, reason: "the engine was killed by signal \(signal)")
        case .exited(let s):
            status = s
        }
        let resultURL = URL(fileURLWithPath: request.resultPath)
        guard status == 0 else {
            // The result file is optional after a failure; its message, when there is one, says why.
            let detail = (try? EngineResult.read(from: resultURL))?.message.map { ": \($0)" } ?? ""
            throw EngineFailure.exited(status: status, reason: "the engine exited with status \(status)\(detail)")
        }
        return (try EngineResult.read(from: resultURL), status)
    }
}

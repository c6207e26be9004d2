import Foundation
import LadderCore
import LadderSpec

/// `shell`: runs a fixed argv (never through a shell) with `$OUT` set to the
/// output directory; for glue steps and tests. Params: `argv` (list of strings).
public struct ShellEngine: BuiltinEngine {
    public let name = "shell"
    public let summary = "run a command (argv, no shell) that writes into $OUT"
    public let parameters: [ParameterSpec] = [
        ParameterSpec("argv", .list(.string), required: true, doc: "the command and its arguments (no shell)"),
    ]

    public init() {}

    public func run(_ request: EngineRequest, context: EngineContext) throws -> EngineResult {
        guard let argv = try request.param("argv").arrayValue?.compactMap(\.stringValue), !argv.isEmpty else {
            throw LadderError.badInput("engine 'shell' needs `argv`: a list of strings")
        }
        var env = ExternalEngine.baseEnvironment(context: context)
        env["OUT"] = request.outputDir
        for (name, input) in request.inputs { env["IN_\(name.uppercased())"] = input.paths.joined(separator: ":") }
        // Its own process group, registered like an external engine's: a time-out,
        // Ctrl-C or the next run after a killed runner stops the command and its children.
        let process = EngineProcess(argv: argv, environment: env, workingDirectory: request.scratchDir)
        switch try process.run(context: context) {
        case .exited(0):
            break
        case .exited(let status):
            throw EngineFailure.exited(status: status, reason: "the command exited with status \(status)")
        case .killed(let signal):
            throw EngineFailure.exited(status: 128 + signal, reason: "the command was killed by signal \(signal)")
        }
        return EngineResult()
    }
}

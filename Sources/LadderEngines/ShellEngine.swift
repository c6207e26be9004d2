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
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = argv
        var env = ExternalEngine.baseEnvironment()
        env["OUT"] = request.outputDir
        for (name, input) in request.inputs { env["IN_\(name.uppercased())"] = input.paths.joined(separator: ":") }
        p.environment = env
        p.currentDirectoryURL = URL(fileURLWithPath: request.scratchDir)
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        context.log(String(decoding: data, as: UTF8.self))
        guard p.terminationStatus == 0 else {
            throw EngineFailure.exited(status: p.terminationStatus, reason: "the command exited with status \(p.terminationStatus)")
        }
        return EngineResult()
    }
}

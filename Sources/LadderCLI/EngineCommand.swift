import ArgumentParser
import Foundation
import LadderCore
import LadderEngines
import LadderRun
import LadderSpec

/// `ladder engine list | run`
struct EngineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "engine", abstract: "List built-in engines or run one ad hoc.",
                                                    subcommands: [EngineListCommand.self, EngineRunCommand.self])
}

struct EngineListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Built-in engines with version and fingerprint.")
    @Flag(name: .long, help: "Print JSON.") var json = false

    func run() throws {
        let engines = EngineRegistry.standard.engines
        if json {
            Output.json(.array(try engines.map { e in
                .object(["name": .string(e.name), "version": .string(e.version), "summary": .string(e.summary),
                         "code_sha256": .string(e.code.sha256), "fingerprint": .string(try e.fingerprint(settings: [:])),
                         "parameters": .array(e.parameters.map(Self.json))])
            }))
        } else {
            for e in engines {
                Output.write("\(e.name.padding(toLength: 12, withPad: " ", startingAt: 0)) v\(e.version.padding(toLength: 5, withPad: " ", startingAt: 0)) \(e.summary)\n")
                for p in e.parameters {
                    var line = "    \(p.name): \(p.type)"
                    if p.required { line += ", required" }
                    if let d = p.defaultValue { line += ", default \(d.canonicalJSON)" }
                    if let a = p.allowed { line += ", one of \(a.joined(separator: "|"))" }
                    if !p.aliases.isEmpty { line += " (also \(p.aliases.joined(separator: ", ")))" }
                    Output.write(line + " — \(p.doc)\n")
                }
            }
        }
    }

    static func json(_ p: ParameterSpec) -> Value {
        .object(["name": .string(p.name), "type": .string(p.type.description), "required": .bool(p.required),
                 "default": p.defaultValue ?? .null, "allowed": p.allowed.map { .array($0.map(Value.string)) } ?? .null,
                 "aliases": .array(p.aliases.map(Value.string)), "doc": .string(p.doc)])
    }
}

struct EngineRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Run one engine outside any ladder run (built-in, or declared by --ladder).")
    @Argument(help: "Engine name.") var name: String
    @Option(name: .customLong("param"), help: "KEY=VALUE (VALUE read as YAML: 5000, true, [a, b]).") var params: [String] = []
    @Option(name: .customLong("input"), help: "NAME=PATH") var inputs: [String] = []
    @Option(name: .long, help: "Output directory.") var out: String
    @Option(name: .long, help: "Take NAME from this ladder's `engines:` (external engines too).") var ladder: String?

    func run() throws {
        var p: [String: Value] = [:]
        for kv in params {
            guard let eq = kv.firstIndex(of: "=") else { throw LadderError.badInput("--param \(kv): write KEY=VALUE") }
            let text = String(kv[kv.index(after: eq)...])
            p[String(kv[..<eq])] = (try? YAMLNode.parse(text, file: "--param").toValue()) ?? .string(text)
        }
        var i: [String: String] = [:]
        for kv in inputs {
            guard let eq = kv.firstIndex(of: "=") else { throw LadderError.badInput("--input \(kv): write NAME=PATH") }
            i[String(kv[..<eq])] = String(kv[kv.index(after: eq)...])
        }
        try StoredOutputGuard.refuse(URL(fileURLWithPath: out), writing: "the engine's outputs", instead: "give --out a directory outside the store")
        let result = try AdhocEngineRun().run(engine: name, params: p, inputs: i, out: URL(fileURLWithPath: out), ladderPath: ladder)
        Output.write(String(decoding: try JSONWriter.data(result), as: UTF8.self))
        if result.status != "ok" { throw ExitCode(1) }
    }
}

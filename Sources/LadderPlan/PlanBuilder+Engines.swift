import Foundation
import LadderCore
import LadderSpec

/// What the planner knows of one engine name.
struct EngineInfo {
    var implementation: String
    var fingerprint: String
    var settings: [String: YAMLNode]
    var resources: Resources?
    var retry: RetryPolicy?
    /// The engine's name and a zero byte: interned parameter sets are kept per engine,
    /// because checking them depends on the engine.
    var internPrefix: [UInt8] = []
}

extension PlanBuilder {
    func engineInfo(_ name: String, at loc: SourceLocation) throws -> EngineInfo {
        if let known = engineInfos[name] { return known }
        let decl = ladder.engine(name)
        let fp = try fingerprint(name, decl: decl, at: loc)
        let info = EngineInfo(implementation: decl?.use ?? (decl?.run != nil ? "external" : name), fingerprint: fp,
                              settings: decl?.settings ?? [:], resources: decl?.resources, retry: decl?.retry,
                              internPrefix: Array(name.utf8) + [0])
        engineInfos[name] = info
        return info
    }

    private func fingerprint(_ name: String, decl: EngineDecl?, at loc: SourceLocation) throws -> String {
        if let f = fingerprints[name] { return f }
        var key = CanonicalKey()
        if let decl, let run = decl.run {
            key.add("run", .array(run.map(Value.string)))
            key.add("version", decl.version.map(Value.string) ?? .null)
            key.add("program", decl.hashRun ? .object(programHashes(decl, run)) : .string("not hashed (hash_run: false)"))
            var files: [String: Value] = [:]
            for f in decl.files {
                let path = resolvePath(f)
                if let h = SourceHasher.hash(path: path) {
                    files[f] = .string(h)
                } else {
                    files[f] = .null
                    if checkFiles {
                        fileProblems.append(SpecError("engine '\(name)' names file '\(f)', which does not exist (looked at \(path))",
                                                      at: decl.location, hint: "paths in `files:` are relative to the ladder file"))
                    }
                }
            }
            key.add("files", .object(files))
            if let schema = decl.paramsSchema {
                key.add("params_schema", .array(schema.map { .string("\($0.name):\($0.type)") }))
            }
        } else {
            let builtin = decl?.use ?? name
            guard catalog.builtinNames.contains(builtin) else {
                throw SpecError("unknown engine '\(name)'", at: loc,
                                hint: Suggestion.hint(for: name, in: catalog.builtinNames, noun: "engine"))
            }
            let settings = (decl?.settings ?? [:]).mapValues { $0.toValue() }
            key.add("builtin", .string(builtin))
            key.add("fingerprint", .string(try catalog.fingerprint(ofBuiltin: builtin, settings: settings)))
            key.add("version", decl?.version.map(Value.string) ?? .null)
        }
        let hex = key.hex
        fingerprints[name] = hex
        return hex
    }

    /// Hashes of the files an external engine's `run:` names (its script, say), by argument.
    /// The program itself (`python3`) must be on PATH; an argument that looks like a file
    /// (has a `/` or a script extension) must exist. Missing ones are collected as problems.
    private func programHashes(_ decl: EngineDecl, _ run: [String]) -> [String: Value] {
        var out: [String: Value] = [:]
        for (i, arg) in run.enumerated() {
            let path = resolvePath(arg)
            var isDir: ObjCBool = false
            if !arg.hasPrefix("-"), FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue {
                out[arg] = .string((try? SHA256.hex(fileAt: URL(fileURLWithPath: path))) ?? "unreadable")
                continue
            }
            guard checkFiles else { continue }
            if i == 0 && !arg.contains("/") {
                if ProgramLookup.find(arg) == nil {
                    fileProblems.append(SpecError("engine '\(decl.name)' runs '\(arg)', which is not on PATH", at: decl.location,
                                                  hint: "install it, or name the program by its full path in `run:`"))
                }
            } else if ProgramLookup.looksLikeFile(arg) {
                fileProblems.append(SpecError("engine '\(decl.name)' runs '\(arg)', which does not exist (looked at \(path))",
                                              at: decl.location, hint: "paths in `run:` are relative to the ladder file"))
            }
        }
        return out
    }

    func resolvePath(_ p: String) -> String {
        p.hasPrefix("/") ? p : (ladder.directory as NSString).appendingPathComponent(p)
    }

    /// A source's content hash: the hash of its file or directory (name, size and content
    /// of each file), checked against a declared `sha256`; for sources without a `path`
    /// (a model id), the hash of its declared fields. A missing file or a pin that does not
    /// match is a problem (reported with the others); with `checkFiles` off, a declared pin
    /// stands in for a missing file.
    func sourceHash(_ name: String, at loc: SourceLocation) throws -> String? {
        if let h = sourceHashes[name] { return h }
        guard let src = ladder.source(name) else { throw SpecError("no source named '\(name)'", at: loc) }
        var h: String?
        if let p = src.path {
            let path = resolvePath(p)
            h = SourceHasher.hash(path: path)
            if h == nil {
                h = src.sha256
                if checkFiles {
                    fileProblems.append(SpecError("source '\(name)' names \(p), which does not exist (looked at \(path))",
                                                  at: src.location, hint: Self.missingSourceHint(p)))
                }
            } else if let pin = src.sha256, pin.lowercased() != h {
                fileProblems.append(SpecError("source '\(name)' is pinned to sha256 \(pin), but \(p) hashes to \(h!)",
                                              at: src.location,
                                              hint: "the file changed since it was pinned: restore it, or update `sha256:` if the change is intended"))
            }
        } else {
            h = SHA256.hex(Value.object(src.fields).canonicalJSON)
        }
        sourceHashes[name] = h
        return h
    }

    static func missingSourceHint(_ path: String) -> String {
        let base = "create it or fix the path (relative to the ladder file); `validate --offline` skips file checks"
        return path.contains("demo-data") ? "run `make demo-data` to write the demo's data; " + base : base
    }
}

/// Hashes a source file, or a directory as sorted (relative path, content hash) pairs.
enum SourceHasher {
    static func hash(path: String) -> String? {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { return nil }
        if !isDir.boolValue { return try? SHA256.hex(fileAt: URL(fileURLWithPath: path)) }
        guard let files = FileManager.default.subpaths(atPath: path) else { return nil }
        var h = SHA256()
        for rel in files.sorted(by: Value.byteOrder) {
            let full = (path as NSString).appendingPathComponent(rel)
            var d: ObjCBool = false
            guard FileManager.default.fileExists(atPath: full, isDirectory: &d), !d.boolValue else { continue }
            h.update("\(rel)\u{0}\((try? SHA256.hex(fileAt: URL(fileURLWithPath: full))) ?? "")\u{0}")
        }
        return h.finalizeHex()
    }
}

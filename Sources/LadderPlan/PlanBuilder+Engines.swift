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
}

extension PlanBuilder {
    func engineInfo(_ name: String, at loc: SourceLocation) throws -> EngineInfo {
        let decl = ladder.engine(name)
        let fp = try fingerprint(name, decl: decl, at: loc)
        return EngineInfo(implementation: decl?.use ?? (decl?.run != nil ? "external" : name), fingerprint: fp,
                          settings: decl?.settings ?? [:], resources: decl?.resources, retry: decl?.retry)
    }

    private func fingerprint(_ name: String, decl: EngineDecl?, at loc: SourceLocation) throws -> String {
        if let f = fingerprints[name] { return f }
        var key = CanonicalKey()
        if let decl, let run = decl.run {
            key.add("run", .array(run.map(Value.string)))
            key.add("version", decl.version.map(Value.string) ?? .null)
            var files: [String: Value] = [:]
            for f in decl.files {
                let path = resolvePath(f)
                guard FileManager.default.fileExists(atPath: path) else {
                    throw SpecError("engine '\(name)' names file '\(f)', which does not exist (looked at \(path))",
                                    at: decl.location, hint: "paths in `files:` are relative to the ladder file")
                }
                files[f] = .string(try SHA256.hex(fileAt: URL(fileURLWithPath: path)))
            }
            key.add("files", .object(files))
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

    func resolvePath(_ p: String) -> String {
        p.hasPrefix("/") ? p : (ladder.directory as NSString).appendingPathComponent(p)
    }

    /// A source's content hash: declared `sha256`, else the hash of its file or
    /// directory (name, size and content of each file), else nil when absent.
    func sourceHash(_ name: String, at loc: SourceLocation) throws -> String? {
        if let h = sourceHashes[name] { return h }
        guard let src = ladder.source(name) else { throw SpecError("no source named '\(name)'", at: loc) }
        var h: String?
        if let declared = src.sha256 {
            h = declared
        } else if let p = src.path {
            h = SourceHasher.hash(path: resolvePath(p))
        } else {
            h = SHA256.hex(Value.object(src.fields).canonicalJSON)
        }
        sourceHashes[name] = h
        return h
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

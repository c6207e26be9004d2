import Foundation
import LadderCore
import LadderEngines
import Testing

/// The code-version table must agree with the sources: an engine whose code changed
/// without a version bump would silently reuse outputs made by its old code.
struct EngineCodeVersionTests {
    static let sourcesRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources")
    static let tableFile = sourcesRoot.appendingPathComponent("LadderEngines/EngineCodeVersions.swift")

    /// SHA-256 over (relative path, content hash) of every listed file and every `.swift` file under a listed folder.
    static func sourceHash(_ sources: [String]) throws -> String {
        var files: [String] = []
        for s in sources {
            var isDir: ObjCBool = false
            let full = sourcesRoot.appendingPathComponent(s).path
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isDir) else {
                throw LadderError.badInput("\(s) is listed as engine source but does not exist under Sources/")
            }
            if isDir.boolValue {
                for rel in FileManager.default.subpaths(atPath: full) ?? [] where rel.hasSuffix(".swift") { files.append("\(s)/\(rel)") }
            } else {
                files.append(s)
            }
        }
        var h = SHA256()
        for f in Set(files).sorted(by: Value.byteOrder) {
            h.update("\(f)\u{0}\(try SHA256.hex(fileAt: sourcesRoot.appendingPathComponent(f)))\u{0}")
        }
        return h.finalizeHex()
    }

    @Test func everyBuiltinEngineHasACodeVersion() {
        for e in BuiltinEngines.all {
            #expect(EngineCodeVersions.table[e.name] != nil, "engine \(e.name) is missing from EngineCodeVersions.table")
        }
        #expect(Set(EngineCodeVersions.table.keys) == Set(BuiltinEngines.all.map(\.name)))
    }

    @Test func tableMatchesTheSources() throws {
        let bless = ProcessInfo.processInfo.environment["LADDER_BLESS_ENGINE_VERSIONS"] == "1"
        var text = try String(contentsOf: Self.tableFile, encoding: .utf8)
        for (name, entry) in EngineCodeVersions.table.sorted(by: { $0.key < $1.key }) {
            let actual = try Self.sourceHash(entry.sources)
            guard actual != entry.sha256 else { continue }
            let next = (Int(entry.version) ?? 0) + 1
            if bless {
                let old = "\"\(name)\": Entry(version: \"\(entry.version)\", sha256: \"\(entry.sha256)\""
                let new = "\"\(name)\": Entry(version: \"\(next)\", sha256: \"\(actual)\""
                #expect(text.contains(old), "cannot find the table line of \(name)")
                text = text.replacingOccurrences(of: old, with: new)
            } else {
                Issue.record("engine \(name)'s code changed: bump its version (to \(next)) and set its sha256 to \(actual) in Sources/LadderEngines/EngineCodeVersions.swift (or run the engine tests with LADDER_BLESS_ENGINE_VERSIONS=1)")
            }
        }
        if bless { try text.write(to: Self.tableFile, atomically: true, encoding: .utf8) }
    }
}

import Foundation
import LadderPython

/// Paths and tools the tests need, found once.
enum TestSupport {
    /// The repository root, with symlinks resolved (tests may run from a
    /// package whose folders link into the repository).
    static let repoRoot: URL = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared/data` next to the repository, when present.
    static let sharedData: URL? = {
        let url = repoRoot.deletingLastPathComponent().appendingPathComponent("shared/data")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }()

    /// A pack file in the module's source folder.
    static func packFile(_ language: String) -> URL {
        repoRoot.appendingPathComponent("Sources/LadderPython/Packs/python-\(language).json")
    }

    /// Runs `python3` with arguments; stdout, or nil when it cannot run or fails.
    static func python(_ arguments: [String], stdin: Data? = nil) -> Data? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let out = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = input
        do { try process.run() } catch { return nil }
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try? input.fileHandleForWriting.close()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? data : nil
    }

    /// The CPython standard library folder of the machine's `python3`.
    static let stdlib: URL? = {
        guard let data = python(["-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"]) else { return nil }
        let path = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return path.isEmpty ? nil : URL(fileURLWithPath: path)
    }()

    /// Every `.py` file of the stdlib (not site-packages), sorted, with bytes.
    static let stdlibFiles: [(path: String, bytes: [UInt8])] = {
        guard let root = stdlib, let walker = FileManager.default.enumerator(atPath: root.path) else { return [] }
        var files: [(String, [UInt8])] = []
        while let relative = walker.nextObject() as? String {
            if relative.hasPrefix("site-packages") || !relative.hasSuffix(".py") { continue }
            if let data = FileManager.default.contents(atPath: root.appendingPathComponent(relative).path) {
                files.append((relative, [UInt8](data)))
            }
        }
        return files.sorted { $0.0 < $1.0 }
    }()

    private static let packCache: [String: LanguagePack] = {
        var packs: [String: LanguagePack] = [:]
        for language in LanguagePack.builtinLanguages { packs[language] = try? LanguagePack.builtin(language) }
        return packs
    }()

    /// A built-in pack, loaded once.
    static func pack(_ language: String) throws -> LanguagePack {
        if let pack = packCache[language] { return pack }
        return try LanguagePack.builtin(language)
    }

    /// Transpiles `source` with a built-in pack; the text is nil unless ok.
    static func transpile(_ source: String, _ language: String = "es",
                          options: TranspileOptions = TranspileOptions()) throws -> (text: String?, row: TranspileLedgerRow) {
        let outcome = Transpiler(pack: try pack(language), options: options).transpile(source: Array(source.utf8), path: "t.py")
        return (outcome.output.map { String(decoding: $0, as: UTF8.self) }, outcome.row)
    }
}

import Foundation
import Testing

/// `ladder validate` as a user runs it: the built binary, its exit status and its standard error.
struct ValidateCommandTests {
    /// The `ladder` executable `swift build` puts beside the test bundle (LADDER_BINARY overrides).
    static let binary: URL? = {
        var candidates: [URL] = []
        if let explicit = ProcessInfo.processInfo.environment["LADDER_BINARY"] {
            candidates.append(URL(fileURLWithPath: explicit))
        }
        candidates.append(Bundle.main.bundleURL.appendingPathComponent("ladder"))
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("ladder"))
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(repo.appendingPathComponent(".build/debug/ladder"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    @Test(.enabled(if: binary != nil, "needs the built ladder binary"))
    func aliasBombExitsTwoWithALocatedErrorAtOnce() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("validate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var bomb = "ladder: lol\nl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for i in 1..<30 { bomb += "l\(i): &l\(i) [" + Array(repeating: "*l\(i - 1)", count: 9).joined(separator: ", ") + "]\n" }
        try bomb.write(to: dir.appendingPathComponent("bomb.yaml"), atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = Self.binary
        process.arguments = ["validate", "bomb.yaml"]
        process.currentDirectoryURL = dir
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        let started = Date()
        try process.run()
        let output = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()

        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 2)
        #expect(output.hasPrefix("bomb.yaml:2:5: error: YAML anchors and aliases are not supported in ladders (found anchor '&l0')\n"),
                "\(output)")
        #expect(output.contains("hint: use step templates and overrides instead of anchors"))
        #expect(Date().timeIntervalSince(started) < 10, "validate must refuse the file without expanding it")
    }
}

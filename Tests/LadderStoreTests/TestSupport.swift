import Foundation
@testable import LadderStore

/// A scratch directory removed when the test ends.
final class Scratch {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("ladder-store-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileIO.removeTree(url.path) }

    var store: URL { url.appendingPathComponent("runs") }

    /// Writes files (path → content) under `dir`, creating parents.
    @discardableResult
    func tree(_ name: String, _ files: [String: String]) throws -> URL {
        let dir = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (path, content) in files {
            let f = dir.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: f.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(content.utf8).write(to: f)
        }
        return dir
    }

    func open(_ access: StoreAccess = .exclusive(wait: 0)) throws -> Store {
        try Store.open(at: store, access: access, command: "test", racyMargin: 0)
    }
}

/// Overwrites a stored (read-only) file in place, as disk trouble or a
/// misbehaving engine would.
func scribble(_ url: URL, _ content: String) throws {
    chmod(url.path, 0o644)
    let fd = open(url.path, O_WRONLY | O_TRUNC)
    guard fd >= 0 else { throw StoreError.io("cannot open \(url.path)") }
    defer { close(fd) }
    _ = content.withCString { write(fd, $0, strlen($0)) }
}

func readText(_ url: URL) throws -> String {
    try String(contentsOf: url, encoding: .utf8)
}

/// A helper program run as a second process, with its stdout readable line by line.
final class Child {
    let process = Process()
    private let out = Pipe()
    private var buffered = Data()

    init(_ executable: String, _ arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    /// Blocks until the child prints `line` (or exits).
    func waitFor(_ line: String) -> Bool {
        while true {
            if let text = String(data: buffered, encoding: .utf8), text.split(separator: "\n").contains(Substring(line)) { return true }
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { return false }
            buffered.append(chunk)
        }
    }

    func killHard() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit {
        if process.isRunning { killHard() }
    }
}

enum Tools {
    /// An executable found on PATH, or nil.
    static func find(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let p = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    static var python: String? { find("python3") }
    static var hasPython: Bool { python != nil }
    static var sha256sum: String? { find("sha256sum") }

    /// Runs a command to completion and returns its stdout.
    static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let p = Process()
        let pipe = Pipe()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        p.standardOutput = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}

/// The shared test data folder (`../shared/data` from the repository root), if present.
func sharedData(_ path: String, file: String = #filePath) -> URL? {
    let repo = URL(fileURLWithPath: file).resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let url = repo.deletingLastPathComponent().appendingPathComponent("shared/data").appendingPathComponent(path)
    return FileManager.default.fileExists(atPath: url.path) ? url : nil
}

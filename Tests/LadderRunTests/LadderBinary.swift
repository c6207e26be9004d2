import Foundation

/// The built `ladder` executable, for the tests that must kill or interrupt a
/// real process. `swift build` puts it beside the test bundle; LADDER_BINARY
/// overrides the search.
enum LadderBinary {
    static let url: URL? = {
        let fm = FileManager.default
        var candidates: [URL] = []
        if let explicit = ProcessInfo.processInfo.environment["LADDER_BINARY"] {
            candidates.append(URL(fileURLWithPath: explicit))
        }
        let bundle = Bundle.main.bundleURL
        candidates.append(bundle.appendingPathComponent("ladder"))
        candidates.append(bundle.deletingLastPathComponent().appendingPathComponent("ladder"))
        if let exe = Bundle.main.executableURL {
            candidates.append(exe.deletingLastPathComponent().appendingPathComponent("ladder"))
            // macOS: .build/debug/XPackageTests.xctest/Contents/MacOS/XPackageTests
            candidates.append(exe.deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("ladder"))
        }
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(repo.appendingPathComponent(".build/debug/ladder"))
        return candidates.first { fm.isExecutableFile(atPath: $0.path) }
    }()

    static var available: Bool { url != nil }

    /// A started `ladder` process in `dir`, output captured into files there.
    final class Running {
        let process = Process()
        let stdoutURL: URL
        let stderrURL: URL

        /// `environment` adds to (or replaces in) this process's environment.
        init(_ arguments: [String], in dir: URL, tag: String, environment: [String: String] = [:]) throws {
            guard let url = LadderBinary.url else { throw CocoaError(.fileNoSuchFile) }
            stdoutURL = dir.appendingPathComponent(".out-\(tag).txt")
            stderrURL = dir.appendingPathComponent(".err-\(tag).txt")
            FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
            FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
            process.executableURL = url
            process.arguments = arguments
            process.currentDirectoryURL = dir
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
            process.standardError = try FileHandle(forWritingTo: stderrURL)
            try process.run()
        }

        var pid: Int32 { process.processIdentifier }

        /// Waits for the exit; the exit status, or 128 + signal when killed.
        @discardableResult
        func wait() -> Int32 {
            process.waitUntilExit()
            return process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        }

        var stdout: String { (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "" }
        var stderr: String { (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "" }
    }

    /// Runs `ladder ARGS` in `dir` to the end: exit status and standard output.
    static func run(_ arguments: [String], in dir: URL, tag: String = "run",
                    environment: [String: String] = [:]) throws -> (status: Int32, stdout: String, stderr: String) {
        let r = try Running(arguments, in: dir, tag: tag, environment: environment)
        let status = r.wait()
        return (status, r.stdout, r.stderr)
    }
}

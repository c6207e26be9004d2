import Foundation

/// The release `ladder` executable that `make bench` builds next to `ladder-bench`
/// (`swift build -c release --product ladder` in this package), so CLI figures are
/// taken through the binary users run, with the shipped optimisation settings.
enum LadderBinary {
    /// `ladder` beside this executable, if it was built.
    static var path: String? {
        let dir = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        let candidate = dir.appendingPathComponent("ladder").path
        return FileManager.default.isExecutableFile(atPath: candidate) ? candidate : nil
    }

    /// Wall-clock seconds of one invocation; its output is discarded; a non-zero exit throws.
    static func time(_ argv: [String]) throws -> Double {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: argv[0])
        p.arguments = Array(argv.dropFirst())
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        let seconds = try BenchReport.time {
            try p.run()
            p.waitUntilExit()
        }
        guard p.terminationStatus == 0 else {
            throw BenchError("`\(argv.joined(separator: " "))` exited with status \(p.terminationStatus)")
        }
        return seconds
    }
}

/// A benchmark that could not be taken.
struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

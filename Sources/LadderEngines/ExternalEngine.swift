import Foundation
import LadderCore
import LadderStore

/// Runs an external engine: `argv + [request.json]`, no shell, only the
/// environment variables the ladder names (plus PATH, HOME, LANG, LC_ALL, TMPDIR, PYTHONPATH),
/// stdout and stderr captured into the step's log, a time limit enforced.
public struct ExternalEngine: Sendable {
    public var argv: [String]
    public var env: [String]
    /// Directory the command runs in (the ladder's), so relative script paths work.
    public var workingDirectory: String

    public init(argv: [String], env: [String], workingDirectory: String) {
        self.argv = argv
        self.env = env
        self.workingDirectory = workingDirectory
    }

    /// The variables every engine process sees: PATH, HOME, LANG, LC_ALL, TMPDIR, PYTHONPATH.
    public static func baseEnvironment(from parent: [String: String] = ProcessInfo.processInfo.environment,
                                       adding names: [String] = []) -> [String: String] {
        var out: [String: String] = [:]
        for name in ["PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "PYTHONPATH"] + names { if let v = parent[name] { out[name] = v } }
        out["PYTHONUNBUFFERED"] = "1"
        return out
    }

    /// The variables this engine's process sees: the base set plus the ladder's `env:` names.
    public func environment(from parent: [String: String] = ProcessInfo.processInfo.environment) -> [String: String] {
        Self.baseEnvironment(from: parent, adding: env)
    }

    /// Runs the engine and returns its result; every failure mode becomes a clear reason.
    public func run(_ request: EngineRequest, requestURL: URL, logURL: URL, timeLimit: TimeInterval?,
                    context: EngineContext) throws -> (result: EngineResult, exitStatus: Int32) {
        try JSONWriter.write(request, to: requestURL)
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        defer { try? log.close() }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = argv + [requestURL.path]
        p.environment = environment()
        p.currentDirectoryURL = URL(fileURLWithPath: workingDirectory)
        p.standardOutput = log
        p.standardError = log
        p.standardInput = FileHandle.nullDevice
        do { try p.run() } catch {
            throw LadderError.stepFailed("cannot start \(argv.joined(separator: " ")): \(error)")
        }
        // The child leads its own process group (Foundation spawns it so), which is
        // what time-outs, Ctrl-C and a second Ctrl-C signal: the engine and
        // everything it started.
        let pid = p.processIdentifier
        OrphanedEngines.mark(workDirectory: requestURL.deletingLastPathComponent(), pid: pid)
        EngineProcessGroups.shared.insert(pid)
        defer { EngineProcessGroups.shared.remove(pid) }
        let start = Date()
        var timedOut = false
        var interrupted = false
        var polls = 0
        while p.isRunning {
            if let timeLimit, Date().timeIntervalSince(start) > timeLimit, !timedOut {
                timedOut = true
                Self.stop(pid)
            }
            if context.isCancelled, !interrupted {
                interrupted = true
                Self.stop(pid)
            }
            // Foundation reports the exit only once every process holding the child's
            // end of its status socket is gone, so a background process the engine left
            // behind would hold the step open; once the engine itself has exited, end them.
            polls += 1
            if polls % 50 == 0, Self.hasExited(pid) { kill(-pid, SIGKILL) }
            usleep(2_000)
        }
        p.waitUntilExit()
        let status = p.terminationStatus
        if interrupted { throw LadderError.stepFailed("interrupted") }
        if timedOut { throw EngineFailure.timedOut(seconds: timeLimit ?? 0) }
        if p.terminationReason == .uncaughtSignal {
            throw EngineFailure.exited(status: 128 + status, reason: "the engine was killed by signal \(status)")
        }
        let resultURL = URL(fileURLWithPath: request.resultPath)
        guard status == 0 else {
            let detail = (try? EngineResult.read(from: resultURL))?.message.map { ": \($0)" } ?? ""
            throw EngineFailure.exited(status: status, reason: "the engine exited with status \(status)\(detail)")
        }
        return (try EngineResult.read(from: resultURL), status)
    }

    /// SIGTERM to the engine's process group, then SIGKILL if it is still there after two seconds.
    static func stop(_ pid: Int32) {
        signalGroup(pid, SIGTERM)
        DispatchQueue.global().asyncAfter(deadline: .now() + 2) { signalGroup(pid, SIGKILL) }
    }

    static func signalGroup(_ pid: Int32, _ sig: Int32) {
        if kill(-pid, sig) != 0 { kill(pid, sig) }
    }

    /// True once `pid` is a zombie: exited, not yet reaped (Linux `/proc`; elsewhere never).
    static func hasExited(_ pid: Int32) -> Bool {
        #if os(Linux)
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        return stat[close...].hasPrefix(") Z")
        #else
        return false
        #endif
    }

    /// SIGKILL to every engine process group still running: a second Ctrl-C
    /// kills the runner's own group, which engines are not part of.
    public static func killRunning() {
        for pid in EngineProcessGroups.shared.all { signalGroup(pid, SIGKILL) }
    }
}

/// Process groups of the engines now running, for `ExternalEngine.killRunning()`.
final class EngineProcessGroups: @unchecked Sendable {
    static let shared = EngineProcessGroups()
    private let lock = NSLock()
    private var pids: Set<Int32> = []

    func insert(_ pid: Int32) { lock.lock(); pids.insert(pid); lock.unlock() }
    func remove(_ pid: Int32) { lock.lock(); pids.remove(pid); lock.unlock() }
    var all: [Int32] { lock.lock(); defer { lock.unlock() }; return Array(pids) }
}

/// Why an engine attempt failed, so retry policies can tell time-outs and exit codes apart.
public enum EngineFailure: Error, CustomStringConvertible {
    case exited(status: Int32, reason: String)
    case timedOut(seconds: TimeInterval)

    public var description: String {
        switch self {
        case .exited(_, let reason): return reason
        case .timedOut(let s): return "the engine ran past its time limit of \(Int(s)) s and was stopped"
        }
    }
}

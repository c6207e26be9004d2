import Foundation
import LadderCore
import LadderStore

/// A program run for an engine: external engines and the `shell` engine both
/// start their processes here, so they are stopped the same way.
///
/// - argv through `/usr/bin/env`, never a shell; standard input `/dev/null`;
///   standard output and error into the step's log.
/// - The process leads its own process group (Foundation spawns it so): a
///   time-out or Ctrl-C sends SIGTERM to the whole group, SIGKILL two seconds
///   later; it is registered in `EngineProcessGroups` for a second Ctrl-C and
///   marked in the attempt's work directory (`OrphanedEngines`) so the next
///   run kills it if this runner is SIGKILLed.
/// - Once the process itself has exited, anything it left running in its
///   group is killed (Linux), so a forgotten background process cannot hold
///   the step open.
struct EngineProcess {
    var argv: [String]
    var environment: [String: String]
    var workingDirectory: String

    /// How the process ended on its own.
    enum Ending: Equatable {
        case exited(Int32)
        case killed(signal: Int32)
    }

    /// Runs to the end under `context`'s time limit and cancellation. Throws
    /// "cannot start ...", `EngineFailure.timedOut`, or "interrupted".
    func run(context: EngineContext) throws -> Ending {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = argv
        p.environment = environment
        p.currentDirectoryURL = URL(fileURLWithPath: workingDirectory)
        p.standardOutput = context.logFile
        p.standardError = context.logFile
        p.standardInput = FileHandle.nullDevice
        do { try p.run() } catch {
            throw LadderError.stepFailed("cannot start \(argv.joined(separator: " ")): \(error)")
        }
        let pid = p.processIdentifier
        if let work = context.workDirectory { OrphanedEngines.mark(workDirectory: work, pid: pid) }
        EngineProcessGroups.shared.insert(pid)
        defer { EngineProcessGroups.shared.remove(pid) }
        var timedOut: TimeInterval?
        var interrupted = false
        var polls = 0
        while p.isRunning {
            if timedOut == nil, !interrupted {
                if let limit = context.expiredLimit {
                    timedOut = limit
                    Self.stop(pid)
                } else if context.isCancelled {
                    interrupted = true
                    Self.stop(pid)
                }
            }
            // Foundation reports the exit only once every process holding the child's
            // end of its status socket is gone, so a background process the engine left
            // behind would hold the step open; once the engine itself has exited, end them.
            polls += 1
            if polls % 50 == 0, Self.hasExited(pid) { kill(-pid, SIGKILL) }
            usleep(2_000)
        }
        p.waitUntilExit()
        if interrupted { throw LadderError.stepFailed("interrupted") }
        if let timedOut { throw EngineFailure.timedOut(seconds: timedOut) }
        return p.terminationReason == .uncaughtSignal ? .killed(signal: p.terminationStatus) : .exited(p.terminationStatus)
    }

    /// SIGTERM to the process group, then SIGKILL if it is still there after two seconds.
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
}

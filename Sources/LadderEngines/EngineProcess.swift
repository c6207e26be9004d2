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
        // Registered first (a second Ctrl-C finds it at once), then marked on disk for the next run.
        EngineProcessGroups.shared.insert(pid)
        defer { EngineProcessGroups.shared.remove(pid) }
        if let work = context.workDirectory { OrphanedEngines.mark(workDirectory: work, pid: pid) }
        // Once this call returns, the engine has been reaped and its number may soon belong
        // to another process: the SIGKILL `stop` leaves for later must not be sent then.
        let ended = EndedFlag()
        defer { ended.set() }
        var timedOut: TimeInterval?
        var interrupted = false
        var polls = 0
        while p.isRunning {
            if timedOut == nil, !interrupted {
                if let limit = context.expiredLimit {
                    timedOut = limit
                    Self.stop(pid, unless: ended)
                } else if context.isCancelled {
                    interrupted = true
                    Self.stop(pid, unless: ended)
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

    /// SIGTERM to the process group, then SIGKILL after two seconds unless the call that
    /// runs the engine has returned by then (its number may have been given to another
    /// process since: with 32768 pids a busy machine reuses one within seconds).
    static func stop(_ pid: Int32, unless ended: EndedFlag) {
        signalGroup(pid, SIGTERM)
        DispatchQueue.global().asyncAfter(deadline: .now() + 2) {
            if !ended.isSet { signalGroup(pid, SIGKILL) }
        }
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

/// Set once, read from another thread.
final class EndedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    func set() {
        lock.lock(); defer { lock.unlock() }
        value = true
    }

    var isSet: Bool {
        lock.lock(); defer { lock.unlock() }
        return value
    }
}

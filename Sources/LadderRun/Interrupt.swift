import Foundation
import LadderCore
import LadderEngines
import LadderPlan
import LadderStore
import LadderSpec

/// Ctrl-C handling: the first SIGINT (or SIGTERM) asks the run to stop cleanly —
/// no new steps, running engines told to stop, state recorded; a second one
/// kills every engine's process group and then the runner itself.
///
/// The second one never signals the runner's process group (`kill(0, …)`):
/// that group is the user's shell pipeline or `make`, not the run's. Engines
/// lead their own groups (`EngineProcessGroups`), so they are killed by name.
public final class Interrupt: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    private var sources: [any DispatchSourceSignal] = []
    private let endRunner: @Sendable () -> Void
    private let killEngines: @Sendable () -> Void

    /// `endRunner` is the last thing a second Ctrl-C does, once the engines are
    /// killed (`killEngines`, by default every registered engine group): by default
    /// SIGKILL to this process alone. Tests pass their own.
    public init(endRunner: @escaping @Sendable () -> Void = Interrupt.killThisProcess,
                killEngines: @escaping @Sendable () -> Void = { EngineProcessGroups.shared.killAll() }) {
        self.endRunner = endRunner
        self.killEngines = killEngines
    }

    /// SIGKILL to the runner's own process, not to its process group.
    public static let killThisProcess: @Sendable () -> Void = { kill(getpid(), SIGKILL) }

    public var requested: Bool { lock.lock(); defer { lock.unlock() }; return count > 0 }

    /// Installs the handlers (for the lifetime of this object).
    public func install() {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let src = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            src.setEventHandler { [weak self] in self?.signalled() }
            src.resume()
            sources.append(src)
        }
    }

    /// Asks the run to stop cleanly, as a first Ctrl-C does, without a message.
    public func request() { lock.lock(); count += 1; lock.unlock() }

    /// What the handler does on each SIGINT or SIGTERM: the first asks the run
    /// to stop, the second kills the engines' process groups and ends the runner.
    /// Public so the mechanism can be driven without sending a signal.
    public func signalled() {
        lock.lock()
        count += 1
        let n = count
        lock.unlock()
        if n == 1 {
            FileHandle.standardError.write(Data("\nstopping: waiting for running steps to end (Ctrl-C again to kill)\n".utf8))
        } else if n == 2 {
            FileHandle.standardError.write(Data("\nkilled\n".utf8))
            killEngines()
            endRunner()
        }
    }
}

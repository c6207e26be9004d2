import Foundation
import LadderCore
import LadderEngines
import LadderPlan
import LadderStore
import LadderSpec

/// Ctrl-C handling: the first SIGINT (or SIGTERM) asks the run to stop cleanly —
/// no new steps, running engines told to stop, state recorded; a second one
/// kills the process group at once.
public final class Interrupt: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    private var sources: [any DispatchSourceSignal] = []

    public init() {}

    public var requested: Bool { lock.lock(); defer { lock.unlock() }; return count > 0 }

    /// Installs the handlers (for the lifetime of this object).
    public func install() {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let src = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            src.setEventHandler { [weak self] in self?.received() }
            src.resume()
            sources.append(src)
        }
    }

    public func request() { lock.lock(); count += 1; lock.unlock() }

    private func received() {
        lock.lock()
        count += 1
        let n = count
        lock.unlock()
        if n == 1 {
            FileHandle.standardError.write(Data("\nstopping: waiting for running steps to end (Ctrl-C again to kill)\n".utf8))
        } else {
            FileHandle.standardError.write(Data("\nkilled\n".utf8))
            ExternalEngine.killRunning()
            signal(SIGTERM, SIG_DFL)
            kill(0, SIGKILL)
        }
    }
}

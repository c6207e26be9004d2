import Foundation

/// Process groups of the engine processes now running (external engines and
/// `shell` commands, each the leader of its own group), so that a second
/// Ctrl-C can kill them all at once.
public final class EngineProcessGroups: @unchecked Sendable {
    public static let shared = EngineProcessGroups()
    private let lock = NSLock()
    private var pids: Set<Int32> = []

    func insert(_ pid: Int32) { lock.lock(); pids.insert(pid); lock.unlock() }
    func remove(_ pid: Int32) { lock.lock(); pids.remove(pid); lock.unlock() }

    /// Leaders of the groups now registered, in ascending order.
    public var all: [Int32] { lock.lock(); defer { lock.unlock() }; return pids.sorted() }

    /// SIGKILL to every registered group. Never signals the runner's own group:
    /// engines are not part of it, and it may hold the user's shell pipeline.
    public func killAll() { killAll(where: { _ in true }) }

    /// SIGKILL to the registered groups whose leader passes `include` (a test that drives a
    /// second Ctrl-C in-process kills only its own run's engines, not those of tests beside it).
    public func killAll(where include: (Int32) -> Bool) {
        for pid in all where include(pid) { EngineProcess.signalGroup(pid, SIGKILL) }
    }
}

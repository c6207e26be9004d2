import Foundation
import LadderCore

/// Cancellation, time limit and logging for an engine call.
///
/// The runner gives each step a context it cancels on Ctrl-C; `EngineInvoker`
/// wraps it in a child that carries the step's log, its time limit
/// (`resources.time`) and its work directory. Built-in engines call
/// `checkCancelled()` between items; processes started through
/// `EngineProcess` (external engines, `shell`) are stopped by it.
public final class EngineContext: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false
    private let logHandle: FileHandle?
    private let parent: EngineContext?
    private let started = DispatchTime.now()
    /// Seconds the call may take; nil for no limit.
    public let timeLimit: TimeInterval?
    /// The attempt's work directory, where a started process leaves its orphan marker.
    let workDirectory: URL?
    /// Variables set for the processes this call starts, over the runner's (the GPUs the
    /// local executor gave the step); see `processEnvironment`.
    private let environment: [String: String]

    public init(logURL: URL?, parent: EngineContext? = nil, timeLimit: TimeInterval? = nil, workDirectory: URL? = nil,
                environment: [String: String] = [:]) {
        self.parent = parent
        self.timeLimit = timeLimit
        self.workDirectory = workDirectory
        self.environment = environment
        if let logURL {
            _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
            // A log that cannot be opened loses the engine's output, not the step.
            logHandle = try? FileHandle(forWritingTo: logURL)
        } else {
            logHandle = nil
        }
    }

    deinit { try? logHandle?.close() }

    /// Appends a line to the step's captured log (`ladder log`). A line that cannot be written
    /// (the disk is full) is dropped: `FileHandle.write(_:)` would trap, and the log is not
    /// what the step makes; whatever filled the disk fails the step where it writes its outputs.
    public func log(_ line: String) {
        lock.lock(); defer { lock.unlock() }
        try? logHandle?.write(contentsOf: Data((line + "\n").utf8))
    }

    /// Where a child process's standard output and error go: the step's log, or nowhere.
    var logFile: FileHandle { logHandle ?? FileHandle.nullDevice }

    /// This context's variables over its parent's: what a started process sees beyond the base set.
    public var processEnvironment: [String: String] {
        (parent?.processEnvironment ?? [:]).merging(environment) { _, own in own }
    }

    public func cancel() { lock.lock(); cancelled = true; lock.unlock() }

    /// True once this call or the run it belongs to is being stopped (Ctrl-C).
    public var isCancelled: Bool {
        if parent?.isCancelled == true { return true }
        lock.lock(); defer { lock.unlock() }
        return cancelled
    }

    /// Seconds since the context was made.
    public var elapsed: TimeInterval {
        Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
    }

    /// True once the call has run longer than its time limit (its own or its parent's).
    public var isPastTimeLimit: Bool {
        if let timeLimit, elapsed > timeLimit { return true }
        return parent?.isPastTimeLimit ?? false
    }

    /// The time limit that ran out, this context's or its parent's.
    var expiredLimit: TimeInterval? {
        if let timeLimit, elapsed > timeLimit { return timeLimit }
        return parent?.expiredLimit
    }

    /// Throws when the call must stop: `EngineFailure.timedOut` past the time
    /// limit, "interrupted" when the run is being stopped. Long loops call it
    /// between items.
    public func checkCancelled() throws {
        if isCancelled { throw LadderError.stepFailed("interrupted") }
        try checkTimeLimit()
    }

    /// Throws `EngineFailure.timedOut` once the time limit has passed.
    public func checkTimeLimit() throws {
        if let limit = expiredLimit { throw EngineFailure.timedOut(seconds: limit) }
    }
}

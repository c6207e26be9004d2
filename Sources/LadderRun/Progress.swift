import Foundation
import LadderCore
import LadderPlan
import LadderStore
import LadderSpec

/// Live progress on standard error. On a terminal: one redrawn status line
/// (done/total, running steps, failures, elapsed, ETA), and each failure's reason
/// the moment it happens. Otherwise: one line per executed or failed step.
/// Reused and skipped steps are never listed one by one (the summary counts
/// them) unless `verbose`, which also prints each start.
public final class Progress: @unchecked Sendable {
    private let lock = NSLock()
    private let isTTY: Bool
    private let quiet: Bool
    private let verbose: Bool
    private var total = 0, done = 0, failed = 0, executed = 0
    private var current: [String] = []
    private var start = Date()
    private var executedSeconds = 0.0

    public init(quiet: Bool = false, verbose: Bool = false, isTTY: Bool = isatty(STDERR_FILENO) != 0) {
        self.quiet = quiet
        self.verbose = verbose
        self.isTTY = isTTY
    }

    /// Whether a step that ended this way gets a line of its own.
    func listed(_ outcome: String) -> Bool {
        verbose || outcome == "failed" || outcome == "interrupted" || (!isTTY && outcome == "executed")
    }

    func begin(total: Int) {
        lock.lock(); defer { lock.unlock() }
        self.total = total
        start = Date()
    }

    func stepStarted(_ label: String, running: Int) {
        lock.lock(); defer { lock.unlock() }
        current.append(label)
        if verbose { emit("\(isTTY ? "\u{1B}[2K\r" : "")start  \(label)") }
        if isTTY { redraw() }
    }

    func stepDone(_ label: String, outcome: String, seconds: Double?, reason: String? = nil) {
        lock.lock(); defer { lock.unlock() }
        done += 1
        if outcome == "failed" { failed += 1 }
        if outcome == "executed", let seconds { executed += 1; executedSeconds += seconds }
        current.removeAll { $0 == label }
        let time = seconds.map { String(format: " (%.2f s)", $0) } ?? ""
        let why = reason.map { ": \($0)" } ?? ""
        if listed(outcome) {
            emit("\(isTTY ? "\u{1B}[2K\r" : "")[\(done)/\(total)] \(outcome) \(label)\(time)\(why)")
        }
        if isTTY { redraw() }
    }

    func end() {
        lock.lock(); defer { lock.unlock() }
        if isTTY && !quiet { FileHandle.standardError.write(Data("\u{1B}[2K\r".utf8)) }
    }

    private func redraw() {
        guard !quiet else { return }
        let elapsed = Date().timeIntervalSince(start)
        let left = total - done
        let eta = done > 0 ? elapsed / Double(done) * Double(left) : 0
        var line = "\(done)/\(total) done, \(current.count) running, \(failed) failed, "
        line += String(format: "%.0fs elapsed, ETA %.0fs", elapsed, eta)
        if let c = current.last { line += " — \(c)" }
        FileHandle.standardError.write(Data("\u{1B}[2K\r\(line.prefix(160))".utf8))
    }

    private func emit(_ s: String) {
        guard !quiet else { return }
        FileHandle.standardError.write(Data((s + "\n").utf8))
    }
}

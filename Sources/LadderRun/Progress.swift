import Foundation
import LadderCore
import LadderPlan
import LadderStore
import LadderSpec

/// Live progress on standard error: a redrawn status line on a terminal
/// (done/running/failed/total, current steps, elapsed, ETA), plain lines otherwise.
public final class Progress: @unchecked Sendable {
    private let lock = NSLock()
    private let isTTY: Bool
    private let quiet: Bool
    private var total = 0, done = 0, failed = 0, executed = 0
    private var current: [String] = []
    private var start = Date()
    private var executedSeconds = 0.0

    public init(quiet: Bool = false, isTTY: Bool = isatty(STDERR_FILENO) != 0) {
        self.quiet = quiet
        self.isTTY = isTTY
    }

    func begin(total: Int) {
        lock.lock(); defer { lock.unlock() }
        self.total = total
        start = Date()
    }

    func stepStarted(_ label: String, running: Int) {
        lock.lock(); defer { lock.unlock() }
        current.append(label)
        if isTTY { redraw() } else { emit("start  \(label)") }
    }

    func stepDone(_ label: String, outcome: String, seconds: Double?, reason: String? = nil) {
        lock.lock(); defer { lock.unlock() }
        done += 1
        if outcome == "failed" { failed += 1 }
        if outcome == "executed", let seconds { executed += 1; executedSeconds += seconds }
        current.removeAll { $0 == label }
        let time = seconds.map { String(format: " (%.2f s)", $0) } ?? ""
        let why = reason.map { ": \($0)" } ?? ""
        if isTTY {
            if outcome != "reused" { emit("\u{1B}[2K\r\(outcome) \(label)\(time)\(why)") }
            redraw()
        } else if outcome != "reused" || total < 200 {
            emit("[\(done)/\(total)] \(outcome) \(label)\(time)\(why)")
        }
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

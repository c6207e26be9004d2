import Foundation
import LadderCore

/// What the step has paid for so far, across all its attempts: every 2xx
/// response's tokens and estimated cost, kept in the state directory. The
/// spend breaker counts what this `ladder run` spent (its first attempt sets
/// the baseline, its retries count against the same budget); a later run
/// starts a new budget and reports the total.
final class SpendTally: @unchecked Sendable {
    struct Totals: Sendable, Equatable {
        var calls = 0
        var inputTokens = 0
        var outputTokens = 0
        var usd = 0.0
    }

    private let lock = NSLock()
    private let file: URL
    private var totals: Totals
    /// What this attempt added.
    private var fresh = Totals()
    /// Spend before this run's first attempt.
    private var baseline: Double

    /// `attempt` is the runner's attempt number within this run (1 for the first).
    init(file: URL, attempt: Int) {
        self.file = file
        var t = Totals()
        var base: Double?
        if let d = FileManager.default.contents(atPath: file.path), let v = try? Value.parseJSON(d) {
            t.calls = v["calls"]?.intValue ?? 0
            t.inputTokens = v["input_tokens"]?.intValue ?? 0
            t.outputTokens = v["output_tokens"]?.intValue ?? 0
            t.usd = v["usd"]?.doubleValue ?? 0
            base = v["run_baseline_usd"]?.doubleValue
        }
        totals = t
        baseline = attempt <= 1 ? t.usd : (base ?? t.usd)
        save()
    }

    private func save() {
        let v = Value.object(["calls": .int(totals.calls), "input_tokens": .int(totals.inputTokens),
                              "output_tokens": .int(totals.outputTokens), "usd": .double(totals.usd),
                              "run_baseline_usd": .double(baseline)])
        try? AtomicFile.write(v.canonicalJSON + "\n", to: file)
    }

    /// What this run has spent (all its attempts).
    var thisRun: Double { lock.lock(); defer { lock.unlock() }; return totals.usd - baseline }

    func add(inputTokens: Int, outputTokens: Int, usd: Double) {
        lock.lock(); defer { lock.unlock() }
        for k in [0, 1] {
            var t = k == 0 ? totals : fresh
            t.calls += 1
            t.inputTokens += inputTokens
            t.outputTokens += outputTokens
            t.usd += usd
            if k == 0 { totals = t } else { fresh = t }
        }
        save()
    }

    var total: Totals { lock.lock(); defer { lock.unlock() }; return totals }
    var thisAttempt: Totals { lock.lock(); defer { lock.unlock() }; return fresh }
}

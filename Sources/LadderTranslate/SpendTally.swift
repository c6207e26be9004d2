import Foundation
import LadderCore

/// What the step has paid for so far, across all its attempts: every 2xx
/// response's tokens and estimated cost, kept in the state directory so the
/// spend breaker counts money spent before a resume too.
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

    init(file: URL) {
        self.file = file
        var t = Totals()
        if let d = FileManager.default.contents(atPath: file.path), let v = try? Value.parseJSON(d) {
            t.calls = v["calls"]?.intValue ?? 0
            t.inputTokens = v["input_tokens"]?.intValue ?? 0
            t.outputTokens = v["output_tokens"]?.intValue ?? 0
            t.usd = v["usd"]?.doubleValue ?? 0
        }
        totals = t
    }

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
        let v = Value.object(["calls": .int(totals.calls), "input_tokens": .int(totals.inputTokens),
                              "output_tokens": .int(totals.outputTokens), "usd": .double(totals.usd)])
        try? AtomicFile.write(v.canonicalJSON + "\n", to: file)
    }

    var total: Totals { lock.lock(); defer { lock.unlock() }; return totals }
    var thisAttempt: Totals { lock.lock(); defer { lock.unlock() }; return fresh }
}

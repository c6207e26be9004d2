/// Counts for one cell under one scorer. Rates are computed from counts on
/// demand; an empty cell has `n == 0` and rates of 0.0 (the value the study's
/// own code writes for an empty cell), never a division by zero.
public struct CellTally: Sendable, Equatable {
    /// Rows scored.
    public var n = 0
    /// Rows whose answer equals gold.
    public var correct = 0
    /// Rows with no answer (parse failures).
    public var failed = 0

    public init() {}

    public init(n: Int, correct: Int, failed: Int) {
        self.n = n
        self.correct = correct
        self.failed = failed
    }

    mutating func add(answered: Bool, correct isCorrect: Bool) {
        n += 1
        if !answered { failed += 1 } else if isCorrect { correct += 1 }
    }

    /// `correct / n`, or 0.0 when `n == 0`.
    public var accuracy: Double { n == 0 ? 0.0 : Double(correct) / Double(n) }
    /// `failed / n`, or 0.0 when `n == 0`.
    public var failureRate: Double { n == 0 ? 0.0 : Double(failed) / Double(n) }
}

/// One scored row: the answer (nil when none), the rule that decided, and
/// whether the answer equals gold.
public struct ScoredRow: Sendable, Equatable {
    public var pred: String?
    public var via: String?
    public var correct: Bool

    public init(pred: String?, via: String?, correct: Bool) {
        self.pred = pred
        self.via = via
        self.correct = correct
    }
}

/// A raw output with its gold answer, as an evaluation step stores it.
public struct RowInput: Sendable {
    public var rawOutput: String
    public var gold: String

    public init(rawOutput: String, gold: String) {
        self.rawOutput = rawOutput
        self.gold = gold
    }
}

extension Scorer {
    /// Scores rows of one benchmark: one `ScoredRow` per input, in order,
    /// and the cell's counts. Gold is compared code point by code point, as
    /// Python compares strings (no Unicode normalisation).
    public func score(_ rows: [RowInput], benchmark: Benchmark) -> (rows: [ScoredRow], tally: CellTally) {
        var tally = CellTally()
        var scored: [ScoredRow] = []
        scored.reserveCapacity(rows.count)
        for row in rows {
            let e = extract(row.rawOutput, benchmark: benchmark)
            let correct = e.pred.map { $0.unicodeScalars.elementsEqual(row.gold.unicodeScalars) } ?? false
            tally.add(answered: e.pred != nil, correct: correct)
            scored.append(ScoredRow(pred: e.pred, via: e.via, correct: correct))
        }
        return (scored, tally)
    }
}

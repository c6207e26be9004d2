import Foundation
import LadderAnalysis

/// The two-scorer view of one run: each cell's accuracy and parse-failure rate
/// under scorer A and scorer B, and the conclusions vs baseline that flip
/// between them (`ladder diff --scorers A B RUN`).
public struct ScorerComparison: Sendable {
    /// One seed-collapsed cell under both scorers.
    public struct Row: Sendable, Equatable {
        public var cell: CellKey
        public var seeds: Int
        public var accuracyA: Double?
        public var accuracyB: Double?
        public var parseFailureRateA: Double?
        public var parseFailureRateB: Double?
        public var deltaVsBaselineA: Double?
        public var deltaVsBaselineB: Double?
        public var change: Double? {
            guard let a = accuracyA, let b = accuracyB else { return nil }
            return b - a
        }
    }

    public var run: String
    public var scorerA: String
    public var scorerB: String
    public var noiseFloor: Double
    public var rows: [Row]
    public var flips: [FlipComparison]

    /// Compares two scorers of an analysed run; throws when a scorer has no rows.
    public static func compare(_ result: AnalysisResult, run: String, scorerA: String, scorerB: String) throws -> ScorerComparison {
        for s in [scorerA, scorerB] where !result.scorers.contains(s) {
            throw LadderAnalysisError.badInput("run \(run) has no rows scored by '\(s)' (scorers present: \(result.scorers.joined(separator: ", "))); pick one of those")
        }
        struct Entry { var cell: CellRow?; var delta: Double? }
        var a: [CellKey: Entry] = [:], b: [CellKey: Entry] = [:]
        for c in result.cells where c.scorer == scorerA { a[c.key] = Entry(cell: c) }
        for c in result.cells where c.scorer == scorerB { b[c.key] = Entry(cell: c) }
        for v in result.versusBaseline {
            if v.scorer == scorerA { a[v.key]?.delta = v.delta }
            if v.scorer == scorerB { b[v.key]?.delta = v.delta }
        }
        let rows = Set(a.keys).union(b.keys).sorted().map { k in
            Row(cell: k, seeds: max(a[k]?.cell?.seedCount ?? 0, b[k]?.cell?.seedCount ?? 0),
                accuracyA: a[k]?.cell?.accuracyMean, accuracyB: b[k]?.cell?.accuracyMean,
                parseFailureRateA: a[k]?.cell?.parseFailureRateMean, parseFailureRateB: b[k]?.cell?.parseFailureRateMean,
                deltaVsBaselineA: a[k]?.delta, deltaVsBaselineB: b[k]?.delta)
        }
        return ScorerComparison(run: run, scorerA: scorerA, scorerB: scorerB, noiseFloor: result.config.noiseFloor, rows: rows,
                                flips: ConclusionFlips.betweenScorers(result, scorerA, scorerB))
    }

    /// Per-cell table plus one flips table per conclusion grain.
    public func tables() -> [Table] {
        let notes = [Table.Note("run", run), Table.Note("a", scorerA), Table.Note("b", scorerB),
                     Table.Note("noise_floor", NumberText.decimal(noiseFloor) ?? "0")]
        let cells = Table(name: "scorer_comparison", grain: .cell, scorers: [scorerA, scorerB], notes: notes,
                          columns: ["condition", "template", "benchmark", "data_lang", "instr_lang", "n_seeds", "accuracy_a", "accuracy_b",
                                    "accuracy_change", "parse_failure_rate_a", "parse_failure_rate_b", "delta_vs_baseline_a", "delta_vs_baseline_b"],
                          rows: rows.map { r in
                              [.string(r.cell.condition), .string(r.cell.template), .string(r.cell.benchmark), .string(r.cell.dataLang),
                               .string(r.cell.instrLang), .int(r.seeds), .optional(r.accuracyA), .optional(r.accuracyB), .optional(r.change),
                               .optional(r.parseFailureRateA), .optional(r.parseFailureRateB), .optional(r.deltaVsBaselineA), .optional(r.deltaVsBaselineB)]
                          })
        return [cells] + flips.map { $0.table() }
    }

    public func tsv() -> String { tables().map { $0.tsv() }.joined(separator: "\n") }

    public func json() -> String {
        "{\n\"run\": \(JSONText.string(run)),\n\"a\": \(JSONText.string(scorerA)),\n\"b\": \(JSONText.string(scorerB)),\n\"flips\": {"
            + flips.map { "\(JSONText.string($0.grain.rawValue)): \($0.flips.count)" }.joined(separator: ", ")
            + "},\n\"tables\": [\n" + tables().map { $0.json() }.joined(separator: ",\n") + "]\n}\n"
    }

    /// Flips first (what changes a conclusion), then cells whose accuracy moved beyond the floor.
    public func text() -> String {
        var out = "scorers  A: \(scorerA)  B: \(scorerB)  run \(run)  (noise floor \(NumberText.decimal(noiseFloor) ?? "0"))\n\n"
        let moved = rows.filter { abs($0.change ?? 0) > noiseFloor }
        out += "Summary\n  cells: \(rows.count) (seeds collapsed), \(moved.count) moved beyond the floor\n"
        out += "  flips: " + flips.map { "\($0.flips.count) at \($0.grain.rawValue)" }.joined(separator: ", ") + "\n\nFlips vs baseline\n"
        var any = false
        for f in flips {
            for x in f.flips {
                any = true
                out += "  \(f.grain.rawValue)  \(x.unit): \(NumberText.points(x.deltaA)) → \(NumberText.points(x.deltaB)) pts  \(x.direction)\n"
            }
        }
        if !any { out += "  none\n" }
        out += "\nCells that moved (accuracy A → B, parse failures A → B)\n"
        for r in moved {
            out += "  \(r.cell): \(NumberText.percent(r.accuracyA ?? 0))% → \(NumberText.percent(r.accuracyB ?? 0))%"
            out += "  failures \(NumberText.percent(r.parseFailureRateA ?? 0))% → \(NumberText.percent(r.parseFailureRateB ?? 0))%\n"
        }
        if moved.isEmpty { out += "  none\n" }
        return out
    }
}

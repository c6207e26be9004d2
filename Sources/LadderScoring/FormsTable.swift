import Foundation
import LadderCore

/// How often each first-line answer form occurs for one benchmark across
/// results files, and which rule (if any) of a scorer caught it: the study's
/// way of finding native surface forms a scorer misses.
public struct FormsTable: Sendable {
    /// One distinct first line (as the rules read it: stripped, first line).
    public struct Form: Sendable, Equatable {
        public var form: String
        public var count: Int
        public var pred: String?
        public var via: String?

        public init(form: String, count: Int, pred: String?, via: String?) {
            self.form = form
            self.count = count
            self.pred = pred
            self.via = via
        }
    }

    public var benchmark: Benchmark
    public var scorer: String
    /// Most frequent first; ties in code-point order of the form.
    public var forms: [Form]
    /// Rows of the benchmark read, matched or not.
    public var rowCount: Int
    /// Rows whose form has no answer (these are all `forms` when `unmatchedOnly`).
    public var unmatchedRowCount: Int

    /// Builds the table over `resultsFiles`; with `unmatchedOnly`, only forms
    /// the scorer returns no answer for are listed.
    public static func build(resultsFiles: [URL], benchmark: Benchmark, scorer: TableScorer, unmatchedOnly: Bool = false) throws -> FormsTable {
        guard let kind = scorer.kind(of: benchmark) else {
            throw LadderError.badInput("scorer \(scorer.name) has no rules for benchmark '\(benchmark)'")
        }
        var counts: [[UInt32]: Int] = [:]
        var rows = 0
        let reader = ResultsReader(scorers: [scorer], keepFirstLines: true, only: benchmark)
        for url in resultsFiles {
            for cell in try reader.scan(url).cells {
                for line in cell.firstLines { counts[line, default: 0] += 1 }
                rows += cell.firstLines.count
            }
        }
        var forms: [(cps: [UInt32], form: Form)] = []
        var unmatched = 0
        for (cps, count) in counts {
            let e = scorer.extraction(scorer.outcome(cps, kind))
            if e.pred == nil { unmatched += count }
            if unmatchedOnly && e.pred != nil { continue }
            forms.append((cps, Form(form: PyText.string(cps), count: count, pred: e.pred, via: e.via)))
        }
        forms.sort { a, b in
            a.form.count != b.form.count ? a.form.count > b.form.count : a.cps.lexicographicallyPrecedes(b.cps)
        }
        return FormsTable(benchmark: benchmark, scorer: scorer.name, forms: forms.map(\.form),
                          rowCount: rows, unmatchedRowCount: unmatched)
    }
}

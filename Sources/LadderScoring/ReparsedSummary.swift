import Foundation
import LadderCore

/// Builds a `*_summary_reparsed_{template}.json` body in the study's schema:
/// `summary` (`<cell>_acc`, `<cell>_count`, `<cell>_correct`),
/// `parse_failure_rates`, and `reparse_metadata`.
enum ReparsedSummary {
    /// The benchmarks the study's reparse lists under `extractors_applied`.
    static let extractorsApplied = Benchmark.study.map(\.rawValue)

    static func build(scan: ResultsReader.Scan, scorerIndex k: Int, scorer: TableScorer,
                      originalFilename: String, reparsedAt: Date?) throws -> (json: OrderedJSON, cells: [ReparseReport.CellOutcome]) {
        var summary: [OrderedJSON.Member] = []
        var failureRates: [OrderedJSON.Member] = []
        var deltas: [OrderedJSON.Member] = []
        var outcomes: [ReparseReport.CellOutcome] = []
        for cell in scan.cells {
            let key = cell.key.raw
            let tally = cell.tallies[k]
            let oldAcc = try oldValue(scan.oldSummary["\(key)_acc"], "summary", "\(key)_acc", originalFilename)
            let oldFail = try oldValue(scan.oldFailureRates[key], "parse_failure_rates", key, originalFilename)
            let outcome = ReparseReport.CellOutcome(cell: cell.key, tally: tally, oldAccuracy: oldAcc?.value, oldFailureRate: oldFail?.value)
            outcomes.append(outcome)
            summary.append(.init("\(key)_acc", .number(PythonJSON.float(tally.accuracy))))
            summary.append(.init("\(key)_count", .number(String(tally.n))))
            summary.append(.init("\(key)_correct", .number(String(tally.correct))))
            failureRates.append(.init(key, .number(PythonJSON.float(tally.failureRate))))
            if outcome.changed {
                deltas.append(.init(key, .object([
                    .init("old_acc", oldAcc?.json ?? .null),
                    .init("new_acc", .number(PythonJSON.float(tally.accuracy))),
                    .init("delta_acc", .number(PythonJSON.float(outcome.deltaAccuracy))),
                    .init("old_fail", oldFail?.json ?? .null),
                    .init("new_fail", .number(PythonJSON.float(tally.failureRate))),
                    .init("delta_fail", .number(PythonJSON.float(outcome.deltaFailureRate))),
                ])))
            }
        }
        // The tool's version goes with the time stamp: both describe a call of `ladder reparse`,
        // and neither belongs in a step's output (the engine's code version is in its key).
        let version: [OrderedJSON.Member] = reparsedAt == nil ? [] : [.init("tool_version", .string(LadderVersion.string))]
        let provenance: OrderedJSON = .object([
            .init("scorer", .string(scorer.name)),
            .init("rules", .string(scorer.rules.description)),
            .init("fingerprint", .string(scorer.fingerprint)),
            .init("tool", .string("ladder")),
        ] + version)
        let stamp: [OrderedJSON.Member] = reparsedAt.map { [.init("reparsed_at", .string(isoTimestamp($0)))] } ?? []
        let metadata: OrderedJSON = .object(stamp + [
            .init("original_results_filename", .string(originalFilename)),
            .init("extractors_applied", .array(extractorsApplied.map { .string($0) })),
            .init("extractor_provenance", provenance),
            .init("cells_changed", .number(String(deltas.count))),
            .init("delta_per_cell", .object(deltas)),
        ])
        let body: OrderedJSON = .object([
            .init("summary", .object(summary)),
            .init("parse_failure_rates", .object(failureRates)),
            .init("reparse_metadata", metadata),
        ])
        return (body, outcomes)
    }

    /// An old figure from the file: its value and its JSON as Python would
    /// re-write it. Missing or null is nil (the study treats it as 0 in deltas).
    private static func oldValue(_ v: OrderedJSON?, _ section: String, _ key: String, _ file: String) throws -> (value: Double, json: OrderedJSON)? {
        switch v {
        case nil, .null?:
            return nil
        case .number(let literal)?:
            let normalized = PythonJSON.normalize(numberLiteral: literal)
            return (Double(literal) ?? .nan, .number(normalized))
        case let other?:
            throw LadderError.badInput("\(file): \(section) entry '\(key)' is \(other.kindName), expected a number")
        }
    }

    /// `datetime.now(timezone.utc).isoformat()`: microseconds unless zero.
    static func isoTimestamp(_ date: Date) -> String {
        let micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded(.down))
        var seconds = time_t(micros / 1_000_000)
        let fraction = Int(micros % 1_000_000)
        var t = tm()
        gmtime_r(&seconds, &t)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        var s = "\(t.tm_year + 1900)-\(two(t.tm_mon + 1))-\(two(t.tm_mday))T\(two(t.tm_hour)):\(two(t.tm_min)):\(two(t.tm_sec))"
        if fraction != 0 {
            let f = String(fraction)
            s += "." + String(repeating: "0", count: 6 - f.count) + f
        }
        return s + "+00:00"
    }
}

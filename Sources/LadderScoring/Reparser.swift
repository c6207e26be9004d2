import Foundation
import LadderCore

/// Re-scores the study's stored raw outputs: reads a `*_results_{template}.json`
/// file and writes its sibling `*_summary_reparsed_{template}.json` (one per
/// scorer), and optionally one JSON line per scored row.
///
/// Everything is parsed and scored before anything is written, and each
/// output is written atomically, so bad input leaves no partial output.
/// The results file itself is only read.
public struct Reparser: Sendable {
    public let scorers: [TableScorer]
    /// Distinct raw outputs (and first lines) each cell's memo remembers;
    /// 0 turns the memo off. Results are the same for every value: only the
    /// time and the report's `memoCounts` change (the benchmark compares).
    public var memoLimit = ResultsReader.defaultMemoLimit

    /// `scorers` must be non-empty and have distinct names.
    public init(scorers: [TableScorer]) throws {
        guard !scorers.isEmpty else { throw LadderError.badInput("reparse needs at least one scorer") }
        guard Set(scorers.map(\.name)).count == scorers.count else {
            throw LadderError.badInput("reparse was given the same scorer twice")
        }
        self.scorers = scorers
    }

    /// The summary's file name: `_results_` replaced by `_summary_reparsed_`
    /// (the study's convention). With several scorers the scorer's name is
    /// added so the summaries do not overwrite each other:
    /// `X_summary_reparsed_refined-v1_template1.json`.
    public static func summaryFileName(forResults name: String, scorer: String? = nil) throws -> String {
        guard let r = name.range(of: "_results_") else {
            throw LadderError.badInput("\(name): a results file name must contain '_results_' (the study's *_results_{template}.json)")
        }
        let infix = scorer.map { "_summary_reparsed_\($0)_" } ?? "_summary_reparsed_"
        return name.replacingCharacters(in: r, with: infix)
    }

    /// Reparses `resultsFile`. Summaries go next to it unless
    /// `outputDirectory` is given; `rowsOutput` receives one JSON object per
    /// row: `cell`, `index` (0-based in its cell), `example_id` (the row's own
    /// id, only when it has one: `example_id`, else `index_id`, else `id`),
    /// `pred` (null when none), `gold`, `correct`, `match_via` (and `scorer`
    /// first when several ran). An example id met twice in one cell is an
    /// error at its line and column.
    /// `reparsedAt` becomes `reparse_metadata.reparsed_at`; nil leaves the field
    /// out, so that the same inputs give the same bytes (a ladder step's output).
    public func reparse(resultsFile: URL, outputDirectory: URL? = nil, rowsOutput: URL? = nil,
                        reparsedAt: Date? = Date()) throws -> ReparseReport {
        let name = resultsFile.lastPathComponent
        let directory = outputDirectory ?? resultsFile.deletingLastPathComponent()
        let targets = try scorers.map { s in
            directory.appendingPathComponent(try Self.summaryFileName(forResults: name, scorer: scorers.count > 1 ? s.name : nil))
        }
        var reader = ResultsReader(scorers: scorers, keepRows: rowsOutput != nil)
        reader.memoLimit = memoLimit
        let scan = try reader.scan(resultsFile)

        var outcomes: [ReparseReport.ScorerOutcome] = []
        for (k, scorer) in scorers.enumerated() {
            let (json, cells) = try ReparsedSummary.build(scan: scan, scorerIndex: k, scorer: scorer,
                                                          originalFilename: name, reparsedAt: reparsedAt)
            outcomes.append(.init(scorer: scorer.name, fingerprint: scorer.fingerprint, summaryFile: targets[k],
                                  summaryJSON: PythonJSON.pretty(json), cells: cells,
                                  cellsChanged: cells.filter(\.changed).count))
        }
        let rowsText = rowsOutput.map { _ in rowsJSONL(scan) }

        let original = resultsFile.standardizedFileURL.resolvingSymlinksInPath()
        for url in targets + (rowsOutput.map { [$0] } ?? []) where url.standardizedFileURL.resolvingSymlinksInPath() == original {
            throw LadderError.badInput("\(url.path): refusing to overwrite the results file being reparsed")
        }
        if let rowsOutput, let rowsText { try AtomicFile.write(rowsText, to: rowsOutput) }
        for o in outcomes { try AtomicFile.write(o.summaryJSON, to: o.summaryFile) }
        return ReparseReport(resultsFile: resultsFile, scorers: outcomes, rowsFile: rowsOutput,
                             rowCount: scan.cells.reduce(0) { $0 + $1.tallies.first!.n }, memoCounts: scan.memoCounts)
    }

    private func rowsJSONL(_ scan: ResultsReader.Scan) -> String {
        var out = ""
        let several = scorers.count > 1
        for cell in scan.cells {
            let cellJSON = PythonJSON.quote(cell.key.raw)
            for (k, scorer) in scorers.enumerated() {
                let scorerJSON = PythonJSON.quote(scorer.name)
                for (i, row) in cell.rows[k].enumerated() {
                    out += "{"
                    if several { out += "\"scorer\": \(scorerJSON), " }
                    out += "\"cell\": \(cellJSON), \"index\": \(i), "
                    if let id = cell.ids[i] { out += "\"example_id\": \(PythonJSON.quote(id)), " }
                    out += "\"pred\": \(row.pred.map(PythonJSON.quote) ?? "null"), "
                    out += "\"gold\": \(cell.golds[i]), "
                    out += "\"correct\": \(row.correct ? "true" : "false"), "
                    out += "\"match_via\": \(row.via.map(PythonJSON.quote) ?? "null")}\n"
                }
            }
        }
        return out
    }
}

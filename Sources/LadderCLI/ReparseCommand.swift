import ArgumentParser
import Foundation
import LadderCore
import LadderScoring

/// `ladder reparse RESULTS.json... [--scorer NAME] [--rows OUT.jsonl] [--out DIR]`
struct ReparseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reparse",
        abstract: "Re-score study-format results files; writes the sibling *_summary_reparsed_{template}.json.",
        discussion: "Originals are never modified. With several --scorer options, each summary's name carries the scorer.")

    @Argument(help: "Study-format *_results_{template}.json files.") var files: [String]
    @Option(name: .long, help: "Scorer name (repeatable; default refined-v1).") var scorer: [String] = []
    @Option(name: .long, help: "Write one JSON line per row here (one results file only).") var rows: String?
    @Option(name: .long, help: "Directory for the summaries (default: next to each results file).") var out: String?
    @Flag(name: .long, help: "Print a JSON report.") var json = false

    func run() throws {
        guard !files.isEmpty else { throw LadderError.badInput("name at least one results file") }
        if rows != nil && files.count > 1 { throw LadderError.badInput("--rows takes one results file; run reparse once per file") }
        let registry = try ScorerRegistry()
        let scorers = try (scorer.isEmpty ? ["refined-v1"] : scorer).map { try registry.scorer(named: $0) }
        let reparser = try Reparser(scorers: scorers)
        var reports: [Value] = []
        let instead = "pass --out DIR (and --rows to a file outside the store)"
        if let rows {
            try StoredOutputGuard.refuse(URL(fileURLWithPath: rows).deletingLastPathComponent(), writing: "--rows \(rows)", instead: instead)
        }
        for f in files {
            guard FileManager.default.fileExists(atPath: f) else { throw LadderError.badInput("\(f): no such file") }
            try StoredOutputGuard.refuse(out.map { URL(fileURLWithPath: $0) } ?? URL(fileURLWithPath: f).deletingLastPathComponent(),
                                         writing: "the summaries of \(f)", instead: instead)
        }
        for f in files {
            let r = try reparser.reparse(resultsFile: URL(fileURLWithPath: f), outputDirectory: out.map { URL(fileURLWithPath: $0) },
                                         rowsOutput: rows.map { URL(fileURLWithPath: $0) })
            for s in r.scorers {
                if !json { Output.write("\(f): \(s.scorer) (\(s.fingerprint.prefix(12))) → \(s.summaryFile.path): \(r.rowCount) rows, \(s.cellsChanged) cells changed\n") }
                reports.append(.object(["results": .string(f), "scorer": .string(s.scorer), "fingerprint": .string(s.fingerprint),
                                        "summary": .string(s.summaryFile.path), "rows": .int(r.rowCount),
                                        "cells_changed": .int(s.cellsChanged)]))
            }
        }
        if json { Output.json(.array(reports)) }
    }
}

/// `ladder forms RESULTS.json... --benchmark B [--unmatched]`
struct FormsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "forms",
                                                    abstract: "Frequency table of first-line answer forms and the rule that caught each.")

    @Argument(help: "Study-format results files.") var files: [String]
    @Option(name: .long, help: "xnli, csqa, sib200 or belebele.") var benchmark: String
    @Option(name: .long, help: "Scorer whose rules are shown (default refined-v1).") var scorer: String = "refined-v1"
    @Flag(name: .long, help: "Only forms no rule caught.") var unmatched = false
    @Flag(name: .long, help: "Print JSON.") var json = false

    func run() throws {
        let s = try ScorerRegistry().scorer(named: scorer)
        let table = try FormsTable.build(resultsFiles: files.map { URL(fileURLWithPath: $0) }, benchmark: Benchmark(benchmark),
                                         scorer: s, unmatchedOnly: unmatched)
        if json {
            Output.json(.array(table.forms.map { f in
                .object(["form": .string(f.form), "count": .int(f.count), "pred": f.pred.map(Value.string) ?? .null,
                         "via": f.via.map(Value.string) ?? .null])
            }))
        } else {
            Output.write("count  pred                 via                 form\n")
            for f in table.forms {
                let pred = (f.pred ?? "–").padding(toLength: 20, withPad: " ", startingAt: 0)
                let via = (f.via ?? "unmatched").padding(toLength: 19, withPad: " ", startingAt: 0)
                Output.write("\(String(f.count).padding(toLength: 6, withPad: " ", startingAt: 0)) \(pred) \(via) \(f.form.replacingOccurrences(of: "\n", with: "⏎"))\n")
            }
        }
    }
}

import Foundation
import LadderScoring

/// Scoring: rows scored per second on one core for each built-in scorer, on
/// a study-sized results file whose raw outputs vary as real generations do
/// (`VariedAnswerRows`, built from the public extractor cases), against a
/// plain Python re-implementation of the study's reparse
/// (`Benchmarks/python/scoring_baseline.py`) on the same file; target: at
/// least 20x faster.
///
/// ladder keeps a per-cell memo of answers (`CellMemo`: raw-output bytes,
/// then first lines), so each speed-up is printed with the share of rows the
/// memo answered, and ladder is also timed with the memo off
/// (`Reparser.memoLimit = 0`) and Python with a memo of its own
/// (`--memo`: a dict per cell keyed on the raw output).
///
/// Both sides are timed the same way: best of `runs`, the same file, one
/// process, one core, from opening the file to the summary written (ladder:
/// `Reparser.reparse`, which maps, parses, scores and writes; Python: the
/// script times itself from `json.load` to the summary written and the
/// parsed document freed). Python's interpreter start-up is left out of the
/// ratio, as ladder's process start-up and scorer loading are; the whole
/// Python run is reported beside it.
func scoringBenchmark(_ report: inout BenchReport) throws {
    let runs = 5
    let rowsPerCell = 4143  // 28 cells: 116,004 rows, the size of the study's files
    guard let casesFile = VariedAnswerRows.casesFile() else {
        report.add(BenchFigure(area: "scoring", name: "scoring", value: 0, unit: "-", target: "-",
                               note: "../shared/data/scorers/extractor-cases-sample.jsonl absent; not measured"))
        return
    }
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ladder-bench-scoring-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { if ProcessInfo.processInfo.environment["KEEP"] == nil { try? FileManager.default.removeItem(at: dir) } }
    let file = dir.appendingPathComponent("bench_seed42_results_template1.json")
    var generator = try VariedAnswerRows(casesFile: casesFile, seed: 42)
    let written = try generator.write(to: file, rowsPerCell: rowsPerCell)
    let rows = written.rows
    let note = "\(rows) rows, \(String(format: "%.1f", Double(written.bytes) / 1_048_576)) MiB"
    for b in VariedAnswerRows.benchmarks {
        let n = written.rowsByBenchmark[b]!, d = written.distinctByBenchmark[b]!
        report.add(BenchFigure(area: "scoring", name: "distinct raw outputs, \(b)", value: 100 * Double(d) / Double(n), unit: "%", target: "-",
                               note: "\(d) of \(n) rows distinct within their cell; varied from \(written.cases[b]!) public extractor cases"))
    }
    let (registry, setup) = try BenchReport.measure { try ScorerRegistry() }
    report.add(BenchFigure(area: "scoring", name: "scorer setup (built-in tables, once per process)", value: setup, unit: "s", target: "-"))

    struct Ladder { var seconds: Double; var memo: MemoCounts; var counts: String }
    func timeLadder(_ reparser: Reparser) throws -> Ladder {
        let r = try reparser.reparse(resultsFile: file, outputDirectory: dir)  // also warms the page cache
        let cells = r.scorers[0].cells
        var best = Double.infinity
        for _ in 0..<runs {
            best = min(best, try BenchReport.time { _ = try reparser.reparse(resultsFile: file, outputDirectory: dir) })
        }
        return Ladder(seconds: best, memo: r.memoCounts,
                      counts: "rows=\(r.rowCount) correct=\(cells.reduce(0) { $0 + $1.tally.correct }) failed=\(cells.reduce(0) { $0 + $1.tally.failed })")
    }
    func hitNote(_ m: MemoCounts) -> String {
        String(format: "memo answered %.1f%% of rows (%.1f%% by raw bytes, %.1f%% by first line; %d scored)",
               100 * Double(m.answeredByMemo) / Double(m.rows), 100 * Double(m.rawHits) / Double(m.rows),
               100 * Double(m.lineHits) / Double(m.rows), m.scored)
    }

    var on: [String: Ladder] = [:]
    var off: [String: Ladder] = [:]
    for name in ["strict-v1", "refined-v1"] {
        var reparser = try Reparser(scorers: [registry.scorer(named: name)])
        let memoOn = try timeLadder(reparser)
        reparser.memoLimit = 0
        let memoOff = try timeLadder(reparser)
        on[name] = memoOn
        off[name] = memoOff
        report.add(BenchFigure(area: "scoring", name: "\(name) whole-file reparse, memo on (as shipped)", value: memoOn.seconds, unit: "s", target: "-",
                               note: note + ", best of \(runs), map + parse + score + write; " + String(format: "%.0f rows/s; ", Double(rows) / memoOn.seconds)
                                   + hitNote(memoOn.memo)))
        report.add(BenchFigure(area: "scoring", name: "\(name) whole-file reparse, memo off", value: memoOff.seconds, unit: "s", target: "-",
                               note: String(format: "%.0f rows/s; every row decoded and scored; ", Double(rows) / memoOff.seconds)
                                   + (memoOff.counts == memoOn.counts ? "same counts as memo on" : "COUNTS DIFFER from memo on: \(memoOff.counts) vs \(memoOn.counts)")))
    }
    let both = try Reparser(scorers: [registry.scorer(named: "strict-v1"), registry.scorer(named: "refined-v1")])
    let bothSeconds = try BenchReport.time { _ = try both.reparse(resultsFile: file, outputDirectory: dir) }
    report.add(BenchFigure(area: "scoring", name: "both scorers, one pass, memo on", value: bothSeconds, unit: "s", target: "-", note: note + ", one run"))

    guard let python = ScoringBaseline.python3() else {
        report.add(BenchFigure(area: "scoring", name: "Python baseline", value: 0, unit: "-", target: "-", note: "python3 not found; ratio not measured"))
        return
    }
    for name in ["strict-v1", "refined-v1"] {
        let tables = dir.appendingPathComponent("\(name).tables.json")
        try ScoringBaseline.tablesJSON(registry.scorer(named: name).definition).write(to: tables)
        let ladderOn = on[name]!, ladderOff = off[name]!
        let study = try ScoringBaseline.checkAgainstStudy(python, cases: generator.cases, scorer: name, tables: tables, dir: dir)
        report.add(BenchFigure(area: "scoring", name: "\(name) Python baseline on the public extractor cases", value: study.agrees ? 1 : 0, unit: "agrees",
                               target: "1", note: study.note + " (\(name.hasPrefix("strict") ? "strict" : "refined") column)"))
        for memo in [false, true] {
            let py = try ScoringBaseline.time(python, results: file, tables: tables, memo: memo, runs: runs)
            let agree = py.counts == ladderOn.counts ? "same counts as ladder" : "COUNTS DIFFER from ladder's \(ladderOn.counts)"
            let label = memo ? "with its memo" : "no memo"
            let pyHits = String(format: "its memo answered %.1f%% of rows", 100 * Double(py.memoHits) / Double(rows))
            report.add(BenchFigure(area: "scoring", name: "\(name) Python baseline, \(label)", value: Double(rows) / py.inside, unit: "rows/s", target: "-",
                                   note: String(format: "%.3f s best of \(runs), json.load to summary written; ", py.inside) + "\(py.counts); \(agree)"
                                       + (memo ? "; " + pyHits : "")
                                       + String(format: "; whole run with interpreter start-up %.3f s", py.whole)))
            if memo {
                let ratio = py.inside / ladderOn.seconds
                report.add(BenchFigure(area: "scoring", name: "\(name) speed-up, both with a memo", value: ratio, unit: "x", target: "-",
                                       note: "ladder " + hitNote(ladderOn.memo) + "; Python " + pyHits))
            } else {
                let ratio = py.inside / ladderOn.seconds
                report.add(BenchFigure(area: "scoring", name: "\(name) speed-up, ladder as shipped (memo on) over Python without one", value: ratio,
                                       unit: "x", target: ">= 20", note: (ratio >= 20 ? "met; " : "NOT met; ") + hitNote(ladderOn.memo)))
                let plain = py.inside / ladderOff.seconds
                report.add(BenchFigure(area: "scoring", name: "\(name) speed-up, neither with a memo", value: plain, unit: "x", target: "-",
                                       note: "every row decoded and scored on both sides"))
            }
        }
    }
}

/// The Python comparison baseline (`Benchmarks/python/scoring_baseline.py`) and how it is run.
enum ScoringBaseline {
    static var script: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("python/scoring_baseline.py")
    }

    struct Timing { var inside: Double; var whole: Double; var counts: String; var memoHits: Int }

    /// Best of `runs`: seconds the script measured itself (json.load to
    /// summary written) and the whole process; the counts it printed.
    static func time(_ python: URL, results: URL, tables: URL, memo: Bool, runs: Int) throws -> Timing {
        var t = Timing(inside: .infinity, whole: .infinity, counts: "", memoHits: 0)
        for _ in 0..<runs {
            var output = ""
            let args = [script.path, results.path, tables.path] + (memo ? ["--memo"] : [])
            t.whole = min(t.whole, try BenchReport.time { output = try run(python, args) })
            let lines = output.split(separator: "\n")
            t.inside = min(t.inside, lines.first { $0.hasPrefix("seconds=") }.flatMap { Double($0.dropFirst(8)) } ?? .infinity)
            t.counts = lines.first { $0.hasPrefix("rows=") }.map(String.init) ?? output
            t.memoHits = lines.first { $0.hasPrefix("memo_hits=") }.flatMap { Int($0.dropFirst(10)) } ?? 0
        }
        return t
    }

    /// Runs the script on the public extractor cases, one cell per
    /// benchmark with the study's recorded answer as gold (a mark no rule
    /// returns where the study found none): rows counted correct or failed
    /// as they should be are cases where the script returns what the study's
    /// extractor returned.
    static func checkAgainstStudy(_ python: URL, cases: [String: [VariedAnswerRows.Case]], scorer: String, tables: URL,
                                  dir: URL) throws -> (agrees: Bool, note: String) {
        let strict = scorer.hasPrefix("strict")
        var out = "{"
        var total = 0, answered = 0
        for (i, bench) in VariedAnswerRows.benchmarks.enumerated() {
            let rows = cases[bench]!.map { c -> String in
                let want = strict ? c.strict : c.refined
                if want != nil { answered += 1 }
                return "{\"raw_output\": \(VariedAnswerRows.quote(c.raw)), \"gold\": \(VariedAnswerRows.quote(want ?? "\u{2205}"))}"
            }
            total += rows.count
            out += (i == 0 ? "" : ", ") + "\"template1_\(bench)_data=en_instr=en\": [" + rows.joined(separator: ", ") + "]"
        }
        let file = dir.appendingPathComponent("cases_\(scorer)_results_template1.json")
        try Data((out + "}").utf8).write(to: file)
        let printed = try run(python, [script.path, file.path, tables.path]).split(separator: "\n")
        func value(_ key: String) -> Int {
            printed.first { $0.hasPrefix("rows=") }?.split(separator: " ").first { $0.hasPrefix(key + "=") }.flatMap { Int($0.dropFirst(key.count + 1)) } ?? -1
        }
        // Null answers can only fail (no rule returns the mark), so both
        // counts equal to what the study recorded means every case agrees.
        let correct = value("correct"), failed = value("failed")
        if correct == answered && failed == total - answered { return (true, "all \(total) cases give the study's recorded answer") }
        return (false, "DIFFERS from the study: correct \(correct) of \(answered) answered cases, failed \(failed) of \(total - answered) unanswered")
    }

    /// The scorer's tables as the script reads them: `{"rules", "tables": {path: value}}`.
    static func tablesJSON(_ definition: ScorerDefinition) throws -> Data {
        var tables: [String: Any] = [:]
        for (path, entry) in definition.tables.entries {
            switch entry {
            case .list(let items): tables[path] = items
            case .pairs(let pairs): tables[path] = pairs.map { [$0.key, $0.value] }
            case .characters(let s), .text(let s): tables[path] = s
            }
        }
        return try JSONSerialization.data(withJSONObject: ["rules": definition.rules.family.rawValue, "tables": tables])
    }

    static func python3() -> URL? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let url = URL(fileURLWithPath: String(dir)).appendingPathComponent("python3")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }

    static func run(_ exe: URL, _ args: [String]) throws -> String {
        let p = Process()
        p.executableURL = exe
        p.arguments = args
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw BenchDataError("\(args[0]) exited with status \(p.terminationStatus)") }
        return out
    }
}

import Foundation
import LadderAnalysis
import LadderReport

/// Analysis, diff and report at the study's scale: 1,664 observations
/// (26 sessions × 4 benchmarks × 2 templates × 4 data languages × 2
/// instruction languages) read by two scorers, 900 examples each: about
/// 3.0 million scored rows per run.
func analysisBenchmark(_ report: inout BenchReport) throws {
    let runA = StudyScale.snapshot(runId: "bench-a", changedLR: false)
    let runB = StudyScale.snapshot(runId: "bench-b", changedLR: true)
    let rows = runA.observations.reduce(0) { $0 + $1.count }
    let observations = Set(runA.observations.map(\.key)).count

    var filled = 0
    let fill = BenchReport.time {
        var o = ScoredObservation(key: runA.observations[0].key, scorer: "strict-v1")
        o.reserveCapacity(rows)
        for source in runA.observations {
            for i in 0..<source.count { o.append(exampleId: source.exampleIds[i], parsed: source.parsed[i], correct: source.correct[i]) }
        }
        filled = o.count
    }
    report.add(BenchFigure(area: "analysis", name: "fill the input model, \(filled) rows appended", value: fill, unit: "s", target: "—",
                           note: "columnar append of id, parsed, correct"))

    var result: AnalysisResult?
    var bytes = 0
    let analysis = try BenchReport.time {
        let r = try runA.analyze()
        let flips = ConclusionFlips.betweenScorers(r, "strict-v1", "refined-v1")
        bytes = r.allTables().reduce(0) { $0 + $1.tsv().utf8.count + $1.json().utf8.count }
            + flips.reduce(0) { $0 + $1.table().tsv().utf8.count }
        result = r
    }
    let tests = result?.significance.count ?? 0
    report.add(BenchFigure(area: "analysis", name: "analysis: \(observations) observations × 2 scorers, \(rows) rows", value: analysis, unit: "s",
                           target: "< 10 s", note: "cells, seeds, vs baseline, aggregates, gaps, \(tests) McNemar tests with 1000-resample bootstrap, Holm, scorer flips, TSV+JSON (\(bytes / 1024) KiB)"))

    var changed = 0
    let diff = try BenchReport.time {
        let d = try RunDiffService.diff(runA, runB)
        changed = d.summary.stepsChanged
        _ = d.text()
        _ = d.tsv()
    }
    report.add(BenchFigure(area: "analysis", name: "diff of two such runs", value: diff, unit: "s", target: "< 2 s",
                           note: "\(runA.steps.count) steps, \(changed) changed; plan, metrics, flips, text and TSV"))

    var size = 0
    let html = BenchReport.time {
        size = HTMLReport.render(runA, result: result!, options: HTMLReport.Options(scorerOrder: ["strict-v1", "refined-v1"])).utf8.count
    }
    report.add(BenchFigure(area: "analysis", name: "HTML report from the analysis", value: html, unit: "s", target: "—", note: "\(size / 1024) KiB page"))
    report.add(BenchFigure(area: "analysis", name: "peak memory", value: BenchReport.peakRSSMiB(), unit: "MiB", target: "—", note: "two runs in memory"))
}

/// Synthetic study-scale runs: seeded, so every benchmark run measures the same data.
private enum StudyScale {
    static let benchmarks = ["belebele", "sib200", "xcsqa", "xnli"]
    static let templates = ["template1", "template2"]
    static let dataLangs = ["en", "es", "ur", "zh"]
    static let instrLangs = ["en", "native"]
    static let examples = 900

    static func sessions() -> [(condition: String, seed: String?)] {
        var out: [(String, String?)] = [("baseline", nil)]
        for c in 1...7 { for seed in ["42", "123", "456"] { out.append(("condition-\(c)", seed)) } }
        for c in 8...11 { out.append(("condition-\(c)", "42")) }
        return out
    }

    static func snapshot(runId: String, changedLR: Bool) -> RunSnapshot {
        var ids: [String: [String]] = [:]
        for b in benchmarks { for d in dataLangs { ids["\(b)/\(d)"] = (0..<examples).map { "\(b)-\(d)-\(String(format: "%05d", $0))" } } }
        var steps: [StepRecord] = []
        var observations: [ScoredObservation] = []
        for (n, s) in sessions().enumerated() {
            var axes = ["lang": "zh", "tier": "5k"]
            if let seed = s.seed { axes["seed"] = seed }
            let lr = changedLR && s.condition == "condition-3" ? "1e-4" : "2e-4"
            let train = StepRecord(identity: StepIdentity(condition: s.condition, axes: axes, step: "train", engine: "train"),
                                   key: "train-\(n)-\(lr)", ingredients: ["param.lr": lr, "engine.version": "t1"], status: .executed, seconds: 3600)
            let eval = StepRecord(identity: StepIdentity(condition: s.condition, axes: axes, step: "eval", engine: "eval"),
                                  key: "eval-\(n)-\(lr)", ingredients: ["input.model": train.key], status: .executed, seconds: 900)
            let reparse = StepRecord(identity: StepIdentity(condition: s.condition, axes: axes, step: "reparse", engine: "reparse"),
                                     key: "reparse-\(n)-\(lr)", ingredients: ["input.eval": eval.key], status: .executed, seconds: 5)
            steps += s.condition == "baseline" ? [eval, reparse] : [train, eval, reparse]
            let base = s.condition == "baseline" ? 0.45 : 0.40 + 0.02 * Double(n % 7) - (lr == "1e-4" ? 0.15 : 0)
            for b in benchmarks {
                for t in templates {
                    for d in dataLangs {
                        for i in instrLangs {
                            let key = ObservationKey(condition: s.condition, seed: s.seed, template: t, benchmark: b, dataLang: d, instrLang: i)
                            var rng = SplitMix64(seed: SplitMix64.fnv1a("\(key)|\(lr)"))
                            var strictCorrect = [Bool](repeating: false, count: examples), refinedCorrect = strictCorrect
                            var strictParsed = [Bool](repeating: true, count: examples), refinedParsed = strictParsed
                            let native = i == "native" && n % 5 == 2
                            for e in 0..<examples {
                                let right = rng.nextUnit() < base + (native ? 0.2 : 0)
                                let unreadable = native && rng.nextUnit() < 0.7
                                refinedCorrect[e] = right
                                strictCorrect[e] = right && !unreadable
                                strictParsed[e] = !unreadable
                                refinedParsed[e] = rng.nextUnit() > 0.01
                            }
                            let shared = ids["\(b)/\(d)"]!
                            observations.append(try! ScoredObservation(key: key, scorer: "strict-v1", stepKey: reparse.key, exampleIds: shared,
                                                                       correct: strictCorrect, parsed: strictParsed))
                            observations.append(try! ScoredObservation(key: key, scorer: "refined-v1", stepKey: reparse.key, exampleIds: shared,
                                                                       correct: refinedCorrect, parsed: refinedParsed))
                        }
                    }
                }
            }
        }
        return RunSnapshot(runId: runId, name: runId, ladder: "study-scale", ladderHash: "", steps: steps, observations: observations,
                           conditions: [], scorerFingerprints: ["strict-v1": "s", "refined-v1": "r"], analysis: AnalysisConfig())
    }
}

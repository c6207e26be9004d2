import Foundation
import LadderAnalysis

/// The two-run page (`ladder report RUN_A RUN_B --html OUT`): what changed
/// between the runs (the diff's root causes) and its effect on the metrics —
/// accuracy per arm and benchmark in A and in B with intervals, the change
/// with its paired test, cells that moved significantly, and the conclusions
/// that flip with their tests. Self-contained like `HTMLReport`.
public enum ComparisonReport {
    /// Diffs the runs and renders the page; settings come from run B's analysis.
    public static func render(_ a: RunSnapshot, _ b: RunSnapshot, scorerOrder: [String] = []) throws -> String {
        let diff = try RunDiffService.diff(a, b)
        let config = b.analysis
        let armsA = ArmSummary.rows(a.observations, config: config), armsB = ArmSummary.rows(b.observations, config: config)
        let scorersPresent = Set(armsA.map(\.scorer)).union(armsB.map(\.scorer))
        let scorers = scorerOrder.filter(scorersPresent.contains) + scorersPresent.subtracting(scorerOrder).sorted()
        let shared = Set(armsA.map { BetweenRuns.Member(unit: UnitKey(condition: $0.arm, benchmark: $0.benchmark), scorer: $0.scorer) })
            .intersection(armsB.map { BetweenRuns.Member(unit: UnitKey(condition: $0.arm, benchmark: $0.benchmark), scorer: $0.scorer) })
        let tests = try BetweenRuns.tests(a.observations, b.observations, members: shared, grain: .conditionBenchmark,
                                          correction: config.correction, exactBelow: config.exactBelow)
        let title = "\(b.ladder.isEmpty ? "ladder" : b.ladder) — run \(a.runId) vs run \(b.runId)"
        var out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<title>\(HTML.escape(title))</title>\n<style>\n\(ReportStyle.css)\n</style>\n</head>\n<body>\n<header>\n<h1>\(HTML.escape(title))</h1>\n"
        out += "<p class=\"lede\">A: <code>\(HTML.escape(diff.runA))</code>; B: <code>\(HTML.escape(diff.runB))</code>. Baseline <b>\(HTML.escape(config.baseline))</b>, "
        out += "noise floor \(NumberText.unsignedPoints(config.noiseFloor)) points, α \(NumberText.decimal(config.alpha) ?? ""). "
        out += "Every number is computed from the two runs' stored scored rows when this page was written.</p>\n"
        out += "<nav><ul>" + [("changes", "What changed"), ("effect", "Effect on accuracy"), ("cells", "Cells that moved"), ("flips", "Flips")]
            .map { "<li><a href=\"#\($0.0)\">\($0.1)</a></li>" }.joined() + "</ul></nav>\n</header>\n<main>\n"
        out += changes(diff)
        out += effect(diff, armsA, armsB, tests, scorers, config, order: armOrder(a, b, config))
        out += cells(diff)
        out += flips(diff)
        return out + "</main>\n</body>\n</html>\n"
    }

    /// Baseline first, then B's arms in the ladder's order, then arms only A has.
    static func armOrder(_ a: RunSnapshot, _ b: RunSnapshot, _ config: AnalysisConfig) -> [String] {
        var out = [config.baseline]
        for name in b.conditions.map(\.name) + a.conditions.map(\.name) + (b.observations + a.observations).map(\.key.condition).sorted(by: NaturalOrder.less)
            where !out.contains(name) { out.append(name) }
        return out
    }

    static func changes(_ d: RunDiff) -> String {
        var out = "<section id=\"changes\"><h2>What changed</h2>\n<p class=\"note\">Root causes first: each change of a step's own ingredients "
        out += "(parameters, engine code or data, sources) or a condition added or removed, with the steps it reached.</p>\n"
        out += d.causes.isEmpty ? "<p class=\"note\">No step changed.</p>\n"
            : "<ul>" + d.causes.map { "<li>\(HTML.escape($0.line))</li>" }.joined() + "</ul>\n"
        let s = d.summary
        out += "<div class=\"cards\">" + [(s.stepsChanged, "steps changed"), (s.stepsOnlyInA, "steps only in A"), (s.stepsOnlyInB, "steps only in B"),
                                          (s.stepsUnchanged, "steps unchanged"), (s.cellsMoved, "cells moved beyond the noise floor"),
                                          (s.cellsMovedSignificant, "of them significant"), (s.cellsOnlyInB, "new cells"), (s.cellsOnlyInA, "removed cells")]
            .map { "<div class=\"card\"><b>\($0.0)</b>\(HTML.escape($0.1))</div>" }.joined() + "</div>\n"
        return out + "</section>\n"
    }

    static func effect(_ d: RunDiff, _ armsA: [ArmBenchmarkRow], _ armsB: [ArmBenchmarkRow], _ tests: [BetweenRuns.Member: RunPairTest],
                       _ scorers: [String], _ config: AnalysisConfig, order: [String]) -> String {
        var out = "<section id=\"effect\"><h2>Effect on accuracy</h2>\n<p class=\"note\">Accuracy per arm (condition × language × tier, seeds collapsed) in A and B "
        out += "with \(NumberText.percent(config.confidenceLevel))% bootstrap intervals; the change in points with McNemar A vs B on the example ids both runs scored "
        out += "(\(HTML.escape(config.correction.rawValue)) over the arms × benchmarks of one scorer; * adjusted p &lt; \(NumberText.decimal(config.alpha) ?? ""), ** &lt; 0.01, *** &lt; 0.001); "
        out += "Δ vs baseline in each run. Chance is one over the benchmark's number of answer options.</p>\n"
        let benchmarks = Array(Set((armsA + armsB).map(\.benchmark))).sorted()
        func find(_ rows: [ArmBenchmarkRow], _ arm: String, _ b: String, _ s: String) -> ArmBenchmarkRow? {
            rows.first { $0.arm == arm && $0.benchmark == b && $0.scorer == s }
        }
        func acc(_ r: ArmBenchmarkRow?) -> String {
            guard let r else { return "—" }
            return NumberText.percent(r.accuracy) + (r.accuracyInterval.map { " <small>[\(NumberText.percent($0.lowerBound)), \(NumberText.percent($0.upperBound))]</small>" } ?? "")
        }
        for (i, scorer) in scorers.enumerated() {
            var rows: [[String]] = []
            for b in benchmarks {
                for arm in order {
                    let ra = find(armsA, arm, b, scorer), rb = find(armsB, arm, b, scorer)
                    guard ra != nil || rb != nil else { continue }
                    var change = ra == nil ? "new in B" : rb == nil ? "removed in B" : ""
                    if let ra, let rb {
                        let c = rb.accuracy - ra.accuracy
                        let t = tests[BetweenRuns.Member(unit: UnitKey(condition: arm, benchmark: b), scorer: scorer)]
                        let cls = c > config.noiseFloor ? "win" : c < -config.noiseFloor ? "loss" : ""
                        change = "<span class=\"\(cls)\">\(NumberText.points(c))\(mark(t, config.alpha))</span>"
                        if let t { change += " <small>\(HTML.escape(t.text))</small>" }
                    }
                    // Δ vs baseline as the analysis (and the text diff) computes it.
                    let m = d.conditionBenchmarkMetrics.first { $0.unit == UnitKey(condition: arm, benchmark: b) && $0.scorer == scorer }
                    let delta = { (x: Double?) in x.map(NumberText.points) ?? (arm == config.baseline ? "ref." : "—") }
                    rows.append([HTML.escape(b), HTML.escape(arm) + (arm == config.baseline ? " <small>(baseline)</small>" : ""), acc(ra), acc(rb), change,
                                 "\(delta(m?.deltaVsBaselineA)) → \(delta(m?.deltaVsBaselineB))"])
                }
                if let chance = ChanceLevel.of(b) { rows.append([HTML.escape(b), "<i>chance</i>", "<i>\(NumberText.percent(chance))</i>", "<i>\(NumberText.percent(chance))</i>", "", ""]) }
            }
            let table = HTML.table(["benchmark", "arm", "A accuracy %", "B accuracy %", "B − A (pts)", "Δ vs baseline A → B (pts)"], rows, numeric: [2, 3, 4, 5])
                + "<div class=\"multiples\">" + benchmarks.map { chart($0, scorer, armsA, armsB, order, config.noiseFloor) }.joined() + "</div>\n"
            out += i == 0 ? "<h3>Scorer \(HTML.escape(scorer))</h3>\n\(table)" : "<details><summary>Scorer \(HTML.escape(scorer))</summary>\n\(table)</details>\n"
        }
        return out + "</section>\n"
    }

    /// One row per arm: a grey dot at A, a dot at B coloured by the change (blue up, orange down beyond
    /// the noise floor), joined by a line; the dashed line is chance.
    static func chart(_ benchmark: String, _ scorer: String, _ armsA: [ArmBenchmarkRow], _ armsB: [ArmBenchmarkRow],
                      _ order: [String], _ floor: Double) -> String {
        func find(_ rows: [ArmBenchmarkRow], _ arm: String) -> ArmBenchmarkRow? {
            rows.first { $0.arm == arm && $0.benchmark == benchmark && $0.scorer == scorer }
        }
        let arms = order.filter { find(armsA, $0) != nil || find(armsB, $0) != nil }
        guard !arms.isEmpty else { return "" }
        let values = arms.flatMap { [find(armsA, $0)?.accuracy, find(armsB, $0)?.accuracy].compactMap { $0 } }
        let top = min(1, ((values.max() ?? 1) * 10).rounded(.up) / 10 + 0.05)
        let labelW = Double(max(110, 8 * (arms.map(\.count).max() ?? 0))), plotW = 300.0, rowH = 22.0
        let width = labelW + plotW + 20, height = 34 + rowH * Double(arms.count)
        func x(_ v: Double) -> Double { labelW + plotW * v / top }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"100%\" style=\"max-width:\(HTML.f(width))px\" viewBox=\"0 0 \(HTML.f(width)) \(HTML.f(height))\">\n"
        svg += "<title>\(HTML.escape("Accuracy per arm on \(benchmark) under \(scorer), run A to run B"))</title>\n"
        for tick in stride(from: 0.0, through: top + 0.0001, by: top > 0.5 ? 0.2 : 0.1) {
            svg += "<line x1=\"\(HTML.f(x(tick)))\" x2=\"\(HTML.f(x(tick)))\" y1=\"16\" y2=\"\(HTML.f(height - 4))\" stroke=\"#e5e5e5\"/>"
            svg += "<text x=\"\(HTML.f(x(tick)))\" y=\"12\" font-size=\"10\" text-anchor=\"middle\" fill=\"#555\">\(NumberText.percent(tick))%</text>\n"
        }
        if let chance = ChanceLevel.of(benchmark) {
            svg += "<line class=\"chance\" x1=\"\(HTML.f(x(chance)))\" x2=\"\(HTML.f(x(chance)))\" y1=\"16\" y2=\"\(HTML.f(height - 4))\" stroke=\"\(Palette.vermillion)\" stroke-dasharray=\"4 3\"/>"
            svg += "<text x=\"\(HTML.f(x(chance) + 3))\" y=\"\(HTML.f(height - 6))\" font-size=\"10\" fill=\"\(Palette.vermillion)\">chance \(NumberText.percent(chance))%</text>\n"
        }
        for (i, arm) in arms.enumerated() {
            let cy = 26 + rowH * Double(i) + rowH / 2
            let a = find(armsA, arm)?.accuracy, b = find(armsB, arm)?.accuracy
            svg += "<text x=\"\(HTML.f(labelW - 6))\" y=\"\(HTML.f(cy + 4))\" font-size=\"12\" text-anchor=\"end\">\(HTML.escape(arm))</text>"
            let change = (a != nil && b != nil) ? b! - a! : 0
            let colour = change > floor ? Palette.blue : change < -floor ? Palette.vermillion : Palette.ink
            if let a, let b {
                svg += "<line x1=\"\(HTML.f(x(a)))\" x2=\"\(HTML.f(x(b)))\" y1=\"\(HTML.f(cy))\" y2=\"\(HTML.f(cy))\" stroke=\"\(colour)\" stroke-width=\"2\"/>"
            }
            if let a { svg += "<circle cx=\"\(HTML.f(x(a)))\" cy=\"\(HTML.f(cy))\" r=\"4\" fill=\"\(Palette.grey)\"><title>\(HTML.escape("\(arm) in A: \(NumberText.percent(a))%"))</title></circle>" }
            if let b { svg += "<circle cx=\"\(HTML.f(x(b)))\" cy=\"\(HTML.f(cy))\" r=\"4.5\" fill=\"\(colour)\"><title>\(HTML.escape("\(arm) in B: \(NumberText.percent(b))%"))</title></circle>" }
            svg += "\n"
        }
        svg += "</svg>"
        return "<figure class=\"chart\"><figcaption><b>\(HTML.escape(benchmark))</b> (\(HTML.escape(scorer))): grey A, coloured B</figcaption><div class=\"scroll\">\(svg)</div></figure>\n"
    }

    static func mark(_ t: RunPairTest?, _ alpha: Double) -> String {
        guard let p = t?.pAdjusted, p < alpha else { return "" }
        return p < 0.001 ? "***" : p < 0.01 ? "**" : "*"
    }

    static func cells(_ d: RunDiff) -> String {
        let moved = d.movedCells
        let significant = moved.filter(d.isSignificant)
        var out = "<section id=\"cells\"><h2>Cells that moved</h2>\n<p class=\"note\">\(moved.count) cells moved by more than the noise floor; "
        out += "\(significant.count) of them significantly (McNemar A vs B on shared example ids, \(HTML.escape(d.correction.rawValue)) over the compared cells of one scorer).</p>\n"
        let rows = significant.map { m in
            [HTML.escape(m.unit.description), HTML.escape(m.scorer), m.accuracyA.map(NumberText.percent) ?? "—", m.accuracyB.map(NumberText.percent) ?? "—",
             NumberText.points(m.change ?? 0), HTML.escape(m.test?.text ?? "")]
        }
        let header = ["cell", "scorer", "A %", "B %", "B − A (pts)", "test"]
        if !rows.isEmpty { out += HTML.table(header, rows, numeric: [2, 3, 4]) }
        let rest = moved.filter { !d.isSignificant($0) }.map { m in
            [HTML.escape(m.unit.description), HTML.escape(m.scorer), m.accuracyA.map(NumberText.percent) ?? "—", m.accuracyB.map(NumberText.percent) ?? "—",
             NumberText.points(m.change ?? 0), HTML.escape(m.test?.text ?? "no paired examples")]
        }
        if !rest.isEmpty {
            out += "<details><summary>\(rest.count) moved beyond the noise floor without significance</summary>\n" + HTML.table(header, rest, numeric: [2, 3, 4]) + "</details>\n"
        }
        return out + "</section>\n"
    }

    static func flips(_ d: RunDiff) -> String {
        var out = "<section id=\"flips\"><h2>Conclusions that flip between A and B</h2>\n<p class=\"note\">A flip: Δ vs baseline changes sign between the runs "
        out += "and both |Δ| exceed the noise floor. Each shows the condition's test A vs B (\(HTML.escape(d.correction.rawValue)) over the flips of one grain and scorer) "
        out += "and, when the baseline's own rows moved, the baseline's.</p>\n"
        if d.flipTests.isEmpty { return out + "<p class=\"note\">No conclusion flips.</p></section>\n" }
        let rows = d.flipTests.map { f in
            [HTML.escape(f.grain.rawValue), HTML.escape(f.flip.unit.description), HTML.escape(f.scorer), NumberText.points(f.flip.deltaA),
             NumberText.points(f.flip.deltaB), HTML.escape(f.flip.direction), HTML.escape(f.test?.text ?? "no paired examples") + " " + mark(f.test, d.alpha),
             HTML.escape(f.baselineTest?.text ?? "—")]
        }
        out += HTML.table(["grain", "unit", "scorer", "Δ A (pts)", "Δ B (pts)", "direction", "test A vs B", "baseline A vs B"], rows, numeric: [3, 4])
        return out + "</section>\n"
    }
}

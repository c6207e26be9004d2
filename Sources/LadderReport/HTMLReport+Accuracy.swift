import Foundation
import LadderAnalysis

/// The absolute view: accuracy per arm and benchmark with bootstrap
/// intervals, the baseline first, a chance line per benchmark, and Δ vs
/// baseline with its interval and significance mark.
extension HTMLReport.Context {
    /// Arms in reading order: the baseline, then the arms in the ladder's order.
    var armOrder: [String] { [result.config.baseline] + conditions }

    /// The ladder condition an arm belongs to.
    func declaredCondition(_ arm: String) -> String { snapshot.conditions.first { $0.name == arm }?.condition ?? arm }

    /// Benchmarks in name order.
    var benchmarks: [String] { Array(Set(arms.map(\.benchmark))).sorted() }

    /// "*", "**", "***" for adjusted p below α, 0.01, 0.001; "" otherwise.
    func mark(_ test: RunPairTest?) -> String {
        guard let p = test?.pAdjusted, p < result.config.alpha else { return "" }
        return p < 0.001 ? "***" : p < 0.01 ? "**" : "*"
    }

    func marksLegend() -> String {
        let c = result.config
        return "<p class=\"legend\"><span><b>*</b> adjusted p &lt; \(NumberText.decimal(c.alpha) ?? "")</span><span><b>**</b> &lt; 0.01</span>"
            + "<span><b>***</b> &lt; 0.001</span><span>McNemar vs baseline on shared example ids, discordant pairs summed over the arm's cells and seeds, "
            + "\(HTML.escape(c.correction.rawValue)) over the arms × benchmarks of one scorer</span></p>\n"
    }

    private func level() -> String { NumberText.percent(result.config.confidenceLevel) }

    func accuracySection() -> String {
        let c = result.config
        var out = "<section id=\"accuracy\"><h2>Accuracy per arm</h2>\n"
        out += "<p class=\"note\">An arm is one condition at one language and tier, seeds collapsed. Accuracy is the mean over the arm's cells "
        out += "(template × data language × instruction language) of the seed-collapsed accuracy, with a \(level())% bootstrap interval "
        out += "(\(c.bootstrapResamples) resamples of every observation's examples). Δ is the paired difference from the baseline in points with its "
        out += "\(level())% paired-bootstrap interval. The dashed line is chance: one over the benchmark's number of answer options.</p>\n"
        out += marksLegend()
        for (i, scorer) in scorers.enumerated() {
            let body = accuracyTable(scorer: scorer) + "<div class=\"multiples\">" + benchmarks.map { accuracyChart(scorer: scorer, benchmark: $0) }.joined() + "</div>\n"
            out += i == 0 ? "<h3>Scorer \(HTML.escape(scorer))</h3>\n" + body
                : "<details><summary>Scorer \(HTML.escape(scorer))</summary>\n\(body)</details>\n"
        }
        return out + "</section>\n"
    }

    func row(_ arm: String, _ benchmark: String, _ scorer: String) -> ArmBenchmarkRow? {
        arms.first { $0.arm == arm && $0.benchmark == benchmark && $0.scorer == scorer }
    }

    private func interval(_ r: ClosedRange<Double>?, points: Bool) -> String {
        guard let r else { return "" }
        func f(_ x: Double) -> String { points ? NumberText.points(x) : NumberText.percent(x) }
        return " <small>[\(f(r.lowerBound)), \(f(r.upperBound))]</small>"
    }

    func accuracyTable(scorer: String) -> String {
        var header = ["arm", "condition"]
        for b in benchmarks { header += ["\(b) accuracy %", "\(b) Δ pts"] }
        var rows: [[String]] = []
        for arm in armOrder where arms.contains(where: { $0.arm == arm && $0.scorer == scorer }) {
            var cells = [HTML.escape(arm) + (arm == result.config.baseline ? " <small>(baseline)</small>" : ""), HTML.escape(declaredCondition(arm))]
            for b in benchmarks {
                guard let r = row(arm, b, scorer) else { cells += ["—", "—"]; continue }
                cells.append("<span title=\"\(r.cells) cells, \(r.examples) scored rows\">\(NumberText.percent(r.accuracy))</span>" + interval(r.accuracyInterval, points: false))
                if let d = r.delta {
                    let cls = d > floor ? "win" : d < -floor ? "loss" : ""
                    let title = r.test.map { " title=\"\(HTML.escape($0.text))\"" } ?? ""
                    cells.append("<span class=\"\(cls)\"\(title)>\(NumberText.points(d))\(mark(r.test))</span>" + interval(r.deltaInterval, points: true))
                } else {
                    cells.append(arm == result.config.baseline ? "<small>reference</small>" : "—")
                }
            }
            rows.append(cells)
        }
        var chance = ["<i>chance</i>", ""]
        for b in benchmarks { chance += [ChanceLevel.of(b).map { "<i>\(NumberText.percent($0))</i>" } ?? "<i>unknown</i>", ""] }
        rows.append(chance)
        return HTML.table(header, rows, numeric: Set(2..<header.count))
    }

    /// One dot per arm with its interval as a whisker; a dashed chance line and a dotted baseline line.
    func accuracyChart(scorer: String, benchmark: String) -> String {
        let present = armOrder.compactMap { row($0, benchmark, scorer) }
        guard !present.isEmpty else { return "" }
        let chance = ChanceLevel.of(benchmark)
        let top = min(1, ((present.map { $0.accuracyInterval?.upperBound ?? $0.accuracy }.max() ?? 1) * 10).rounded(.up) / 10 + 0.05)
        let labelW = Double(max(110, 8 * (present.map(\.arm.count).max() ?? 0))), plotW = 300.0, rowH = 22.0
        let width = labelW + plotW + 20, height = 34 + rowH * Double(present.count)
        func x(_ v: Double) -> Double { labelW + plotW * v / top }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"100%\" style=\"max-width:\(HTML.f(width))px\" viewBox=\"0 0 \(HTML.f(width)) \(HTML.f(height))\">\n"
        svg += "<title>\(HTML.escape("Accuracy per arm on \(benchmark) under \(scorer)"))</title>\n"
        for tick in stride(from: 0.0, through: top + 0.0001, by: top > 0.5 ? 0.2 : 0.1) {
            svg += "<line x1=\"\(HTML.f(x(tick)))\" x2=\"\(HTML.f(x(tick)))\" y1=\"16\" y2=\"\(HTML.f(height - 4))\" stroke=\"#e5e5e5\"/>"
            svg += "<text x=\"\(HTML.f(x(tick)))\" y=\"12\" font-size=\"10\" text-anchor=\"middle\" fill=\"#555\">\(NumberText.percent(tick))%</text>\n"
        }
        if let chance {
            svg += "<line class=\"chance\" x1=\"\(HTML.f(x(chance)))\" x2=\"\(HTML.f(x(chance)))\" y1=\"16\" y2=\"\(HTML.f(height - 4))\" stroke=\"\(Palette.vermillion)\" stroke-dasharray=\"4 3\">"
            svg += "<title>chance \(NumberText.percent(chance))%</title></line>"
            svg += "<text x=\"\(HTML.f(x(chance) + 3))\" y=\"\(HTML.f(height - 6))\" font-size=\"10\" fill=\"\(Palette.vermillion)\">chance \(NumberText.percent(chance))%</text>\n"
        }
        if let base = row(result.config.baseline, benchmark, scorer) {
            svg += "<line x1=\"\(HTML.f(x(base.accuracy)))\" x2=\"\(HTML.f(x(base.accuracy)))\" y1=\"16\" y2=\"\(HTML.f(height - 4))\" stroke=\"\(Palette.grey)\" stroke-dasharray=\"1 2\"/>\n"
        }
        for (i, r) in present.enumerated() {
            let cy = 26 + rowH * Double(i) + rowH / 2
            let isBase = r.arm == result.config.baseline
            let colour = isBase ? Palette.grey : (r.delta ?? 0) > floor ? Palette.blue : (r.delta ?? 0) < -floor ? Palette.vermillion : Palette.ink
            svg += "<text x=\"\(HTML.f(labelW - 6))\" y=\"\(HTML.f(cy + 4))\" font-size=\"12\" text-anchor=\"end\">\(HTML.escape(r.arm))</text>"
            if let ci = r.accuracyInterval {
                svg += "<line x1=\"\(HTML.f(x(ci.lowerBound)))\" x2=\"\(HTML.f(x(ci.upperBound)))\" y1=\"\(HTML.f(cy))\" y2=\"\(HTML.f(cy))\" stroke=\"\(colour)\" stroke-width=\"2\"/>"
            }
            var tip = "\(r.arm): \(NumberText.percent(r.accuracy))%"
            if let ci = r.accuracyInterval { tip += " [\(NumberText.percent(ci.lowerBound)), \(NumberText.percent(ci.upperBound))]" }
            if let d = r.delta { tip += ", Δ \(NumberText.points(d)) pts\(mark(r.test))" }
            svg += "<circle cx=\"\(HTML.f(x(r.accuracy)))\" cy=\"\(HTML.f(cy))\" r=\"4.5\" fill=\"\(colour)\"><title>\(HTML.escape(tip))</title></circle>\n"
        }
        svg += "</svg>"
        return "<figure class=\"chart\"><figcaption><b>\(HTML.escape(benchmark))</b> (\(HTML.escape(scorer)))</figcaption><div class=\"scroll\">\(svg)</div></figure>\n"
    }
}

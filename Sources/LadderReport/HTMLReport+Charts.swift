import Foundation
import LadderAnalysis

extension HTMLReport.Context {
    func heatmapSection() -> String {
        var out = "<section id=\"heatmap\"><h2>Δ vs baseline: conditions × benchmark and instruction language</h2>\n"
        out += "<p class=\"note\">Each square is the mean over its cells (templates × data languages) of the seed-collapsed accuracy difference from the baseline, "
        out += "in percentage points. Blue: above the noise floor; orange: below it; grey: within it. Hover a square for its counts and step keys.</p>\n"
        out += legend()
        for scorer in scorers { out += heatmap(scorer: scorer) }
        return out + "</section>\n"
    }

    private func legend() -> String {
        let items: [(Double, String)] = [(-0.2, "−20 pts"), (-0.05, "−5"), (0, "within floor"), (0.05, "+5"), (0.2, "+20 pts")]
        return "<div class=\"legend\">" + items.map { d, label in
            "<span><span class=\"swatch\" style=\"background:\(Palette.diverging(d, floor: floor).fill)\"></span>\(HTML.escape(label))</span>"
        }.joined() + "<span><span class=\"swatch\" style=\"background:#fff\"></span>no baseline counterpart</span></div>\n"
    }

    private func heatmap(scorer: String) -> String {
        let rows = result.conditionBenchmarkInstr.filter { $0.scorer == scorer }
        var columns: [(String, String)] = []
        for r in rows.sorted(by: { $0.unit < $1.unit }) where !columns.contains(where: { $0 == (r.unit.benchmark, r.unit.instrLang ?? "") }) {
            columns.append((r.unit.benchmark, r.unit.instrLang ?? ""))
        }
        columns.sort { $0.0 != $1.0 ? $0.0 < $1.0 : NaturalOrder.less($0.1, $1.1) }
        let labelW = Double(max(110, 8 * (conditions.map(\.count).max() ?? 0))), colW = 62.0, rowH = 28.0, headH = 42.0
        let width = labelW + colW * Double(columns.count) + 4, height = headH + rowH * Double(conditions.count) + 4
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"\(HTML.f(width))\" height=\"\(HTML.f(height))\" viewBox=\"0 0 \(HTML.f(width)) \(HTML.f(height))\">\n"
        svg += "<title>Δ vs baseline under \(HTML.escape(scorer))</title>\n"
        for (i, col) in columns.enumerated() {
            let x = labelW + colW * (Double(i) + 0.5)
            if i == 0 || columns[i - 1].0 != col.0 {
                svg += "<text x=\"\(HTML.f(labelW + colW * Double(i) + 3))\" y=\"16\" font-size=\"12\" font-weight=\"600\">\(HTML.escape(col.0))</text>\n"
            }
            svg += "<text x=\"\(HTML.f(x))\" y=\"34\" font-size=\"11\" text-anchor=\"middle\" fill=\"#555\">instr \(HTML.escape(col.1))</text>\n"
        }
        for (j, condition) in conditions.enumerated() {
            let y = headH + rowH * Double(j)
            svg += "<text x=\"\(HTML.f(labelW - 6))\" y=\"\(HTML.f(y + rowH / 2 + 4))\" font-size=\"12\" text-anchor=\"end\">\(HTML.escape(condition))</text>\n"
            for (i, col) in columns.enumerated() {
                let x = labelW + colW * Double(i)
                let row = rows.first { $0.unit.condition == condition && $0.unit.benchmark == col.0 && $0.unit.instrLang == col.1 }
                let rect = "x=\"\(HTML.f(x + 1))\" y=\"\(HTML.f(y + 1))\" width=\"\(HTML.f(colW - 2))\" height=\"\(HTML.f(rowH - 2))\""
                guard let row else {
                    svg += "<rect \(rect) fill=\"#fff\" stroke=\"#eee\"><title>\(HTML.escape(condition)) has no \(HTML.escape(col.0)) instr \(HTML.escape(col.1)) cells</title></rect>\n"
                    continue
                }
                guard let d = row.deltaMean else {
                    svg += "<rect \(rect) fill=\"#fff\" stroke=\"#bbb\" stroke-dasharray=\"3 2\"><title>\(HTML.escape(condition)) \(HTML.escape(col.0)) instr \(HTML.escape(col.1)): \(row.cellsWithoutBaseline) cells, none with a baseline counterpart</title></rect>\n"
                    svg += "<text x=\"\(HTML.f(x + colW / 2))\" y=\"\(HTML.f(y + rowH / 2 + 4))\" font-size=\"11\" text-anchor=\"middle\" fill=\"#555\">gap</text>\n"
                    continue
                }
                let colour = Palette.diverging(d, floor: floor)
                svg += "<rect \(rect) fill=\"\(colour.fill)\"><title>\(HTML.escape(tooltip(row, scorer: scorer)))</title></rect>\n"
                svg += "<text x=\"\(HTML.f(x + colW / 2))\" y=\"\(HTML.f(y + rowH / 2 + 4))\" font-size=\"12\" text-anchor=\"middle\" fill=\"\(colour.text)\" pointer-events=\"none\">\(NumberText.points(d))</text>\n"
            }
        }
        svg += "</svg>"
        return "<figure><figcaption>Scorer <b>\(HTML.escape(scorer))</b></figcaption><div class=\"scroll\">\(svg)</div></figure>\n"
    }

    private func tooltip(_ row: AggregateRow, scorer: String) -> String {
        let keys = result.cells.filter {
            $0.scorer == scorer && $0.key.condition == row.unit.condition && $0.key.benchmark == row.unit.benchmark && $0.key.instrLang == row.unit.instrLang
        }.flatMap(\.stepKeys)
        var unique: [String] = []
        for k in keys where !unique.contains(k) { unique.append(k) }
        var t = "\(row.unit.condition) \(row.unit.benchmark) instr \(row.unit.instrLang ?? "") (\(scorer)): Δ \(NumberText.points(row.deltaMean ?? 0)) pts, "
        t += "mean over \(row.cells) cells (\(row.cellsWin) win, \(row.cellsLoss) loss, \(row.cellsTie) tie"
        t += row.cellsWithoutBaseline > 0 ? ", \(row.cellsWithoutBaseline) without baseline)" : ")"
        t += "; accuracy \(NumberText.percent(row.conditionAccuracyMean ?? 0))% vs baseline \(NumberText.percent(row.baselineAccuracyMean ?? 0))%"
        t += "; step keys " + unique.prefix(6).map { String($0.prefix(12)) }.joined(separator: ", ") + (unique.count > 6 ? ", …" : "")
        return t
    }

    func slopegraphSection() -> String {
        var out = "<section id=\"slopegraph\"><h2>Accuracy per cell, scorer to scorer</h2>\n"
        guard let (a, b) = scorerPair else { return out + "<p class=\"note\">One scorer only: nothing to compare.</p></section>\n" }
        out += "<p class=\"note\">One line per cell (seeds collapsed), from its accuracy under \(HTML.escape(a)) (left) to \(HTML.escape(b)) (right). "
        out += "Blue lines rise, orange lines fall by more than the noise floor; grey lines stay within it.</p>\n<div class=\"multiples\">\n"
        for condition in [result.config.baseline] + conditions {
            let left = Dictionary(result.cells.filter { $0.key.condition == condition && $0.scorer == a }.map { ($0.key, $0.accuracyMean) }, uniquingKeysWith: { x, _ in x })
            let right = Dictionary(result.cells.filter { $0.key.condition == condition && $0.scorer == b }.map { ($0.key, $0.accuracyMean) }, uniquingKeysWith: { x, _ in x })
            let keys = Set(left.keys).intersection(right.keys).sorted()
            if keys.isEmpty { continue }
            let w = 230.0, h = 190.0, x0 = 46.0, x1 = 184.0, top = 14.0, bottom = 168.0
            func y(_ v: Double) -> Double { bottom - (bottom - top) * v }
            var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"\(HTML.f(w))\" height=\"\(HTML.f(h))\" viewBox=\"0 0 \(HTML.f(w)) \(HTML.f(h))\">\n"
            svg += "<title>\(HTML.escape(condition)): accuracy per cell under \(HTML.escape(a)) and \(HTML.escape(b))</title>\n"
            for tick in [0.0, 0.5, 1.0] {
                svg += "<line x1=\"\(HTML.f(x0))\" x2=\"\(HTML.f(x1))\" y1=\"\(HTML.f(y(tick)))\" y2=\"\(HTML.f(y(tick)))\" stroke=\"#e5e5e5\"/>"
                svg += "<text x=\"\(HTML.f(x0 - 6))\" y=\"\(HTML.f(y(tick) + 4))\" font-size=\"10\" text-anchor=\"end\" fill=\"#555\">\(Int(tick * 100))%</text>\n"
            }
            var up = 0, down = 0
            for k in keys {
                let l = left[k]!, r = right[k]!
                let colour = r - l > floor ? Palette.blue : r - l < -floor ? Palette.vermillion : Palette.grey
                if r - l > floor { up += 1 } else if r - l < -floor { down += 1 }
                svg += "<g><title>\(HTML.escape("\(k.benchmark) \(k.template) data \(k.dataLang) instr \(k.instrLang): \(NumberText.percent(l))% → \(NumberText.percent(r))%"))</title>"
                svg += "<line x1=\"\(HTML.f(x0))\" y1=\"\(HTML.f(y(l)))\" x2=\"\(HTML.f(x1))\" y2=\"\(HTML.f(y(r)))\" stroke=\"\(colour)\" stroke-width=\"1.5\" opacity=\"0.85\"/>"
                svg += "<circle cx=\"\(HTML.f(x0))\" cy=\"\(HTML.f(y(l)))\" r=\"2.5\" fill=\"\(colour)\"/><circle cx=\"\(HTML.f(x1))\" cy=\"\(HTML.f(y(r)))\" r=\"2.5\" fill=\"\(colour)\"/></g>\n"
            }
            svg += "<text x=\"\(HTML.f(x0))\" y=\"\(HTML.f(h - 4))\" font-size=\"10\" text-anchor=\"middle\">\(HTML.escape(a))</text>"
            svg += "<text x=\"\(HTML.f(x1))\" y=\"\(HTML.f(h - 4))\" font-size=\"10\" text-anchor=\"middle\">\(HTML.escape(b))</text>\n</svg>"
            out += "<figure>\(svg)<figcaption><b>\(HTML.escape(condition))</b>: \(keys.count) cells, \(up) up, \(down) down, \(keys.count - up - down) within floor</figcaption></figure>\n"
        }
        return out + "</div></section>\n"
    }

    func seedSpreadSection() -> String {
        var out = "<section id=\"seeds\"><h2>Seed spread per condition</h2>\n"
        out += "<p class=\"note\">Each dot is one seed: the mean accuracy over that seed's observations. The text gives the mean over cells of the "
        out += "standard deviation across seeds. Conditions with one seed show one dot and no spread.</p>\n"
        struct Key: Hashable { var condition: String; var seed: String?; var scorer: String }
        var perSeed: [Key: [Double]] = [:]
        for o in result.observations where o.key.seed != nil { perSeed[Key(condition: o.key.condition, seed: o.key.seed, scorer: o.scorer), default: []].append(o.accuracy) }
        let seeded = ([result.config.baseline] + conditions).filter { c in perSeed.keys.contains { $0.condition == c } }
        if seeded.isEmpty { return out + "<p class=\"note\">No condition has seeds.</p></section>\n" }
        let means = perSeed.mapValues { $0.reduce(0, +) / Double($0.count) }
        let lo = max(0, ((means.values.min() ?? 0) * 20).rounded(.down) / 20), hi = min(1, ((means.values.max() ?? 1) * 20).rounded(.up) / 20 + 0.0001)
        let colours = [Palette.blue, Palette.orange, Palette.green, Palette.skyBlue, Palette.vermillion, "#CC79A7", Palette.ink]
        // One colour per seed value across the page, so the legend holds for every row.
        let allSeeds = Array(Set(perSeed.keys.compactMap(\.seed))).sorted(by: NaturalOrder.less)
        func colour(_ seed: String?) -> String { colours[(allSeeds.firstIndex { $0 == seed } ?? 0) % colours.count] }
        out += "<div class=\"legend\">" + allSeeds.map { "<span><span class=\"swatch\" style=\"background:\(colour($0))\"></span>seed \(HTML.escape($0))</span>" }.joined()
            + "<span>sd: mean over the condition's cells of the standard deviation across seeds, in points</span></div>\n"
        for scorer in scorers {
            let labelW = Double(max(110, 8 * (seeded.map(\.count).max() ?? 0))), plotW = 240.0, rowH = 24.0
            let width = labelW + plotW + 130, height = 30 + rowH * Double(seeded.count)
            func x(_ v: Double) -> Double { labelW + plotW * (v - lo) / max(0.0001, hi - lo) }
            // Scales down with the window (a few dots read fine small) instead of scrolling.
            var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"100%\" style=\"max-width:\(HTML.f(width))px\" viewBox=\"0 0 \(HTML.f(width)) \(HTML.f(height))\">\n"
            svg += "<title>Seed spread under \(HTML.escape(scorer))</title>\n"
            for tick in stride(from: lo, through: hi, by: max(0.05, ((hi - lo) / 4 * 20).rounded(.up) / 20)) {
                svg += "<line x1=\"\(HTML.f(x(tick)))\" x2=\"\(HTML.f(x(tick)))\" y1=\"18\" y2=\"\(HTML.f(height - 4))\" stroke=\"#e5e5e5\"/>"
                svg += "<text x=\"\(HTML.f(x(tick)))\" y=\"12\" font-size=\"10\" text-anchor=\"middle\" fill=\"#555\">\(NumberText.percent(tick))%</text>\n"
            }
            for (j, condition) in seeded.enumerated() {
                let cy = 30 + rowH * Double(j) + rowH / 2 - 6
                svg += "<text x=\"\(HTML.f(labelW - 8))\" y=\"\(HTML.f(cy + 4))\" font-size=\"12\" text-anchor=\"end\">\(HTML.escape(condition))</text>\n"
                let seeds = means.keys.filter { $0.condition == condition && $0.scorer == scorer }.sorted { NaturalOrder.less($0.seed, $1.seed) }
                for k in seeds {
                    svg += "<circle cx=\"\(HTML.f(x(means[k]!)))\" cy=\"\(HTML.f(cy))\" r=\"5\" fill=\"\(colour(k.seed))\" fill-opacity=\"0.8\" stroke=\"#fff\">"
                    svg += "<title>\(HTML.escape("\(condition) seed \(k.seed ?? "—") (\(scorer)): \(NumberText.percent(means[k]!))% over \(perSeed[k]!.count) observations"))</title></circle>\n"
                }
                let sds = result.cells.filter { $0.key.condition == condition && $0.scorer == scorer }.compactMap(\.accuracySD)
                let spread = sds.isEmpty ? "1 seed" : "sd \(NumberText.unsignedPoints(sds.reduce(0, +) / Double(sds.count))) pts, \(seeds.count) seeds"
                svg += "<text x=\"\(HTML.f(labelW + plotW + 10))\" y=\"\(HTML.f(cy + 4))\" font-size=\"11\" fill=\"#555\">\(HTML.escape(spread))</text>\n"
            }
            svg += "</svg>"
            out += "<figure><figcaption>Scorer <b>\(HTML.escape(scorer))</b></figcaption><div class=\"scroll\">\(svg)</div></figure>\n"
        }
        return out + "</section>\n"
    }
}

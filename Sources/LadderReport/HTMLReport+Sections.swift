import Foundation
import LadderAnalysis

extension HTMLReport.Context {
    private func pts(_ d: Double?) -> String {
        guard let d else { return "—" }
        let cls = d > floor ? "win" : d < -floor ? "loss" : ""
        return cls.isEmpty ? NumberText.points(d) : "<span class=\"\(cls)\">\(NumberText.points(d))</span>"
    }

    private func card(_ value: String, _ label: String) -> String { "<div class=\"card\"><b>\(value)</b>\(HTML.escape(label))</div>" }

    func summarySection() -> String {
        let cells = Set(result.cells.filter { $0.key.condition != result.config.baseline }.map(\.key)).count
        let observations = Set(result.observations.map(\.key)).count
        let examples = result.observations.reduce(0) { $0 + $1.examples }
        let flipsAtBenchmark = scorerFlips.first { $0.grain == .conditionBenchmark }?.flips.count
        var out = "<section id=\"summary\"><h2>Summary</h2><div class=\"cards\">"
        let declared = Set(conditions.map(declaredCondition))
        out += card(String(declared.count), "conditions besides the baseline, as the ladder declares them")
        out += card(String(result.conditions.count), "arms (condition × language × tier)")
        out += card(String(cells), "cells (seeds collapsed)")
        out += card(String(observations), "observations (condition × seed × cell)")
        out += card(String(examples), "scored rows, all scorers")
        out += card(String(result.scorers.count), "scorers")
        if let flipsAtBenchmark, let (a, b) = scorerPair { out += card(String(flipsAtBenchmark), "condition × benchmark flips, \(a) → \(b)") }
        out += card(String(result.gaps.count), "gaps")
        out += "</div></section>\n"
        return out
    }

    func conditionsSection() -> String {
        let described = snapshot.conditions.map(\.name)
        let all = described + ([result.config.baseline] + result.conditions).filter { !described.contains($0) }
        let rows = all.map { name -> [String] in
            let obs = result.observations.filter { $0.key.condition == name }
            let seeds = Set(obs.map(\.key.seed)).sorted(by: NaturalOrder.less).map { $0 ?? "—" }
            let isolates = snapshot.conditions.first { $0.name == name }?.isolates ?? "(not described in the ladder)"
            return [HTML.escape(name) + (name == result.config.baseline ? " <small>(baseline)</small>" : ""), HTML.escape(isolates),
                    HTML.escape(seeds.joined(separator: ", ")), String(Set(obs.map(\.key.cell)).count), String(Set(obs.map(\.key)).count)]
        }
        return "<section id=\"conditions\"><h2>Conditions and what each isolates</h2>\n"
            + HTML.table(["condition", "what it isolates", "seeds", "cells", "observations"], rows, numeric: [3, 4])
            + "</section>\n"
    }

    func statusSection() -> String {
        var out = "<section id=\"status\"><h2>Run status and timings</h2>\n<p class=\"note\">"
        if let s = snapshot.startedAt { out += "Started \(HTML.escape(s)). " }
        if let f = snapshot.finishedAt { out += "Finished \(HTML.escape(f)). " }
        if let h = snapshot.host { out += "Host \(HTML.escape(h)). " }
        out += "\(snapshot.steps.count) steps.</p>\n<div class=\"cards\">"
        for status in StepStatus.allCases {
            let n = snapshot.steps.filter { $0.status == status }.count
            if n > 0 { out += card(String(n), status.rawValue) }
        }
        out += "</div>\n"
        var byEngine: [String: (Int, Double)] = [:]
        for s in snapshot.steps {
            var e = byEngine[s.identity.engine] ?? (0, 0)
            e.0 += 1
            e.1 += s.seconds ?? 0
            byEngine[s.identity.engine] = e
        }
        out += HTML.table(["engine", "steps", "seconds (attempts that ran)"],
                          byEngine.keys.sorted().map { [HTML.escape($0), String(byEngine[$0]!.0), String(format: "%.1f", byEngine[$0]!.1)] },
                          numeric: [1, 2])
        let rows = snapshot.steps.sorted { $0.identity < $1.identity }.map { s in
            [HTML.escape(s.identity.condition), HTML.escape(s.identity.axesText), HTML.escape(s.identity.step), HTML.escape(s.identity.engine),
             HTML.escape(s.status?.rawValue ?? "—"), s.seconds.map { String(format: "%.1f", $0) } ?? "—", HTML.key(s.key)]
        }
        out += "<details><summary>All \(rows.count) steps</summary>\n"
            + HTML.table(["condition", "axes", "step", "engine", "status", "seconds", "key"], rows, numeric: [5]) + "</details>\n"
        return out + "</section>\n"
    }

    func flipsSection() -> String {
        var out = "<section id=\"flips\"><h2>Conclusions that flip between scorers</h2>\n"
        guard let (a, b) = scorerPair else { return out + "<p class=\"note\">One scorer only: nothing to compare.</p></section>\n" }
        out += "<p class=\"note\">A flip: Δ vs baseline changes sign from \(HTML.escape(a)) to \(HTML.escape(b)) and both |Δ| exceed the noise floor. "
        out += "Coarser units use the mean over their cells of the seed-collapsed Δ.</p>\n"
        out += "<p class=\"note\">Each flip shows its test under each scorer: McNemar vs baseline on shared example ids, discordant pairs summed over the unit's "
        out += "cells and seeds, \(HTML.escape(result.config.correction.rawValue))-corrected over the flipped units of one grain and scorer; a mark is as in the accuracy table.</p>\n"
        for f in scorerFlips {
            let title = "\(f.grain.unit) — \(f.flips.count) of \(f.compared) units flip"
            let testsA = ArmSummary.versusBaselineTests(snapshot.observations, config: result.config, grain: f.grain,
                                                        members: Set(f.flips.map { BetweenRuns.Member(unit: $0.unit, scorer: a) }))
            let testsB = ArmSummary.versusBaselineTests(snapshot.observations, config: result.config, grain: f.grain,
                                                        members: Set(f.flips.map { BetweenRuns.Member(unit: $0.unit, scorer: b) }))
            func shown(_ t: RunPairTest?) -> String { t.map { HTML.escape($0.text) + " " + mark($0) } ?? "—" }
            let rows = f.flips.map { x in
                [HTML.escape(x.unit.description), pts(x.deltaA), pts(x.deltaB), HTML.escape(x.direction),
                 shown(testsA[BetweenRuns.Member(unit: x.unit, scorer: a)]), shown(testsB[BetweenRuns.Member(unit: x.unit, scorer: b)])]
            }
            out += "<h3>\(HTML.escape(title))</h3>\n"
            out += rows.isEmpty ? "<p class=\"note\">No flips.</p>\n"
                : HTML.table(["unit", "Δ \(a) (pts)", "Δ \(b) (pts)", "direction", "test under \(a)", "test under \(b)"], rows, numeric: [1, 2])
            if !f.onlyInA.isEmpty || !f.onlyInB.isEmpty {
                out += "<p class=\"note\">Not comparable: \(f.onlyInA.count) units only under \(HTML.escape(a)), \(f.onlyInB.count) only under \(HTML.escape(b)).</p>\n"
            }
        }
        return out + "</section>\n"
    }

    func significanceSection() -> String {
        let c = result.config
        var out = "<section id=\"significance\"><h2>Significance</h2>\n<p class=\"note\">Paired McNemar tests on shared example ids, per observation "
        out += "(exact binomial below \(c.exactBelow) discordant pairs, chi-square with continuity correction above), \(HTML.escape(c.correction.rawValue)) correction "
        out += "within each scorer's family of tests, α = \(NumberText.decimal(c.alpha) ?? ""); "
        out += "\(c.bootstrapResamples)-resample paired bootstrap, \(NumberText.percent(c.confidenceLevel))% percentile interval, seed \(c.bootstrapSeed). "
        out += "Pairing: \(HTML.escape(result.pairingSummary)).</p>\n"
        struct Key: Hashable { var condition: String; var scorer: String }
        var groups: [Key: [SignificanceRow]] = [:]
        for s in result.significance { groups[Key(condition: s.key.condition, scorer: s.scorer), default: []].append(s) }
        let keys = groups.keys.sorted { $0.condition != $1.condition ? NaturalOrder.less($0.condition, $1.condition) : scorers.firstIndex(of: $0.scorer) ?? 0 < scorers.firstIndex(of: $1.scorer) ?? 0 }
        let rows = keys.map { k -> [String] in
            let g = groups[k]!
            let better = g.filter { $0.isSignificant(alpha: c.alpha) && $0.deltaPaired > 0 }.count
            let worse = g.filter { $0.isSignificant(alpha: c.alpha) && $0.deltaPaired < 0 }.count
            return [HTML.escape(k.condition), HTML.escape(k.scorer), String(g.count), "<span class=\"win\">\(better)</span>",
                    "<span class=\"loss\">\(worse)</span>", String(g.reduce(0) { $0 + $1.pairedExamples })]
        }
        out += HTML.table(["condition", "scorer", "observations tested", "significantly better", "significantly worse", "paired examples"],
                          rows, numeric: [2, 3, 4, 5])
        let detail = result.significance.map { s in
            [HTML.escape(s.key.condition), HTML.escape(s.key.seed ?? "—"), HTML.escape("\(s.key.benchmark) \(s.key.template) \(s.key.dataLang)/\(s.key.instrLang)"),
             HTML.escape(s.scorer), HTML.escape(s.pairing.rawValue), String(s.pairedExamples), "\(s.conditionOnly) / \(s.baselineOnly)", pts(s.deltaPaired),
             s.interval.map { "\(NumberText.points($0.low)) … \(NumberText.points($0.high))" } ?? "—",
             NumberText.decimal(s.pValue) ?? "—", NumberText.decimal(s.pAdjusted) ?? "—", HTML.key(s.conditionStepKey)]
        }
        out += "<details><summary>All \(detail.count) tests</summary>\n"
            + HTML.table(["condition", "seed", "cell", "scorer", "paired by", "n paired", "b / c", "Δ (pts)", "interval (pts)", "p", "p adjusted", "step key"],
                         detail, numeric: [5, 7, 9, 10]) + "</details>\n"
        return out + "</section>\n"
    }

    func gapsSection() -> String {
        var out = "<section id=\"gaps\"><h2>Gaps</h2>\n"
        if result.gaps.isEmpty { return out + "<p class=\"note\">Nothing the plan or the data implies is missing.</p></section>\n" }
        out += "<p class=\"note\">Missing things are listed, never skipped: a cell without a baseline counterpart is left out of every Δ and counted here.</p>\n<div class=\"cards\">"
        for kind in Gap.Kind.allCases {
            let n = result.gaps.filter { $0.kind == kind }.count
            if n > 0 { out += card(String(n), kind.rawValue.replacingOccurrences(of: "_", with: " ")) }
        }
        out += "</div>\n"
        let rows = result.gaps.map { g in
            [HTML.escape(g.kind.rawValue), HTML.escape(g.observation.description), HTML.escape(g.scorer), HTML.escape(g.detail)]
        }
        let table = HTML.table(["kind", "where", "scorer", "detail"], rows)
        out += rows.count > 20 ? "<details><summary>All \(rows.count) gaps</summary>\n\(table)</details>\n" : table
        return out + "</section>\n"
    }

    func provenanceSection() -> String {
        var out = "<section id=\"provenance\"><h2>Provenance</h2>\n<p class=\"note\">Each observation's numbers come from the scored rows of the step named here; "
        out += "each scorer is the exact version whose fingerprint is given. Hover a shortened key to see it whole.</p>\n"
        out += HTML.table(["scorer", "fingerprint"], scorers.map { [HTML.escape($0), HTML.key(snapshot.scorerFingerprints[$0] ?? "")] })
        let rows = result.observations.map { o in
            [HTML.escape(o.key.condition), HTML.escape(o.key.seed ?? "—"), HTML.escape(o.key.template), HTML.escape(o.key.benchmark),
             HTML.escape(o.key.dataLang), HTML.escape(o.key.instrLang), HTML.escape(o.scorer), String(o.examples), String(o.correct),
             NumberText.percent(o.accuracy), NumberText.percent(o.parseFailureRate), HTML.key(o.stepKey)]
        }
        out += "<details><summary>Cells table: all \(rows.count) observations × scorers</summary>\n"
            + HTML.table(["condition", "seed", "template", "benchmark", "data", "instr", "scorer", "n", "correct", "accuracy %", "parse failures %", "step key"],
                         rows, numeric: [7, 8, 9, 10]) + "</details>\n"
        return out + "</section>\n"
    }
}

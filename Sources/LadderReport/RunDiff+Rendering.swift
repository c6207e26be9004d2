import Foundation
import LadderAnalysis

extension RunDiff {
    private static func short(_ key: String) -> String { String(key.prefix(12)) }
    private static func num(_ x: Double?) -> String { x.flatMap(NumberText.decimal) ?? "NA" }

    /// Human-readable, one unit (percentage points) throughout: root causes first,
    /// the summary, the plan with downstream steps collapsed per cause (`all`
    /// lists them), metrics that moved, new and removed cells apart, then flips.
    public func text(all: Bool = false) -> String {
        let floor = NumberText.unsignedPoints(noiseFloor)
        var out = "diff  A: \(runA)  B: \(runB)  (noise floor \(floor) pts)\n\n"
        out += "Root causes\n"
        if causes.isEmpty { out += "  none: no step changed\n" }
        for c in causes { out += "  \(c.line)\n" }
        out += "\nSummary\n"
        out += "  steps: \(summary.stepsChanged) changed, \(summary.stepsOnlyInA) only in A, \(summary.stepsOnlyInB) only in B, \(summary.stepsUnchanged) unchanged\n"
        out += "  cells: \(summary.cellsCompared) compared, \(summary.cellsMoved) moved (|Δ accuracy| > \(floor) pts), \(summary.cellsMovedSignificant) of them significant, \(summary.cellsOnlyInA) only in A, \(summary.cellsOnlyInB) only in B\n"
        out += "  flips: " + Grain.conclusionGrains.map { "\(summary.flips[$0.rawValue] ?? 0) at \($0.rawValue)" }.joined(separator: ", ") + "\n\n"
        let rootIDs = Set(causes.flatMap(\.roots))
        let downstream = changed.filter { !rootIDs.contains($0.identity) }
        out += all ? "Plan\n" : "Plan (root steps; downstream steps collapsed, --all lists them)\n"
        if changed.isEmpty && onlyInA.isEmpty && onlyInB.isEmpty { out += "  no step changed\n" }
        for c in changed where all || rootIDs.contains(c.identity) {
            out += "  changed    \(c.identity)  \(Self.short(c.keyA)) → \(Self.short(c.keyB))\n"
            if c.ingredients.isEmpty { out += "      (no recorded ingredient differs: the key encoding changed)\n" }
            for i in c.ingredients { out += "      \(i.name): \(i.old ?? "(absent)") → \(i.new ?? "(absent)")\n" }
        }
        if !all && !downstream.isEmpty { out += "  + \(downstream.count) downstream step\(downstream.count == 1 ? "" : "s") changed only because their inputs did\n" }
        for (label, steps) in [("only in A", onlyInA), ("only in B", onlyInB)] where !steps.isEmpty {
            if all {
                for s in steps { out += "  \(label)  \(s.identity)  \(Self.short(s.key))\n" }
            } else {
                out += "  \(label): \(steps.count) step\(steps.count == 1 ? "" : "s") (\(Self.conditions(steps)))\n"
            }
        }
        out += "\nMetrics: condition × benchmark (accuracy %, mean over cells; Δ vs baseline in pts)\n"
        var anyUnit = false
        // Units on one side only are new or removed cells, listed below.
        for m in conditionBenchmarkMetrics where m.accuracyA != nil && m.accuracyB != nil
            && (m.accuracyA != m.accuracyB || m.deltaVsBaselineA != m.deltaVsBaselineB) {
            anyUnit = true
            out += "  \(m.unit) \(m.scorer): \(Self.pct(m.accuracyA)) → \(Self.pct(m.accuracyB))"
            if let c = m.change { out += " (\(NumberText.points(c)) pts)" }
            if m.deltaVsBaselineA != nil || m.deltaVsBaselineB != nil {
                out += "; Δ vs baseline \(Self.pts(m.deltaVsBaselineA)) → \(Self.pts(m.deltaVsBaselineB)) pts"
            }
            out += "\n"
        }
        if !anyUnit { out += "  none changed\n" }
        let moved = movedCells
        let significant = moved.filter(isSignificant)
        let perScorer = Set(Dictionary(grouping: cellMetrics.filter { $0.test != nil }, by: \.scorer).values.map(\.count))
        let family = perScorer.count == 1 ? "\(perScorer.first!) cell\(perScorer.first! == 1 ? "" : "s") per scorer" : "the compared cells of each scorer"
        out += "\nMetrics: cells moved beyond the noise floor and significant, largest first (McNemar A vs B on the example ids both runs scored, "
        out += "\(correction.rawValue) over \(family), α \(Self.num(alpha)))\n"
        if significant.isEmpty { out += "  none\n" }
        let limit = all ? significant.count : 6
        for m in significant.prefix(limit) {
            out += "  \(m.unit) \(m.scorer): \(Self.pct(m.accuracyA)) → \(Self.pct(m.accuracyB)) (\(NumberText.points(m.change!)) pts)  \(m.test!.text)\n"
        }
        if significant.count > limit { out += "  … \(significant.count - limit) more (--all lists them)\n" }
        let notSignificant = moved.filter { !isSignificant($0) }
        if !notSignificant.isEmpty {
            if all {
                out += "\nMetrics: cells moved beyond the noise floor, not significant\n"
                for m in notSignificant {
                    out += "  \(m.unit) \(m.scorer): \(Self.pct(m.accuracyA)) → \(Self.pct(m.accuracyB)) (\(NumberText.points(m.change!)) pts)  \(m.test?.text ?? "no paired examples")\n"
                }
            } else {
                out += "  + \(notSignificant.count) cell\(notSignificant.count == 1 ? "" : "s") moved beyond the noise floor without significance (--all lists them)\n"
            }
        }
        for (title, rows, side) in [("New cells (only in B)", cellMetrics.filter { $0.accuracyA == nil }, true),
                                    ("Removed cells (only in A)", cellMetrics.filter { $0.accuracyB == nil }, false)] where !rows.isEmpty {
            out += "\n\(title): \(rows.count)\n"
            for m in rows.prefix(all ? rows.count : 5) { out += "  \(m.unit) \(m.scorer): \(Self.pct(side ? m.accuracyB : m.accuracyA))\n" }
            if !all && rows.count > 5 { out += "  … \(rows.count - 5) more (--all lists them)\n" }
        }
        out += "\nFlips vs baseline between A and B (each with the condition's test A vs B, \(correction.rawValue) over the flips of one grain)\n"
        var any = false
        for f in flips where !f.flips.isEmpty {
            any = true
            let scorer = String(f.labelA.dropFirst(2))
            // Cell-level flips rest on a handful of examples each: counted, listed with --all.
            if f.grain == .cell && !all {
                let tests = flipTests.filter { $0.grain == .cell && $0.scorer == scorer }
                let sig = tests.filter { $0.test?.isSignificant(alpha: alpha) ?? false }.count
                out += "  cell  [\(scorer)]: \(f.flips.count) cell\(f.flips.count == 1 ? "" : "s") flipped, \(sig) significant (--all lists them)\n"
                continue
            }
            for x in f.flips {
                out += "  \(f.grain.rawValue)  \(x.unit) [\(scorer)]: \(NumberText.points(x.deltaA)) → \(NumberText.points(x.deltaB)) pts  \(x.direction)"
                if let t = flipTests.first(where: { $0.grain == f.grain && $0.scorer == scorer && $0.flip == x }) {
                    out += "  \(t.test?.text ?? "no paired examples")"
                    if let bt = t.baselineTest { out += "; baseline moved too: \(bt.text)" }
                }
                out += "\n"
            }
        }
        if !any { out += "  none\n" }
        return out
    }

    private static func pct(_ x: Double?) -> String { x.map { NumberText.percent($0) + "%" } ?? "NA" }
    private static func pts(_ x: Double?) -> String { x.map(NumberText.points) ?? "NA" }

    /// `cond-x 3, cond-y 1`: steps per condition, in first-seen order.
    private static func conditions(_ steps: [StepRecord]) -> String {
        var order: [String] = []
        var n: [String: Int] = [:]
        for s in steps {
            if n[s.identity.condition] == nil { order.append(s.identity.condition) }
            n[s.identity.condition, default: 0] += 1
        }
        return order.map { "\($0) \(n[$0]!)" }.joined(separator: ", ")
    }

    /// The tables a script wants: plan changes, cell metrics, condition × benchmark metrics, flips.
    public func tables() -> [Table] {
        let notes = [Table.Note("a", runA), Table.Note("b", runB), Table.Note("noise_floor", Self.num(noiseFloor))]
        var plan = Table(name: "diff_plan", grain: .step, scorers: [], notes: notes,
                         columns: ["change", "condition", "axes", "step", "engine", "key_a", "key_b", "ingredient", "old", "new"])
        for c in changed {
            let base: [Table.Value] = [.string("changed"), .string(c.identity.condition), .string(c.identity.axesText), .string(c.identity.step),
                                       .string(c.identity.engine), .string(c.keyA), .string(c.keyB)]
            if c.ingredients.isEmpty { plan.rows.append(base + [.null, .null, .null]) }
            for i in c.ingredients { plan.rows.append(base + [.string(i.name), .optional(i.old), .optional(i.new)]) }
        }
        for (label, steps) in [("only_in_a", onlyInA), ("only_in_b", onlyInB)] {
            for s in steps {
                plan.rows.append([.string(label), .string(s.identity.condition), .string(s.identity.axesText), .string(s.identity.step),
                                  .string(s.identity.engine), label == "only_in_a" ? .string(s.key) : .null,
                                  label == "only_in_b" ? .string(s.key) : .null, .null, .null, .null])
            }
        }
        let scorers = Array(Set(cellMetrics.map(\.scorer))).sorted()
        var causeTable = Table(name: "diff_causes", grain: .step, scorers: [], notes: notes,
                               columns: ["cause", "kind", "root_steps", "downstream_steps", "downstream_by_step"])
        for c in causes {
            causeTable.rows.append([.string(c.text), .string(c.kind), .int(c.roots.count), .int(c.downstream.count), .string(c.downstreamByStep)])
        }
        let testNotes = notes + [Table.Note("test", "mcnemar, A vs B on shared example ids"), Table.Note("correction", correction.rawValue),
                                 Table.Note("alpha", Self.num(alpha))]
        return [causeTable, plan, metricTable("diff_cells", .cell, cellMetrics, scorers, testNotes),
                metricTable("diff_condition_benchmark", .conditionBenchmark, conditionBenchmarkMetrics, scorers, notes)]
            + flips.map { $0.table() } + [flipTestTable(scorers, testNotes)]
    }

    private func metricTable(_ name: String, _ grain: Grain, _ rows: [MetricRow], _ scorers: [String], _ notes: [Table.Note]) -> Table {
        var columns = ["condition", "benchmark"]
        if grain == .cell { columns += ["template", "data_lang", "instr_lang"] }
        columns += ["scorer", "accuracy_a", "accuracy_b", "accuracy_change", "delta_vs_baseline_a", "delta_vs_baseline_b"]
        if grain == .cell { columns += ["moved", "paired_examples", "right_in_b_only", "right_in_a_only", "p", "p_adjusted", "significant"] }
        return Table(name: name, grain: grain, scorers: scorers, notes: notes, columns: columns, rows: rows.map { m in
            var row: [Table.Value] = [.string(m.unit.condition), .string(m.unit.benchmark)]
            if grain == .cell { row += [.optional(m.unit.template), .optional(m.unit.dataLang), .optional(m.unit.instrLang)] }
            row += [.string(m.scorer), .optional(m.accuracyA), .optional(m.accuracyB), .optional(m.change),
                    .optional(m.deltaVsBaselineA), .optional(m.deltaVsBaselineB)]
            if grain == .cell {
                row.append(.bool(m.change.map { abs($0) > noiseFloor } ?? false))
                row += Self.testValues(m.test) + [.bool(isSignificant(m))]
            }
            return row
        })
    }

    private static func testValues(_ t: RunPairTest?) -> [Table.Value] {
        guard let t else { return [.null, .null, .null, .null, .null] }
        return [.int(t.pairedExamples), .int(t.rightInBOnly), .int(t.rightInAOnly), .double(t.pValue), .double(t.pAdjusted)]
    }

    /// Every conclusion flip between the runs with its paired test.
    private func flipTestTable(_ scorers: [String], _ notes: [Table.Note]) -> Table {
        var t = Table(name: "diff_flip_tests", grain: .cell, scorers: scorers, notes: notes + [Table.Note("grains", "cell, condition_benchmark, condition_benchmark_instr (column grain)")],
                      columns: ["grain", "condition", "benchmark", "template", "data_lang", "instr_lang", "scorer", "delta_vs_baseline_a",
                                "delta_vs_baseline_b", "direction", "paired_examples", "right_in_b_only", "right_in_a_only", "p", "p_adjusted",
                                "significant", "baseline_p_adjusted"])
        for f in flipTests {
            let u = f.flip.unit
            t.rows.append([.string(f.grain.rawValue), .string(u.condition), .string(u.benchmark), .optional(u.template), .optional(u.dataLang),
                           .optional(u.instrLang), .string(f.scorer), .double(f.flip.deltaA), .double(f.flip.deltaB), .string(f.flip.direction)]
                          + Self.testValues(f.test) + [.bool(f.test?.isSignificant(alpha: alpha) ?? false), .optional(f.baselineTest?.pAdjusted)])
        }
        return t
    }

    /// All tables as TSV, one after another, separated by a blank line.
    public func tsv() -> String { tables().map { $0.tsv() }.joined(separator: "\n") }

    /// One JSON object: the summary first, then each table.
    public func json() -> String {
        var out = "{\n\"a\": \(JSONText.string(runA)),\n\"b\": \(JSONText.string(runB)),\n"
        out += "\"summary\": {\"steps_changed\": \(summary.stepsChanged), \"steps_only_in_a\": \(summary.stepsOnlyInA), "
        out += "\"steps_only_in_b\": \(summary.stepsOnlyInB), \"steps_unchanged\": \(summary.stepsUnchanged), "
        out += "\"cells_compared\": \(summary.cellsCompared), \"cells_moved\": \(summary.cellsMoved), \"cells_moved_significant\": \(summary.cellsMovedSignificant), "
        out += "\"cells_only_in_a\": \(summary.cellsOnlyInA), \"cells_only_in_b\": \(summary.cellsOnlyInB), \"flips\": {"
        out += Grain.conclusionGrains.map { "\(JSONText.string($0.rawValue)): \(summary.flips[$0.rawValue] ?? 0)" }.joined(separator: ", ")
        out += "}},\n\"tables\": [\n" + tables().map { $0.json() }.joined(separator: ",\n") + "]\n}\n"
        return out
    }
}

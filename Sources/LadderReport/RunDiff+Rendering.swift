import Foundation
import LadderAnalysis

extension RunDiff {
    private static func short(_ key: String) -> String { String(key.prefix(12)) }
    private static func num(_ x: Double?) -> String { x.flatMap(NumberText.decimal) ?? "NA" }

    /// Human-readable: summary first, then plan, metrics that moved, flips.
    public func text() -> String {
        var out = "diff  A: \(runA)  B: \(runB)  (noise floor \(Self.num(noiseFloor)))\n\n"
        out += "Summary\n"
        out += "  steps: \(summary.stepsChanged) changed, \(summary.stepsOnlyInA) only in A, \(summary.stepsOnlyInB) only in B, \(summary.stepsUnchanged) unchanged\n"
        out += "  cells: \(summary.cellsCompared) compared, \(summary.cellsMoved) moved (|Δ accuracy| > floor), \(summary.cellsOnlyInA) only in A, \(summary.cellsOnlyInB) only in B\n"
        out += "  flips: " + Grain.conclusionGrains.map { "\(summary.flips[$0.rawValue] ?? 0) at \($0.rawValue)" }.joined(separator: ", ") + "\n\n"
        out += "Plan\n"
        if changed.isEmpty && onlyInA.isEmpty && onlyInB.isEmpty { out += "  no step changed\n" }
        for c in changed {
            out += "  changed    \(c.identity)  \(Self.short(c.keyA)) → \(Self.short(c.keyB))\n"
            if c.ingredients.isEmpty { out += "      (no recorded ingredient differs: the key encoding changed)\n" }
            for i in c.ingredients { out += "      \(i.name): \(i.old ?? "(absent)") → \(i.new ?? "(absent)")\n" }
        }
        for s in onlyInA { out += "  only in A  \(s.identity)  \(Self.short(s.key))\n" }
        for s in onlyInB { out += "  only in B  \(s.identity)  \(Self.short(s.key))\n" }
        out += "\nMetrics: condition × benchmark (accuracy mean over cells; Δ vs baseline mean over cells)\n"
        for m in conditionBenchmarkMetrics where m.accuracyA != m.accuracyB || m.deltaVsBaselineA != m.deltaVsBaselineB {
            out += "  \(m.unit) \(m.scorer): accuracy \(Self.num(m.accuracyA)) → \(Self.num(m.accuracyB))"
            out += "  Δ vs baseline \(Self.num(m.deltaVsBaselineA)) → \(Self.num(m.deltaVsBaselineB))\n"
        }
        out += "\nMetrics: cells that moved more than the noise floor\n"
        let moved = cellMetrics.filter { abs($0.change ?? 0) > noiseFloor || ($0.accuracyA == nil) != ($0.accuracyB == nil) }
        if moved.isEmpty { out += "  none\n" }
        for m in moved {
            out += "  \(m.unit) \(m.scorer): \(Self.num(m.accuracyA)) → \(Self.num(m.accuracyB)) (\(m.change.map(NumberText.points) ?? "n/a") pts)\n"
        }
        out += "\nFlips vs baseline between A and B\n"
        var any = false
        for f in flips where !f.flips.isEmpty {
            any = true
            for x in f.flips {
                out += "  \(f.grain.rawValue)  \(x.unit) [\(f.labelA.dropFirst(2))]: \(NumberText.points(x.deltaA)) → \(NumberText.points(x.deltaB)) pts  \(x.direction)\n"
            }
        }
        if !any { out += "  none\n" }
        return out
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
        return [plan, metricTable("diff_cells", .cell, cellMetrics, scorers, notes),
                metricTable("diff_condition_benchmark", .conditionBenchmark, conditionBenchmarkMetrics, scorers, notes)]
            + flips.map { $0.table() }
    }

    private func metricTable(_ name: String, _ grain: Grain, _ rows: [MetricRow], _ scorers: [String], _ notes: [Table.Note]) -> Table {
        var columns = ["condition", "benchmark"]
        if grain == .cell { columns += ["template", "data_lang", "instr_lang"] }
        columns += ["scorer", "accuracy_a", "accuracy_b", "accuracy_change", "delta_vs_baseline_a", "delta_vs_baseline_b"]
        return Table(name: name, grain: grain, scorers: scorers, notes: notes, columns: columns, rows: rows.map { m in
            var row: [Table.Value] = [.string(m.unit.condition), .string(m.unit.benchmark)]
            if grain == .cell { row += [.optional(m.unit.template), .optional(m.unit.dataLang), .optional(m.unit.instrLang)] }
            return row + [.string(m.scorer), .optional(m.accuracyA), .optional(m.accuracyB), .optional(m.change),
                          .optional(m.deltaVsBaselineA), .optional(m.deltaVsBaselineB)]
        })
    }

    /// All tables as TSV, one after another, separated by a blank line.
    public func tsv() -> String { tables().map { $0.tsv() }.joined(separator: "\n") }

    /// One JSON object: the summary first, then each table.
    public func json() -> String {
        var out = "{\n\"a\": \(JSONText.string(runA)),\n\"b\": \(JSONText.string(runB)),\n"
        out += "\"summary\": {\"steps_changed\": \(summary.stepsChanged), \"steps_only_in_a\": \(summary.stepsOnlyInA), "
        out += "\"steps_only_in_b\": \(summary.stepsOnlyInB), \"steps_unchanged\": \(summary.stepsUnchanged), "
        out += "\"cells_compared\": \(summary.cellsCompared), \"cells_moved\": \(summary.cellsMoved), "
        out += "\"cells_only_in_a\": \(summary.cellsOnlyInA), \"cells_only_in_b\": \(summary.cellsOnlyInB), \"flips\": {"
        out += Grain.conclusionGrains.map { "\(JSONText.string($0.rawValue)): \(summary.flips[$0.rawValue] ?? 0)" }.joined(separator: ", ")
        out += "}},\n\"tables\": [\n" + tables().map { $0.json() }.joined(separator: ",\n") + "]\n}\n"
        return out
    }
}

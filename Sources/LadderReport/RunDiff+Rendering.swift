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
        out += "  cells: \(summary.cellsCompared) compared, \(summary.cellsMoved) moved (|Δ accuracy| > \(floor) pts), \(summary.cellsOnlyInA) only in A, \(summary.cellsOnlyInB) only in B\n"
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
            out += "; Δ vs baseline \(Self.pts(m.deltaVsBaselineA)) → \(Self.pts(m.deltaVsBaselineB)) pts\n"
        }
        if !anyUnit { out += "  none changed\n" }
        let moved = cellMetrics.filter { m in m.change.map { abs($0) > noiseFloor } ?? false }
            .sorted { abs($0.change!) != abs($1.change!) ? abs($0.change!) > abs($1.change!) : ($0.unit != $1.unit ? $0.unit < $1.unit : $0.scorer < $1.scorer) }
        out += "\nMetrics: cells that moved more than the noise floor (largest first)\n"
        if moved.isEmpty { out += "  none\n" }
        let limit = all ? moved.count : 8
        for m in moved.prefix(limit) {
            out += "  \(m.unit) \(m.scorer): \(Self.pct(m.accuracyA)) → \(Self.pct(m.accuracyB)) (\(NumberText.points(m.change!)) pts)\n"
        }
        if moved.count > limit { out += "  … \(moved.count - limit) more (--all lists them)\n" }
        for (title, rows, side) in [("New cells (only in B)", cellMetrics.filter { $0.accuracyA == nil }, true),
                                    ("Removed cells (only in A)", cellMetrics.filter { $0.accuracyB == nil }, false)] where !rows.isEmpty {
            out += "\n\(title): \(rows.count)\n"
            for m in rows.prefix(all ? rows.count : 5) { out += "  \(m.unit) \(m.scorer): \(Self.pct(side ? m.accuracyB : m.accuracyA))\n" }
            if !all && rows.count > 5 { out += "  … \(rows.count - 5) more (--all lists them)\n" }
        }
        out += "\nFlips vs baseline between A and B\n"
        var any = false
        for f in flips where !f.flips.isEmpty {
            any = true
            // Cell-level flips rest on a handful of examples each: counted, listed with --all.
            if f.grain == .cell && !all {
                out += "  cell  [\(f.labelA.dropFirst(2))]: \(f.flips.count) cell\(f.flips.count == 1 ? "" : "s") flipped (--all lists them)\n"
                continue
            }
            for x in f.flips {
                out += "  \(f.grain.rawValue)  \(x.unit) [\(f.labelA.dropFirst(2))]: \(NumberText.points(x.deltaA)) → \(NumberText.points(x.deltaB)) pts  \(x.direction)\n"
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
        return [causeTable, plan, metricTable("diff_cells", .cell, cellMetrics, scorers, notes),
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

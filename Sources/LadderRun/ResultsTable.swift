import Foundation
import LadderCore
import LadderPlan
import LadderSpec
import LadderStore

/// The short table printed at the end of a run whose analysis step ran or was
/// reused: one row per arm (rendered condition name), baseline first, then the
/// arms in the order the ladder declares them; one column per benchmark with
/// the mean accuracy over the arm's seed-collapsed cells under the first
/// scorer the ladder declares. Read from the analysis step's
/// `cells_seed_collapsed.tsv`, so it shows what the analysis computed.
public struct ResultsTable: Sendable, Equatable {
    public var scorer: String
    public var baseline: String
    public var benchmarks: [String]
    /// One arm and its mean accuracy (0…1) per benchmark.
    public struct Row: Sendable, Equatable {
        public var arm: String
        public var accuracy: [String: Double]
    }

    /// Rows in display order.
    public var rows: [Row]
    /// Plan key of the analysis step the table comes from.
    public var stepKey: String = ""
    /// Whether that step executed in this run (false: reused from an earlier run).
    public var executed = false
    /// Where the analysis tables are: their place in the run's view when the ladder names one, else the store object.
    public var analysisPath: String

    /// The table of the last analysis step that produced an output in this run, or nil.
    static func build(plan: Plan, store: Store, outputs: [String: ObjectHash], views: String?) throws -> ResultsTable? {
        guard let step = plan.steps.last(where: { $0.implementation == "analysis" && outputs[$0.key] != nil }),
              let hash = outputs[step.key] else { return nil }
        let dir = store.objects.unverifiedPath(of: hash)
        let file = dir.appendingPathComponent("cells_seed_collapsed.tsv")
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return nil }
        let scorers = plan.steps.filter { $0.implementation == "reparse" }.compactMap { $0.params["scorer"]?.stringValue }
        let baseline = step.params["baseline"]?.stringValue ?? "baseline"
        // Arms grouped by the condition the ladder declares them under, in the ladder's order; first seen first within one.
        var firstSeen: [(condition: String, arm: String)] = []
        var seenArm: Set<String> = []
        for s in plan.steps {
            for u in s.users where s.implementation != "analysis" && seenArm.insert(u.name).inserted { firstSeen.append((u.condition, u.name)) }
        }
        let conditionRank = Dictionary(plan.ladder.conditions.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        let armOrder = firstSeen.enumerated().sorted { x, y in
            let rx = conditionRank[x.element.condition] ?? Int.max, ry = conditionRank[y.element.condition] ?? Int.max
            return rx != ry ? rx < ry : x.offset < y.offset
        }.map(\.element.arm)
        var shown = dir.path
        if let views, let p = plan.paths.first(where: { $0.stepKey == step.key }) {
            shown = (views as NSString).appendingPathComponent(p.path.hasSuffix("/") ? String(p.path.dropLast()) : p.path)
        }
        var table = try parse(text, preferredScorers: scorers, baseline: baseline, armOrder: armOrder, analysisPath: shown)
        table?.stepKey = step.key
        return table
    }

    /// Means per arm × benchmark from a `cells_seed_collapsed` TSV.
    static func parse(_ tsv: String, preferredScorers: [String], baseline: String, armOrder: [String], analysisPath: String) throws -> ResultsTable? {
        var header: [String]?
        var cells: [(condition: String, benchmark: String, scorer: String, accuracy: Double)] = []
        for line in tsv.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard let h = header else { header = fields; continue }
            guard let c = h.firstIndex(of: "condition"), let b = h.firstIndex(of: "benchmark"), let s = h.firstIndex(of: "scorer"),
                  let a = h.firstIndex(of: "accuracy_mean_over_seeds"), fields.count == h.count else {
                throw LadderError.io("analysis table cells_seed_collapsed.tsv lacks the columns condition, benchmark, scorer, accuracy_mean_over_seeds")
            }
            guard let acc = Double(fields[a]) else { continue }
            cells.append((fields[c], fields[b], fields[s], acc))
        }
        let present = Set(cells.map(\.scorer))
        guard let scorer = preferredScorers.first(where: present.contains) ?? present.sorted().first else { return nil }
        var sums: [String: [String: (Double, Int)]] = [:]
        for cell in cells where cell.scorer == scorer {
            let old = sums[cell.condition, default: [:]][cell.benchmark] ?? (0, 0)
            sums[cell.condition, default: [:]][cell.benchmark] = (old.0 + cell.accuracy, old.1 + 1)
        }
        let rank = Dictionary(armOrder.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let arms = sums.keys.sorted { x, y in
            if (x == baseline) != (y == baseline) { return x == baseline }
            switch (rank[x], rank[y]) {
            case let (i?, j?): return i < j
            case (_?, nil): return true
            case (nil, _?): return false
            default: return x < y
            }
        }
        return ResultsTable(scorer: scorer, baseline: baseline, benchmarks: Set(cells.map(\.benchmark)).sorted(),
                            rows: arms.map { arm in Row(arm: arm, accuracy: sums[arm]!.mapValues { $0.0 / Double($0.1) }) }, analysisPath: analysisPath)
    }

    /// Fixed-width text: a title line, a header and one line per arm (accuracy in %).
    public var text: String {
        let width = max(rows.map(\.arm.count).max() ?? 0, 3)
        func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(0, n - s.count)) }
        func left(_ s: String, _ n: Int) -> String { String(repeating: " ", count: max(0, n - s.count)) + s }
        let cols = benchmarks.map { max($0.count, 6) }
        var out = "results (accuracy %, mean over cells, \(scorer); tables in \(analysisPath)):\n"
        out += "  " + pad("arm", width) + zip(benchmarks, cols).map { "  " + left($0, $1) }.joined() + "\n"
        for r in rows {
            out += "  " + pad(r.arm, width)
            out += zip(benchmarks, cols).map { b, w in "  " + left(r.accuracy[b].map { String(format: "%.1f", ($0 * 1000).rounded() / 10) } ?? "—", w) }.joined()
            out += "\n"
        }
        return out
    }

    public var json: Value {
        .object(["scorer": .string(scorer), "baseline": .string(baseline), "benchmarks": .array(benchmarks.map(Value.string)),
                 "analysis": .string(analysisPath),
                 "rows": .array(rows.map { r in
                     .object(["arm": .string(r.arm), "accuracy": .object(r.accuracy.mapValues { .double(($0 * 1e6).rounded() / 1e6) })])
                 })])
    }
}

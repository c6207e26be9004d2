import LadderCore

/// How many evaluation cells a plan expands to, per condition and per benchmark:
/// each condition cell that uses an evaluation step counts that step's cells
/// (the study's grain: Phase 3 is 1,664 cells).
struct EvaluationCellCounts {
    var total = 0
    var byCondition: [(String, Int)] = []
    var byBenchmark: [(String, Int)] = []

    /// Nil when no step of the plan evaluates.
    init?(_ plan: Plan) {
        var conditions: [String: Int] = [:], benchmarks: [String: Int] = [:]
        var conditionOrder: [String] = [], benchmarkOrder: [String] = []
        for step in plan.steps where !step.evaluationCells.isEmpty {
            var users: Set<String> = []
            for u in step.users where users.insert("\(u.condition)[\(u.cell)]").inserted {
                if conditions[u.condition] == nil { conditionOrder.append(u.condition) }
                conditions[u.condition, default: 0] += step.evaluationCells.count
                for c in step.evaluationCells {
                    if benchmarks[c.benchmark] == nil { benchmarkOrder.append(c.benchmark) }
                    benchmarks[c.benchmark, default: 0] += 1
                }
                total += step.evaluationCells.count
            }
        }
        guard total > 0 else { return nil }
        byCondition = conditionOrder.map { ($0, conditions[$0]!) }
        byBenchmark = benchmarkOrder.map { ($0, benchmarks[$0]!) }
    }

    var text: String {
        "evaluation cells: \(total) — by condition: " + byCondition.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
            + "; by benchmark: " + byBenchmark.map { "\($0.0) \($0.1)" }.joined(separator: ", ") + "\n"
    }

    var json: Value {
        .object(["total": .int(total),
                 "by_condition": .object(Dictionary(uniqueKeysWithValues: byCondition.map { ($0.0, .int($0.1)) })),
                 "by_benchmark": .object(Dictionary(uniqueKeysWithValues: byBenchmark.map { ($0.0, .int($0.1)) }))])
    }
}

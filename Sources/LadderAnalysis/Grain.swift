import Foundation

/// The unit an aggregate counts. Every table and every count names one, so a
/// seed row is never mistaken for a cell.
public enum Grain: String, Sendable, Codable, CaseIterable {
    /// One step of a plan: condition, axis values, step name, engine.
    case step
    /// One scored example.
    case example
    /// condition × seed × template × benchmark × data_lang × instr_lang.
    case observation
    /// condition × template × benchmark × data_lang × instr_lang, seeds collapsed.
    case cell
    /// condition × benchmark: mean over its cells of the seed-collapsed value.
    case conditionBenchmark = "condition_benchmark"
    /// condition × benchmark × instr_lang: mean over its cells of the seed-collapsed value.
    case conditionBenchmarkInstr = "condition_benchmark_instr"

    /// The unit spelled out, as it appears in every file header.
    public var unit: String {
        switch self {
        case .step: return "step = condition × axis values × step name × engine"
        case .example: return "example = one example id in one observation"
        case .observation: return "observation = condition × seed × template × benchmark × data_lang × instr_lang"
        case .cell: return "cell = condition × template × benchmark × data_lang × instr_lang (seeds collapsed: mean, sd, n_seeds)"
        case .conditionBenchmark: return "condition × benchmark (mean over cells of the seed-collapsed value)"
        case .conditionBenchmarkInstr: return "condition × benchmark × instr_lang (mean over cells of the seed-collapsed value)"
        }
    }

    /// The grains at which conclusions are drawn and flips are looked for.
    public static let conclusionGrains: [Grain] = [.cell, .conditionBenchmark, .conditionBenchmarkInstr]
}

/// The key of one unit at any grain from cell up; fields finer than the grain are nil.
public struct UnitKey: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var condition: String
    public var benchmark: String
    public var instrLang: String?
    public var template: String?
    public var dataLang: String?

    public init(condition: String, benchmark: String, instrLang: String? = nil, template: String? = nil, dataLang: String? = nil) {
        self.condition = condition
        self.benchmark = benchmark
        self.instrLang = instrLang
        self.template = template
        self.dataLang = dataLang
    }

    /// The unit containing `cell` at `grain` (cell, condition × benchmark, or condition × benchmark × instr).
    public init(_ cell: CellKey, at grain: Grain) {
        switch grain {
        case .conditionBenchmark:
            self.init(condition: cell.condition, benchmark: cell.benchmark)
        case .conditionBenchmarkInstr:
            self.init(condition: cell.condition, benchmark: cell.benchmark, instrLang: cell.instrLang)
        case .cell, .observation, .example, .step:
            self.init(condition: cell.condition, benchmark: cell.benchmark, instrLang: cell.instrLang,
                      template: cell.template, dataLang: cell.dataLang)
        }
    }

    public var description: String {
        var parts = [condition, benchmark]
        if let template { parts.append(template) }
        if let dataLang { parts.append("data=\(dataLang)") }
        if let instrLang { parts.append("instr=\(instrLang)") }
        return parts.joined(separator: " ")
    }

    public static func < (a: UnitKey, b: UnitKey) -> Bool {
        let l = [a.condition, a.benchmark, a.template ?? "", a.dataLang ?? "", a.instrLang ?? ""]
        let r = [b.condition, b.benchmark, b.template ?? "", b.dataLang ?? "", b.instrLang ?? ""]
        for (x, y) in zip(l, r) where x != y { return NaturalOrder.less(x, y) }
        return false
    }
}

/// A conclusion versus the baseline, read against the noise floor.
public enum Outcome: String, Sendable, Codable {
    case win, loss, tie

    /// Win when Δ > floor, loss when Δ < -floor, tie otherwise.
    public init(delta: Double, noiseFloor: Double) {
        if delta > noiseFloor { self = .win } else if delta < -noiseFloor { self = .loss } else { self = .tie }
    }
}

import Foundation

extension Analysis {
    /// Lists what is missing, from three sources of expectation: the plan's
    /// observations, the condition's other seeds (a seed that lacks a cell its
    /// siblings have), and the other scorers (an observation one scorer read
    /// and another did not). Condition cells without a baseline counterpart
    /// are listed too. Each missing thing appears once, with its reason.
    static func findGaps(observations: [ObservationRow], cells: [CellRow], expected: [ObservationKey], config: AnalysisConfig) -> [Gap] {
        let scorers = Set(observations.map(\.scorer)).sorted()
        var present = Set<ObservationScorerKey>()
        var anyScorer = Set<ObservationKey>()
        var seedsOf: [String: Set<String?>] = [:]
        var cellsOf: [String: Set<CellKey>] = [:]
        for o in observations {
            present.insert(ObservationScorerKey(observation: o.key, scorer: o.scorer))
            anyScorer.insert(o.key)
            seedsOf[o.key.condition, default: []].insert(o.key.seed)
            cellsOf[o.key.condition, default: []].insert(o.key.cell)
        }
        var wanted: [ObservationKey: String] = [:]
        for (condition, cellSet) in cellsOf {
            for cell in cellSet {
                for seed in seedsOf[condition] ?? [] {
                    let k = ObservationKey(condition: cell.condition, seed: seed, template: cell.template, benchmark: cell.benchmark,
                                           dataLang: cell.dataLang, instrLang: cell.instrLang)
                    wanted[k] = "other seeds of \(condition) have this cell"
                }
            }
        }
        for k in expected { wanted[k] = "the plan expects this observation" }

        var gaps: [Gap] = []
        for (key, reason) in wanted {
            for scorer in scorers where !present.contains(ObservationScorerKey(observation: key, scorer: scorer)) {
                if anyScorer.contains(key) {
                    let others = scorers.filter { present.contains(ObservationScorerKey(observation: key, scorer: $0)) }
                    gaps.append(Gap(kind: .missingScorer, observation: key, grain: .observation, scorer: scorer,
                                    detail: "scored by \(others.joined(separator: ", ")) but not by \(scorer)"))
                } else {
                    gaps.append(Gap(kind: .missingObservation, observation: key, grain: .observation, scorer: scorer,
                                    detail: "no scored rows; \(reason)"))
                }
            }
        }

        struct Counterpart: Hashable { var cell: CellKey; var scorer: String }
        let baselineCells = Set(cells.filter { $0.key.condition == config.baseline }.map { Counterpart(cell: $0.key, scorer: $0.scorer) })
        for c in cells where c.key.condition != config.baseline {
            let target = c.key.under(condition: config.baseline)
            if !baselineCells.contains(Counterpart(cell: target, scorer: c.scorer)) {
                let k = ObservationKey(condition: c.key.condition, seed: nil, template: c.key.template, benchmark: c.key.benchmark,
                                       dataLang: c.key.dataLang, instrLang: c.key.instrLang)
                gaps.append(Gap(kind: .missingBaseline, observation: k, grain: .cell, scorer: c.scorer,
                                detail: "no \(config.baseline) cell for template \(target.template), benchmark \(target.benchmark), data \(target.dataLang), instr \(target.instrLang); left out of every Δ"))
            }
        }
        return gaps
    }
}

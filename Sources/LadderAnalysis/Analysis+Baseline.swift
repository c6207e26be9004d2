import Foundation

extension Analysis {
    /// Every non-baseline cell against the baseline cell with the same scorer,
    /// template, benchmark, data and instruction language. The baseline's seeds
    /// (if it has any) are collapsed like any other condition's. Cells with no
    /// counterpart are left out here and reported by `findGaps`.
    static func versusBaseline(_ cells: [CellRow], config: AnalysisConfig) -> [VersusBaselineRow] {
        struct Counterpart: Hashable { var cell: CellKey; var scorer: String }
        var baseline: [Counterpart: CellRow] = [:]
        for c in cells where c.key.condition == config.baseline { baseline[Counterpart(cell: c.key, scorer: c.scorer)] = c }
        var out: [VersusBaselineRow] = []
        for c in cells where c.key.condition != config.baseline {
            guard let b = baseline[Counterpart(cell: c.key.under(condition: config.baseline), scorer: c.scorer)] else { continue }
            let delta = c.accuracyMean - b.accuracyMean
            out.append(VersusBaselineRow(cell: c, baseline: b, delta: delta, outcome: Outcome(delta: delta, noiseFloor: config.noiseFloor)))
        }
        return out
    }

    /// Cells averaged into condition × benchmark (or × instr): Δ is the mean
    /// over the unit's cells of their seed-collapsed Δ; counts are of cells.
    static func aggregate(_ versus: [VersusBaselineRow], cells: [CellRow], at grain: Grain, config: AnalysisConfig) -> [AggregateRow] {
        struct Key: Hashable { var unit: UnitKey; var scorer: String }
        var compared: [Key: [VersusBaselineRow]] = [:]
        for v in versus { compared[Key(unit: UnitKey(v.key, at: grain), scorer: v.scorer), default: []].append(v) }
        var total: [Key: Int] = [:]
        for c in cells where c.key.condition != config.baseline { total[Key(unit: UnitKey(c.key, at: grain), scorer: c.scorer), default: 0] += 1 }
        return total.map { key, n in
            let rows = compared[key] ?? []
            var row = AggregateRow(grain: grain, unit: key.unit, scorer: key.scorer, cells: rows.count,
                                   cellsWithoutBaseline: n - rows.count,
                                   cellsWin: rows.filter { $0.outcome == .win }.count,
                                   cellsLoss: rows.filter { $0.outcome == .loss }.count,
                                   cellsTie: rows.filter { $0.outcome == .tie }.count)
            if !rows.isEmpty {
                let d = Stats.mean(rows.map(\.delta))
                row.deltaMean = d
                row.conditionAccuracyMean = Stats.mean(rows.map(\.cell.accuracyMean))
                row.baselineAccuracyMean = Stats.mean(rows.map(\.baseline.accuracyMean))
                row.outcome = Outcome(delta: d, noiseFloor: config.noiseFloor)
            }
            return row
        }.sorted { $0.unit != $1.unit ? $0.unit < $1.unit : $0.scorer < $1.scorer }
    }
}

extension AggregateRow {
    init(grain: Grain, unit: UnitKey, scorer: String, cells: Int, cellsWithoutBaseline: Int, cellsWin: Int, cellsLoss: Int, cellsTie: Int) {
        self.init(grain: grain, unit: unit, scorer: scorer, cells: cells, cellsWithoutBaseline: cellsWithoutBaseline,
                  cellsWin: cellsWin, cellsLoss: cellsLoss, cellsTie: cellsTie,
                  conditionAccuracyMean: nil, baselineAccuracyMean: nil, deltaMean: nil, outcome: nil)
    }
}

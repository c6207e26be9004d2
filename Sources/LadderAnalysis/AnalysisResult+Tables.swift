import Foundation

extension AnalysisResult {
    private var settingNotes: [Table.Note] {
        [Table.Note("baseline", config.baseline), Table.Note("noise_floor", NumberText.decimal(config.noiseFloor) ?? "0")]
    }

    /// The cells table: one row per observation and scorer, counted from the rows.
    public func cellsTable() -> Table {
        Table(name: "cells", grain: .observation, scorers: scorers, notes: settingNotes,
              columns: ["condition", "seed", "template", "benchmark", "data_lang", "instr_lang", "scorer",
                        "n_examples", "n_correct", "accuracy", "n_parse_failures", "parse_failure_rate", "step_key"],
              rows: observations.map { o in
                  Self.observationColumns(o.key) + [.string(o.scorer), .int(o.examples), .int(o.correct), .double(o.accuracy),
                                                    .int(o.parseFailures), .double(o.parseFailureRate), .string(o.stepKey)]
              })
    }

    /// Seed-collapsed cells (every condition, baseline included).
    public func seedCollapsedTable() -> Table {
        Table(name: "cells_seed_collapsed", grain: .cell, scorers: scorers, notes: settingNotes,
              columns: ["condition", "template", "benchmark", "data_lang", "instr_lang", "scorer", "n_seeds", "seeds",
                        "accuracy_mean_over_seeds", "accuracy_sd_over_seeds", "n_examples_summed_over_seeds",
                        "parse_failure_rate_mean_over_seeds"],
              rows: cells.map { c in
                  Self.cellColumns(c.key) + [.string(c.scorer), .int(c.seedCount), .string(Self.seedList(c.seeds)), .double(c.accuracyMean),
                                             .optional(c.accuracySD), .int(c.examples), .double(c.parseFailureRateMean)]
              })
    }

    /// Every condition cell against its baseline cell.
    public func versusBaselineTable() -> Table {
        Table(name: "versus_baseline", grain: .cell, scorers: scorers, notes: settingNotes,
              columns: ["condition", "template", "benchmark", "data_lang", "instr_lang", "scorer", "n_seeds",
                        "accuracy_mean_over_seeds", "accuracy_sd_over_seeds", "baseline_n_seeds", "baseline_accuracy_mean_over_seeds",
                        "delta_vs_baseline", "outcome"],
              rows: versusBaseline.map { v in
                  Self.cellColumns(v.key) + [.string(v.scorer), .int(v.cell.seedCount), .double(v.cell.accuracyMean), .optional(v.cell.accuracySD),
                                             .int(v.baseline.seedCount), .double(v.baseline.accuracyMean), .double(v.delta), .string(v.outcome.rawValue)]
              })
    }

    /// Condition × benchmark or condition × benchmark × instr aggregates; counts are of cells.
    public func aggregateTable(at grain: Grain) -> Table {
        var columns = ["condition", "benchmark"]
        if grain == .conditionBenchmarkInstr { columns.append("instr_lang") }
        columns += ["scorer", "n_cells", "n_cells_without_baseline", "n_cells_win", "n_cells_loss", "n_cells_tie",
                    "accuracy_mean_over_cells", "baseline_accuracy_mean_over_cells", "delta_mean_over_cells", "outcome"]
        return Table(name: grain == .conditionBenchmarkInstr ? "condition_benchmark_instr" : "condition_benchmark",
                     grain: grain, scorers: scorers, notes: settingNotes, columns: columns,
                     rows: aggregates(at: grain).map { a in
                         var row: [Table.Value] = [.string(a.unit.condition), .string(a.unit.benchmark)]
                         if grain == .conditionBenchmarkInstr { row.append(.optional(a.unit.instrLang)) }
                         return row + [.string(a.scorer), .int(a.cells), .int(a.cellsWithoutBaseline), .int(a.cellsWin), .int(a.cellsLoss),
                                       .int(a.cellsTie), .optional(a.conditionAccuracyMean), .optional(a.baselineAccuracyMean),
                                       .optional(a.deltaMean), .optional(a.outcome?.rawValue)]
                     })
    }

    /// Paired tests per observation, with the correction and bootstrap settings in the header.
    public func significanceTable() -> Table {
        var notes = settingNotes
        notes += [Table.Note("test", config.test.rawValue), Table.Note("exact_below_discordant", String(config.exactBelow)),
                  Table.Note("correction", config.correction.rawValue), Table.Note("correction_family", "all tests of one scorer"),
                  Table.Note("alpha", NumberText.decimal(config.alpha) ?? ""),
                  Table.Note("bootstrap", "\(config.bootstrapResamples) resamples, seed \(config.bootstrapSeed), \(NumberText.decimal(config.confidenceLevel) ?? "") percentile interval"),
                  Table.Note("pairing", pairingSummary)]
        return Table(name: "significance", grain: .observation, scorers: scorers, notes: notes,
                     columns: ["condition", "seed", "template", "benchmark", "data_lang", "instr_lang", "scorer", "baseline_seed",
                               "pairing", "n_paired_examples", "n_unpaired_examples", "n_condition_only_correct", "n_baseline_only_correct",
                               "delta_paired", "method", "statistic", "p_value", "p_adjusted", "ci_low", "ci_high",
                               "condition_step_key", "baseline_step_key"],
                     rows: significance.map { s in
                         Self.observationColumns(s.key) + [.string(s.scorer), .optional(s.baselineSeed), .string(s.pairing.rawValue), .int(s.pairedExamples),
                                                           .int(s.unpairedExamples), .int(s.conditionOnly), .int(s.baselineOnly),
                                                           .double(s.deltaPaired), .string(s.method.rawValue), .optional(s.statistic),
                                                           .double(s.pValue), .double(s.pAdjusted), .optional(s.interval?.low),
                                                           .optional(s.interval?.high), .string(s.conditionStepKey), .string(s.baselineStepKey)]
                     })
    }

    /// Everything missing, one row per gap.
    public func gapsTable() -> Table {
        Table(name: "gaps", grain: .observation, scorers: scorers, notes: settingNotes + [Table.Note("pairing", pairingSummary)],
              columns: ["kind", "grain", "condition", "seed", "template", "benchmark", "data_lang", "instr_lang", "scorer", "detail"],
              rows: gaps.map { g in
                  [.string(g.kind.rawValue), .string(g.grain.rawValue)] + Self.observationColumns(g.observation) + [.string(g.scorer), .string(g.detail)]
              })
    }

    /// How the paired tests matched examples, over all of them:
    /// `example_id (all N tests)`, `position (all N tests; ...)`, or the count of each.
    public var pairingSummary: String {
        let byPosition = significance.filter { $0.pairing == .position }.count
        let byId = significance.count - byPosition
        if significance.isEmpty { return "none (no paired tests)" }
        if byPosition == 0 { return "example_id (all \(byId) tests)" }
        let why = "rows without example ids are paired by their position, which mispairs silently if a session dropped or reordered rows"
        if byId == 0 { return "position (all \(byPosition) tests; \(why))" }
        return "example_id for \(byId) tests, position for \(byPosition) (\(why))"
    }

    /// All tables, keyed by a file stem (`cells`, `versus_baseline`, ...).
    public func allTables() -> [Table] {
        [cellsTable(), seedCollapsedTable(), versusBaselineTable(), aggregateTable(at: .conditionBenchmark),
         aggregateTable(at: .conditionBenchmarkInstr), significanceTable(), gapsTable()]
    }

    static func observationColumns(_ k: ObservationKey) -> [Table.Value] {
        [.string(k.condition), .optional(k.seed), .string(k.template), .string(k.benchmark), .string(k.dataLang), .string(k.instrLang)]
    }

    static func cellColumns(_ k: CellKey) -> [Table.Value] {
        [.string(k.condition), .string(k.template), .string(k.benchmark), .string(k.dataLang), .string(k.instrLang)]
    }

    static func seedList(_ seeds: [String?]) -> String { seeds.map { $0 ?? "-" }.joined(separator: ",") }
}

extension FlipComparison {
    /// The flips at this grain, with A and B named in the header.
    public func table() -> Table {
        var columns = ["condition", "benchmark"]
        if grain == .cell { columns += ["template", "data_lang"] }
        if grain != .conditionBenchmark { columns.append("instr_lang") }
        columns += ["delta_a", "delta_b", "direction"]
        let notes = [Table.Note("a", labelA), Table.Note("b", labelB), Table.Note("noise_floor", NumberText.decimal(noiseFloor) ?? "0"),
                     Table.Note("rule", "sign(delta_a) != sign(delta_b) and both |delta| > noise_floor"),
                     Table.Note("units_compared", String(compared)), Table.Note("units_only_in_a", String(onlyInA.count)),
                     Table.Note("units_only_in_b", String(onlyInB.count))]
        return Table(name: "flips", grain: grain, scorers: labelA == labelB ? [labelA] : [labelA, labelB], notes: notes, columns: columns,
                     rows: flips.map { f in
                         var row: [Table.Value] = [.string(f.unit.condition), .string(f.unit.benchmark)]
                         if grain == .cell { row += [.optional(f.unit.template), .optional(f.unit.dataLang)] }
                         if grain != .conditionBenchmark { row.append(.optional(f.unit.instrLang)) }
                         return row + [.double(f.deltaA), .double(f.deltaB), .string(f.direction)]
                     })
    }
}

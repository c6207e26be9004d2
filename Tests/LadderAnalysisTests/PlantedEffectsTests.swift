import Testing
@testable import LadderAnalysis

private let result = try! Analysis.run(StudyFixture.input(), config: AnalysisConfig())

private func aggregate(_ grain: Grain, _ condition: String, _ benchmark: String, instr: String? = nil, scorer: String) -> AggregateRow? {
    result.aggregates(at: grain).first { $0.unit.condition == condition && $0.unit.benchmark == benchmark && $0.unit.instrLang == instr && $0.scorer == scorer }
}

@Test func nativeScriptWinAppearsOnlyUnderRefinedScorer() throws {
    let strict = try #require(aggregate(.conditionBenchmarkInstr, "cond-native", "sib200", instr: "zh", scorer: "strict-v1"))
    let refined = try #require(aggregate(.conditionBenchmarkInstr, "cond-native", "sib200", instr: "zh", scorer: "refined-v1"))
    #expect(strict.outcome == .loss)
    #expect(refined.outcome == .win)
    let flips = ConclusionFlips.betweenScorers(result, "strict-v1", "refined-v1")
    let atBenchmark = try #require(flips.first { $0.grain == .conditionBenchmark })
    let flip = try #require(atBenchmark.flips.first { $0.unit.condition == "cond-native" })
    #expect(flip.unit.benchmark == "sib200")
    #expect(flip.direction == "loss→win")
}

@Test func strictArtefactWinFlipsToLossUnderRefined() throws {
    let flips = ConclusionFlips.betweenScorers(result, "strict-v1", "refined-v1")
    let atBenchmark = try #require(flips.first { $0.grain == .conditionBenchmark })
    let flip = try #require(atBenchmark.flips.first { $0.unit.condition == "cond-artefact" })
    #expect(flip.unit.benchmark == "sib200")
    #expect(flip.direction == "win→loss")
    #expect(flip.deltaA > result.config.noiseFloor && flip.deltaB < -result.config.noiseFloor)
    // Exactly the two planted condition × benchmark flips, nothing from conditions whose answers both scorers read alike.
    #expect(Set(atBenchmark.flips.map(\.unit.condition)) == ["cond-native", "cond-artefact"])
    let cellFlips = try #require(flips.first { $0.grain == .cell })
    #expect(cellFlips.flips.allSatisfy { $0.unit.benchmark == "sib200" })
    #expect(cellFlips.flips.filter { $0.unit.condition == "cond-artefact" }.count == 4)
    #expect(cellFlips.flips.filter { $0.unit.condition == "cond-native" }.count == 2)
}

@Test func seedsAreCollapsedBeforeCellsAreCounted() throws {
    let seeded = result.cells.filter { $0.key.condition == "cond-seeds" && $0.scorer == "strict-v1" }
    #expect(seeded.count == StudyFixture.cells().count)
    #expect(seeded.allSatisfy { $0.seedCount == 3 && $0.accuracySD != nil })
    let observations = result.observations.filter { $0.key.condition == "cond-seeds" && $0.scorer == "strict-v1" }
    #expect(observations.count == 3 * seeded.count)
    let xnli = try #require(aggregate(.conditionBenchmark, "cond-seeds", "xnli", scorer: "strict-v1"))
    // Four xnli cells, one without a baseline counterpart: 3 compared, not 9 seed rows.
    #expect(xnli.cells == 3)
    #expect(xnli.cellsWithoutBaseline == 1)
    #expect(xnli.cellsWin + xnli.cellsLoss + xnli.cellsTie == xnli.cells)
    let sib = try #require(aggregate(.conditionBenchmark, "cond-seeds", "sib200", scorer: "refined-v1"))
    #expect(sib.outcome == .win)
}

@Test func coarserDeltaIsMeanOverCellsOfSeedCollapsedDelta() throws {
    let row = try #require(aggregate(.conditionBenchmark, "cond-seeds", "sib200", scorer: "strict-v1"))
    let cells = result.versusBaseline.filter { $0.key.condition == "cond-seeds" && $0.key.benchmark == "sib200" && $0.scorer == "strict-v1" }
    #expect(cells.count == 4)
    for v in cells {
        let perSeed = result.observations.filter { $0.key.cell == v.key && $0.scorer == "strict-v1" }.map(\.accuracy)
        #expect(abs(v.cell.accuracyMean - perSeed.reduce(0, +) / Double(perSeed.count)) < 1e-12)
    }
    let expected = cells.map(\.delta).reduce(0, +) / Double(cells.count)
    #expect(abs((row.deltaMean ?? .nan) - expected) < 1e-12)
}

@Test func missingSessionIsListedAsGapsNotSkipped() {
    let missing = result.gaps.filter { $0.kind == .missingObservation }
    let session = missing.filter { $0.observation.condition == "cond-gap" && $0.observation.seed == "123" }
    #expect(session.count == StudyFixture.cells().count * 2)
    // The only other planned-but-absent observation is the baseline's xnli zh/zh, once per scorer.
    let rest = missing.filter { $0.observation.condition != "cond-gap" }
    #expect(rest.count == 2)
    #expect(rest.allSatisfy { $0.observation.condition == "baseline" && $0.observation.benchmark == "xnli" && $0.observation.instrLang == "zh" })
    let gapCells = result.cells.filter { $0.key.condition == "cond-gap" }
    #expect(gapCells.allSatisfy { $0.seedCount == 1 })
}

@Test func missingScorerAndMissingBaselineAreListed() {
    let scorerGaps = result.gaps.filter { $0.kind == .missingScorer }
    #expect(scorerGaps.count == 1)
    #expect(scorerGaps.first?.observation == ObservationKey(condition: "cond-seeds", seed: "123", template: "template1", benchmark: "xnli", dataLang: "en", instrLang: "en"))
    #expect(scorerGaps.first?.scorer == "refined-v1")
    let baselineGaps = result.gaps.filter { $0.kind == .missingBaseline }
    // Four conditions × two scorers, all for the xnli zh/zh cell the baseline lacks.
    #expect(baselineGaps.count == 8)
    #expect(baselineGaps.allSatisfy { $0.observation.benchmark == "xnli" && $0.observation.dataLang == "zh" && $0.observation.instrLang == "zh" })
    #expect(!result.versusBaseline.contains { $0.key.benchmark == "xnli" && $0.key.dataLang == "zh" && $0.key.instrLang == "zh" })
}

@Test func plantedNativeEffectIsSignificantAfterHolm() throws {
    let alpha = result.config.alpha
    let refined = try #require(result.significance.first {
        $0.key.condition == "cond-native" && $0.key.benchmark == "sib200" && $0.key.dataLang == "en" && $0.key.instrLang == "zh" && $0.scorer == "refined-v1"
    })
    let strict = try #require(result.significance.first {
        $0.key == refined.key && $0.scorer == "strict-v1"
    })
    #expect(refined.pairedExamples == 200)
    #expect(refined.isSignificant(alpha: alpha) && refined.deltaPaired > 0)
    #expect(strict.isSignificant(alpha: alpha) && strict.deltaPaired < 0)
    #expect(refined.pAdjusted >= refined.pValue)
    let ci = try #require(refined.interval)
    #expect(ci.low > 0 && ci.low <= refined.deltaPaired && refined.deltaPaired <= ci.high)
    // Conditions answering like the baseline are not called significant.
    let null = result.significance.filter { $0.key.condition == "cond-gap" }
    #expect(!null.isEmpty && null.allSatisfy { !$0.isSignificant(alpha: alpha) })
}

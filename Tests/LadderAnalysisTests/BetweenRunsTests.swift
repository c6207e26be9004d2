import Testing
@testable import LadderAnalysis

private func obs(_ condition: String, _ seed: String?, template: String = "t", benchmark: String = "b", ids: [String], correct: [Bool],
                 scorer: String = "s") -> ScoredObservation {
    let key = ObservationKey(condition: condition, seed: seed, template: template, benchmark: benchmark, dataLang: "en", instrLang: "en")
    return try! ScoredObservation(key: key, scorer: scorer, exampleIds: ids, correct: correct, parsed: [Bool](repeating: true, count: ids.count))
}

private func cell(_ condition: String, template: String = "t") -> BetweenRuns.Member {
    BetweenRuns.Member(unit: UnitKey(CellKey(condition: condition, template: template, benchmark: "b", dataLang: "en", instrLang: "en"), at: .cell), scorer: "s")
}

@Test func betweenRunsPairsTheSameObservationByExampleIdAndCorrectsOverTheFamily() throws {
    let ids = (0..<40).map { "e\($0)" }
    // Cell t1: 20 examples go from wrong to right (a real move). Cell t2: one example moves (noise).
    let a = [obs("c", "1", template: "t1", ids: ids, correct: ids.indices.map { $0 < 10 }),
             obs("c", "1", template: "t2", ids: ids, correct: ids.indices.map { $0 < 20 })]
    let b = [obs("c", "1", template: "t1", ids: ids.reversed(), correct: ids.indices.map { $0 >= 10 }),   // ids reversed: pairing is by id, not position
             obs("c", "1", template: "t2", ids: ids, correct: ids.indices.map { $0 < 21 })]
    let tests = try BetweenRuns.tests(a, b, members: [cell("c", template: "t1"), cell("c", template: "t2")], grain: .cell, correction: .holm)
    let moved = try #require(tests[cell("c", template: "t1")])
    #expect(moved.pairedExamples == 40 && moved.unpairedExamples == 0)
    #expect(moved.rightInBOnly == 20 && moved.rightInAOnly == 0)
    #expect(moved.method == .exactBinomial, "20 discordant pairs: below 25, exact")
    #expect(moved.isSignificant(alpha: 0.05))
    let noise = try #require(tests[cell("c", template: "t2")])
    #expect(noise.rightInBOnly == 1 && noise.rightInAOnly == 0 && noise.pValue == 1)
    #expect(!noise.isSignificant(alpha: 0.05))
    // Holm over two tests: the smaller p doubles.
    #expect(abs(moved.pAdjusted - min(1, 2 * moved.pValue)) < 1e-15)
}

@Test func betweenRunsPoolsSeedsAndCountsUnpairedIds() throws {
    let a = [obs("c", "1", ids: ["x", "y", "z"], correct: [false, false, true]), obs("c", "2", ids: ["x", "y"], correct: [false, true])]
    let b = [obs("c", "1", ids: ["x", "y", "w"], correct: [true, true, true]), obs("c", "2", ids: ["x", "y"], correct: [true, false]),
             obs("c", "3", ids: ["x"], correct: [true])]   // seed 3 has no counterpart in A: not paired
    let tests = try BetweenRuns.tests(a, b, members: [cell("c")], grain: .cell, correction: .none)
    let t = try #require(tests[cell("c")])
    #expect(t.pairedExamples == 4)
    #expect(t.unpairedExamples == 2, "z only in A, w only in B")
    #expect(t.rightInBOnly == 3 && t.rightInAOnly == 1)
    #expect(t.pAdjusted == t.pValue)
    #expect(t.text.hasPrefix("McNemar 3 up 1 down of 4 paired"))
}

@Test func betweenRunsRejectsADuplicateExampleId() {
    let a = [obs("c", "1", ids: ["x", "x"], correct: [true, false])]
    let b = [obs("c", "1", ids: ["x", "y"], correct: [true, true])]
    #expect(throws: (any Error).self) { try BetweenRuns.tests(a, b, members: [cell("c")], grain: .cell, correction: .holm) }
}

@Test func armRowsGiveAccuracyAndPairedDeltaWithIntervalsThatCoverThem() throws {
    let ids = (0..<60).map { "e\($0)" }
    let observations = [
        obs("baseline", nil, template: "t1", ids: ids, correct: ids.indices.map { $0 % 4 == 0 }),           // 25%
        obs("baseline", nil, template: "t2", ids: ids, correct: ids.indices.map { $0 % 4 == 0 }),
        obs("arm", "1", template: "t1", ids: ids, correct: ids.indices.map { $0 % 4 == 0 || $0 % 4 == 1 }),  // 50%
        obs("arm", "2", template: "t1", ids: ids, correct: ids.indices.map { $0 % 4 != 3 }),                 // 75%
        obs("arm", "1", template: "t2", ids: ids, correct: ids.indices.map { $0 % 4 == 0 }),                 // 25%
    ]
    let rows = ArmSummary.rows(observations, config: AnalysisConfig(bootstrapResamples: 400))
    let base = try #require(rows.first { $0.arm == "baseline" })
    #expect(abs(base.accuracy - 0.25) < 1e-12 && base.delta == nil && base.test == nil)
    let arm = try #require(rows.first { $0.arm == "arm" })
    // Cells: t1 = mean(0.5, 0.75) = 0.625, t2 = 0.25 → 0.4375; Δ: t1 = mean(0.25, 0.5), t2 = 0 → 0.1875.
    #expect(arm.cells == 2 && arm.examples == 180)
    #expect(abs(arm.accuracy - 0.4375) < 1e-12)
    #expect(abs((arm.delta ?? 0) - 0.1875) < 1e-12)
    let acc = try #require(arm.accuracyInterval), delta = try #require(arm.deltaInterval)
    #expect(acc.contains(arm.accuracy) && acc.lowerBound > 0.3 && acc.upperBound < 0.6)
    #expect(delta.contains(arm.delta!) && delta.lowerBound > 0.05)
    let test = try #require(arm.test)
    #expect(test.rightInBOnly == 15 + 30 && test.rightInAOnly == 0 && test.isSignificant(alpha: 0.05))
    // The same seed gives the same intervals.
    #expect(ArmSummary.rows(observations, config: AnalysisConfig(bootstrapResamples: 400)) == rows)
}

@Test func versusBaselineTestsPoolAUnitsCellsAgainstTheirBaselineCells() {
    let ids = (0..<30).map { "e\($0)" }
    let observations = [
        obs("baseline", nil, template: "t1", ids: ids, correct: ids.indices.map { $0 < 10 }),
        obs("baseline", nil, template: "t2", ids: ids, correct: ids.indices.map { $0 < 10 }),
        obs("c", "1", template: "t1", ids: ids, correct: ids.indices.map { $0 < 20 }),
        obs("c", "1", template: "t2", ids: ids, correct: ids.indices.map { $0 < 5 }),
    ]
    let unit = BetweenRuns.Member(unit: UnitKey(condition: "c", benchmark: "b"), scorer: "s")
    let tests = ArmSummary.versusBaselineTests(observations, config: AnalysisConfig(), grain: .conditionBenchmark, members: [unit])
    #expect(tests[unit]?.rightInBOnly == 10 && tests[unit]?.rightInAOnly == 5 && tests[unit]?.pairedExamples == 60)
}

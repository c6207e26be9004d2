import Testing
@testable import LadderAnalysis

private func observation(_ condition: String, _ seed: String?, ids: [String], correct: [Bool]) -> ScoredObservation {
    let key = ObservationKey(condition: condition, seed: seed, template: "t", benchmark: "b", dataLang: "en", instrLang: "en")
    return try! ScoredObservation(key: key, scorer: "s", stepKey: "\(condition)-\(seed ?? "-")", exampleIds: ids, correct: correct,
                                  parsed: [Bool](repeating: true, count: ids.count))
}

@Test func pairedTestUsesTheBaselineSeedThatMatchesElseTheFirst() throws {
    let ids = (0..<40).map { "e\($0)" }
    let input = AnalysisInput(observations: [
        observation("baseline", "42", ids: ids, correct: ids.indices.map { $0 < 10 }),
        observation("baseline", "123", ids: ids, correct: ids.indices.map { $0 < 30 }),
        observation("c", "123", ids: ids, correct: ids.indices.map { $0 < 20 }),
        observation("c", "7", ids: ids, correct: ids.indices.map { $0 < 20 }),
    ])
    let result = try Analysis.run(input, config: AnalysisConfig(bootstrapResamples: 100))
    let matched = try #require(result.significance.first { $0.key.seed == "123" })
    #expect(matched.baselineSeed == "123")
    #expect(matched.baselineOnly == 10 && matched.conditionOnly == 0)
    #expect(matched.baselineStepKey == "baseline-123")
    let unmatched = try #require(result.significance.first { $0.key.seed == "7" })
    #expect(unmatched.baselineSeed == "42")
    #expect(unmatched.conditionOnly == 10 && unmatched.baselineOnly == 0)
    // The versus-baseline Δ collapses the baseline's two seeds: 0.5 − mean(0.25, 0.75) = 0.
    let versus = try #require(result.versusBaseline.first)
    #expect(versus.baseline.seedCount == 2)
    #expect(abs(versus.delta) < 1e-12 && versus.outcome == .tie)
}

@Test func examplesOnOneSideOnlyAreCountedAndListed() throws {
    let input = AnalysisInput(observations: [
        observation("baseline", nil, ids: ["a", "b", "c", "d"], correct: [true, false, true, false]),
        observation("c", "1", ids: ["a", "b", "c", "x"], correct: [true, true, true, true]),
    ])
    let result = try Analysis.run(input, config: AnalysisConfig(bootstrapResamples: 50))
    let test = try #require(result.significance.first)
    #expect(test.pairedExamples == 3)
    #expect(test.unpairedExamples == 2)
    #expect(test.conditionOnly == 1 && test.baselineOnly == 0)
    let gap = try #require(result.gaps.first { $0.kind == .unpairedExamples })
    #expect(gap.detail.contains("2 example ids"))
    // Accuracy itself uses every row of each observation: 4/4 vs 2/4.
    #expect(abs((result.versusBaseline.first?.delta ?? 0) - 0.5) < 1e-12)
}

@Test func observationsWhoseIdsArePositionsArePairedRowByRowAndSaySo() throws {
    let key = ObservationKey(condition: "c", seed: "1", template: "t", benchmark: "b", dataLang: "en", instrLang: "en")
    let condition = try ScoredObservation(key: key, scorer: "s", exampleIds: ["0", "1", "2"], correct: [true, true, false],
                                          parsed: [true, true, true], pairing: .position)
    let input = AnalysisInput(observations: [
        observation("baseline", nil, ids: ["x", "y", "z", "w"], correct: [false, true, true, true]), condition,
    ])
    let result = try Analysis.run(input, config: AnalysisConfig(bootstrapResamples: 50))
    let test = try #require(result.significance.first)
    #expect(test.pairing == .position)
    #expect(test.pairedExamples == 3 && test.unpairedExamples == 1)
    #expect(test.conditionOnly == 1 && test.baselineOnly == 1)
    #expect(result.pairingSummary.hasPrefix("position (all 1 tests"))
    let gap = try #require(result.gaps.first { $0.kind == .unpairedExamples })
    #expect(gap.detail.contains("paired by position"))
}

@Test func anObservationMixingRowIdsAndPositionsIsRefused() throws {
    var collector = ObservationCollector(condition: "c", seed: nil, scorer: "s", stepKey: "k")
    collector.add(template: "t", benchmark: "b", dataLang: "en", instrLang: "en", exampleId: "a", pred: "x", correct: true)
    collector.add(template: "t", benchmark: "b", dataLang: "en", instrLang: "en", exampleId: "1", positional: true, pred: "x", correct: true)
    #expect(collector.observations[0].pairing == nil)
    let input = AnalysisInput(observations: [observation("baseline", nil, ids: ["a", "b"], correct: [true, true])] + collector.observations)
    #expect {
        _ = try Analysis.run(input, config: AnalysisConfig(bootstrapResamples: 50))
    } throws: { error in
        "\(error)".contains("1 rows carry an example id and 1 do not")
    }
}

@Test func testsOfBothKindsAreCountedInThePairingNote() throws {
    let ids = ["a", "b"]
    let k2 = ObservationKey(condition: "c", seed: "2", template: "t", benchmark: "b", dataLang: "en", instrLang: "en")
    let input = AnalysisInput(observations: [
        observation("baseline", nil, ids: ids, correct: [true, false]),
        observation("c", "1", ids: ids, correct: [true, true]),
        try ScoredObservation(key: k2, scorer: "s", exampleIds: ["0", "1"], correct: [false, false], parsed: [true, true], pairing: .position),
    ])
    let result = try Analysis.run(input, config: AnalysisConfig(bootstrapResamples: 50))
    #expect(result.significance.map(\.pairing) == [.exampleId, .position])
    #expect(result.pairingSummary.hasPrefix("example_id for 1 tests, position for 1 ("))
    #expect(result.significanceTable().tsv().contains("\texample_id\t2\t0\t"))
}

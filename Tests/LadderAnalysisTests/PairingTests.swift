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

import Foundation
import Testing
@testable import LadderAnalysis

private let result = try! Analysis.run(StudyFixture.input(perCell: 40), config: AnalysisConfig(bootstrapResamples: 200))

@Test func everyTsvNamesItsGrainUnitAndScorersBeforeTheColumns() {
    for table in result.allTables() {
        let lines = table.tsv().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "# table: \(table.name)")
        #expect(lines[1] == "# grain: \(table.grain.rawValue)")
        #expect(lines[2].hasPrefix("# unit: "))
        #expect(lines[3] == "# scorers: refined-v1, strict-v1")
        let header = lines.firstIndex { !$0.hasPrefix("#") }!
        #expect(lines[header].split(separator: "\t").count == table.columns.count)
        for row in lines[(header + 1)...] where !row.isEmpty {
            #expect(row.split(separator: "\t", omittingEmptySubsequences: false).count == table.columns.count)
        }
    }
}

@Test func cellsTableCountsComeFromRows() throws {
    let rows = StudyFixture.rows(perCell: 40)
    let table = result.cellsTable()
    #expect(table.grain == .observation)
    #expect(table.rows.count == Set(rows.map { ObservationScorerKey(observation: $0.observation, scorer: $0.scorer) }).count)
    let probe = try #require(result.observations.first { $0.key.condition == "cond-native" && $0.key.instrLang == "zh" && $0.key.benchmark == "sib200" && $0.scorer == "strict-v1" })
    let mine = rows.filter { $0.observation == probe.key && $0.scorer == "strict-v1" }
    #expect(probe.examples == mine.count)
    #expect(probe.correct == mine.filter(\.correct).count)
    #expect(probe.parseFailures == mine.filter { $0.pred == nil }.count)
    #expect(probe.parseFailures > 0)
}

@Test func jsonRenderingParsesAndCarriesTheSameRowsAsTsv() throws {
    for table in result.allTables() {
        let object = try JSONSerialization.jsonObject(with: Data(table.json().utf8)) as? [String: Any]
        let parsed = try #require(object)
        #expect(parsed["grain"] as? String == table.grain.rawValue)
        #expect(parsed["scorers"] as? [String] == ["refined-v1", "strict-v1"])
        let rows = try #require(parsed["rows"] as? [[String: Any]])
        #expect(rows.count == table.rows.count)
        if let first = rows.first { #expect(Set(first.keys) == Set(table.columns)) }
    }
}

@Test func flipTableHeaderNamesBothReadingsAndTheRule() throws {
    let flips = ConclusionFlips.betweenScorers(result, "strict-v1", "refined-v1")
    let tsv = flips[1].table().tsv()
    #expect(tsv.contains("# grain: condition_benchmark\n"))
    #expect(tsv.contains("# a: strict-v1\n# b: refined-v1\n"))
    #expect(tsv.contains("# scorers: strict-v1, refined-v1\n"))
    #expect(tsv.contains("cond-artefact\tsib200\t"))
}

@Test func badInputNamesTheObservationAndWhatToDo() throws {
    var o = ScoredObservation(key: ObservationKey(condition: "baseline", seed: nil, template: "t", benchmark: "b", dataLang: "en", instrLang: "en"), scorer: "s")
    o.append(exampleId: "x1", pred: "a", correct: true)
    var c = ScoredObservation(key: ObservationKey(condition: "c1", seed: "1", template: "t", benchmark: "b", dataLang: "en", instrLang: "en"), scorer: "s")
    c.append(exampleId: "x1", pred: "a", correct: true)
    c.append(exampleId: "x1", pred: nil, correct: false)
    #expect(throws: (any Error).self) { try Analysis.run(AnalysisInput(observations: [o, c]), config: AnalysisConfig()) }
    do {
        _ = try Analysis.run(AnalysisInput(observations: [o, c]), config: AnalysisConfig())
    } catch {
        #expect("\(error)".contains("example id 'x1' appears more than once"))
        #expect("\(error)".contains("c1 seed=1"))
    }
    do {
        _ = try Analysis.run(AnalysisInput(observations: [c]), config: AnalysisConfig(baseline: "base"))
        Issue.record("a missing baseline must be reported")
    } catch {
        #expect("\(error)".contains("baseline condition 'base' has no scored rows"))
    }
    #expect(throws: (any Error).self) { try AnalysisConfig(noiseFloor: -1).validate() }
}

@Test func naturalOrderPutsSmallerNumbersFirst() {
    #expect(NaturalOrder.less("42", "123"))
    #expect(NaturalOrder.less("condition-2", "condition-10"))
    #expect(!NaturalOrder.less("b", "a"))
    #expect(NaturalOrder.less(nil, "1"))
}

@Test func collectorGroupsStreamedRowsLikeGroupingFlatRows() {
    let rows = StudyFixture.rows(perCell: 10).filter { $0.condition == "cond-seeds" && $0.seed == "42" && $0.scorer == "strict-v1" }
    var collector = ObservationCollector(condition: "cond-seeds", seed: "42", scorer: "strict-v1", stepKey: "k1")
    // Interleave two cells to exercise the lookup path as well as the last-cell shortcut.
    for r in rows.sorted(by: { $0.exampleId < $1.exampleId }) {
        collector.add(template: r.template, benchmark: r.benchmark, dataLang: r.dataLang, instrLang: r.instrLang,
                      exampleId: r.exampleId, pred: r.pred, correct: r.correct)
    }
    let grouped = ScoredObservation.group(rows, stepKeys: ["strict-v1": "k1"])
    #expect(collector.observations.count == grouped.count)
    for g in grouped {
        let c = collector.observations.first { $0.key == g.key }
        #expect(c?.count == g.count)
        #expect(c?.correctCount == g.correctCount)
        #expect(c?.parseFailureCount == g.parseFailureCount)
        #expect(c?.stepKey == "k1")
    }
}

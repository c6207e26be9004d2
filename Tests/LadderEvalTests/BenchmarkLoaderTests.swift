import Foundation
import LadderCore
import Testing
@testable import LadderEval

@Suite struct BenchmarkLoaderTests {
    @Test func readsTheRealSIB200TestSetsWithTheirIds() throws {
        let loader = BenchmarkLoader(directory: EvalFixtures.demoData)
        var ids: [[String]] = []
        for lang in ["en", "zh", "es", "ur"] {
            let examples = try loader.examples(.sib200, lang: lang)
            #expect(examples.count == 204)
            #expect(Set(examples.map(\.gold)).count == 7)
            #expect(examples.allSatisfy { !($0.fields["text"] ?? "").isEmpty })
            ids.append(examples.map(\.id))
        }
        // The same index_id names the same sentence in every language, in the same order.
        #expect(ids.allSatisfy { $0 == ids[0] })
        #expect(ids[0].first == "1523")
    }

    @Test func aLimitIsBalancedOverTheGoldAnswersAndKeepsFileOrder() throws {
        // SIB-200's test files are sorted by category: the first 7 rows are one topic.
        let loader = BenchmarkLoader(directory: EvalFixtures.demoData)
        let all = try loader.examples(.sib200, lang: "en")
        #expect(Set(all.prefix(7).map(\.gold)).count == 1)
        let seven = try loader.examples(.sib200, lang: "en", limit: 7)
        #expect(Set(seven.map(\.gold)).count == 7)
        let fourteen = try loader.examples(.sib200, lang: "en", limit: 14)
        #expect(Dictionary(grouping: fourteen, by: \.gold).values.allSatisfy { $0.count == 2 })
        // Each answer's first examples in file order, the sample itself in file order.
        let index = Dictionary(uniqueKeysWithValues: all.enumerated().map { ($1.id, $0) })
        #expect(fourteen.map { index[$0.id]! } == fourteen.map { index[$0.id]! }.sorted())
        for gold in Set(all.map(\.gold)) {
            #expect(fourteen.filter { $0.gold == gold }.map(\.id) == Array(all.filter { $0.gold == gold }.prefix(2).map(\.id)))
        }
        // A limit past the smallest answer's count takes the rest from the others.
        let uneven = BenchmarkLoader.balanced(Array(all.prefix(9)), limit: 8)
        #expect(uneven.count == 8)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: EvalFixtures.sharedBenchmarks.appendingPathComponent("sib200").path),
                   "skipped: ../shared/data/benchmarks/sib200 is absent"))
    func readsTheSharedSIB200Copies() throws {
        let loader = BenchmarkLoader(directory: EvalFixtures.sharedBenchmarks)
        for lang in ["en", "zh", "es", "ur"] {
            let examples = try loader.examples(.sib200, lang: lang)
            #expect(examples.count == 204)
            #expect(Set(examples.map(\.id)).count == 204)
        }
    }

    @Test func sib200QuotedFieldsFollowPandasQuoting() throws {
        let dir = try EvalFixtures.temporaryDirectory()
        try EvalFixtures.write("index_id\tcategory\ttext\n7\ttravel\t\"He said \"\"hi\"\"\tthen\nleft\"\n8\tsports\tplain\n",
                               to: dir.appendingPathComponent("sib200/eng_Latn/test.tsv"))
        try EvalFixtures.write("travel\nsports\n", to: dir.appendingPathComponent("sib200/eng_Latn/labels.txt"))
        let examples = try BenchmarkLoader(directory: dir).examples(.sib200, lang: "en")
        #expect(examples.map(\.id) == ["7", "8"])
        #expect(examples[0].fields["text"] == "He said \"hi\"\tthen\nleft")
        #expect(examples[1].line == 4)
    }

    @Test func readsTheOtherThreeFormats() throws {
        let loader = BenchmarkLoader(directory: try EvalFixtures.benchmarks(langs: ["en"], rows: 5))
        let xnli = try loader.examples(.xnli, lang: "en")
        #expect(xnli.map(\.id) == ["en-p0", "en-p1", "en-p2", "en-p3", "en-p4"])
        #expect(xnli.map(\.gold) == ["entailment", "neutral", "contradiction", "entailment", "neutral"])
        let csqa = try loader.examples(.csqa, lang: "en")
        #expect(csqa[1].gold == "B")
        #expect(csqa[0].fields["choices"] == "A. choice A\nB. choice B\nC. choice C\nD. choice D\nE. choice E")
        #expect(csqa[0].fields["question"] == "en question 0?")
        let belebele = try loader.examples(.belebele, lang: "en")
        #expect(belebele.map(\.id) == ["https://example.org/en/0#1", "https://example.org/en/0#2", "https://example.org/en/1#1",
                                       "https://example.org/en/1#2", "https://example.org/en/2#1"])
        #expect(belebele.map(\.gold) == ["A", "B", "C", "D", "A"])
        #expect(belebele[0].fields["choices"] == "A. one\nB. two\nC. three\nD. four")
        #expect(belebele[0].fields["passage"] == "en passage 0.")
    }

    @Test func xnliWithoutIdsNumbersRowsAndAcceptsLabelWords() throws {
        let dir = try EvalFixtures.temporaryDirectory()
        try EvalFixtures.write("{\"premise\":\"a\",\"hypothesis\":\"b\",\"label\":\"neutral\"}\n\n{\"premise\":\"c\",\"hypothesis\":\"d\",\"label\":2}\n",
                               to: dir.appendingPathComponent("xnli/en/test.jsonl"))
        let examples = try BenchmarkLoader(directory: dir).examples(.xnli, lang: "en")
        #expect(examples.map(\.id) == ["1", "2"])
        #expect(examples.map(\.gold) == ["neutral", "contradiction"])
        #expect(examples.map(\.line) == [1, 3])
    }

    func expectError(_ fragments: [String], _ body: () throws -> Void) {
        do {
            try body()
            Issue.record("expected an error containing \(fragments)")
        } catch {
            let text = "\(error)"
            for f in fragments { #expect(text.contains(f), "\(text) lacks \(f)") }
        }
    }

    @Test func badRowsAreErrorsNamingFileAndLine() throws {
        let dir = try EvalFixtures.temporaryDirectory()
        let loader = BenchmarkLoader(directory: dir)
        expectError(["xnli/en/test.jsonl", "no such benchmark file"]) { _ = try loader.examples(.xnli, lang: "en") }

        try EvalFixtures.write("{\"id\":\"a\",\"premise\":\"p\",\"hypothesis\":\"h\",\"label\":0}\n{\"id\":\"b\",\"premise\":\"p\",\"hypothesis\":\"h\"}\n",
                               to: dir.appendingPathComponent("xnli/en/test.jsonl"))
        expectError(["xnli/en/test.jsonl:2:", "no 'label'"]) { _ = try loader.examples(.xnli, lang: "en") }

        try EvalFixtures.write("{\"id\":\"a\",\"premise\":\"p\",\"hypothesis\":\"h\",\"label\":0}\n{\"id\":\"a\",\"premise\":\"p\",\"hypothesis\":\"h\",\"label\":1}\n",
                               to: dir.appendingPathComponent("xnli/zh/test.jsonl"))
        expectError(["xnli/zh/test.jsonl:2:", "'a'", "line 1"]) { _ = try loader.examples(.xnli, lang: "zh") }

        try EvalFixtures.write("{\"question\":{\"stem\":\"s\",\"choices\":[{\"label\":\"A\",\"text\":\"t\"}]},\"answerKey\":\"A\"}\n",
                               to: dir.appendingPathComponent("csqa/en/test.jsonl"))
        expectError(["csqa/en/test.jsonl:1:", "no 'id'"]) { _ = try loader.examples(.csqa, lang: "en") }

        try EvalFixtures.write("index_id\tcategory\ttext\n1\ttravel\tx\n1\ttravel\ty\n", to: dir.appendingPathComponent("sib200/eng_Latn/test.tsv"))
        try EvalFixtures.write("travel\n", to: dir.appendingPathComponent("sib200/eng_Latn/labels.txt"))
        expectError(["sib200/eng_Latn/test.tsv:3:", "'1'"]) { _ = try loader.examples(.sib200, lang: "en") }

        try EvalFixtures.write("index_id\tcategory\ttext\n1\t\tx\n", to: dir.appendingPathComponent("sib200/zho_Hans/test.tsv"))
        try EvalFixtures.write("travel\n", to: dir.appendingPathComponent("sib200/zho_Hans/labels.txt"))
        expectError(["sib200/zho_Hans/test.tsv:2:", "no category"]) { _ = try loader.examples(.sib200, lang: "zh") }

        try EvalFixtures.write("{\"link\":\"l\",\"question_number\":1,\"flores_passage\":\"p\",\"question\":\"q\",\"mc_answer1\":\"a\",\"mc_answer2\":\"b\",\"mc_answer3\":\"c\",\"mc_answer4\":\"d\",\"correct_answer_num\":\"5\"}\n",
                               to: dir.appendingPathComponent("belebele/eng_Latn/test.jsonl"))
        expectError(["belebele/eng_Latn/test.jsonl:1:", "correct_answer_num '5'"]) { _ = try loader.examples(.belebele, lang: "en") }
    }
}

import Foundation
import LadderCore
import Testing
@testable import LadderToyModel

@Suite struct SIB200TaskTests {
    let task: SIB200Task

    init() throws {
        task = try SIB200Task(directory: Fixtures.sib200)
    }

    @Test(arguments: ["en", "zh", "es", "ur"])
    func loadsTheDemoCopyOfEachLanguage(lang: String) throws {
        let examples = try task.examples(lang: lang)
        #expect(examples.count == 204)
        #expect(try task.labels(lang: lang) == SIB200Labels.categories)
        #expect(Set(examples.map(\.category)) == Set(SIB200Labels.categories))
        #expect(examples.allSatisfy { $0.lang == lang && !$0.text.isEmpty })
        // Every language holds the same sentences under the same ids.
        #expect(examples.map(\.id) == (try task.examples(lang: "en")).map(\.id))
    }

    @Test func quotedFieldsAreUnquoted() throws {
        let en = try task.examples(lang: "en")
        let apple = try #require(en.first { $0.id == "61" })
        #expect(apple.text.hasPrefix("During his 2 hour speech he stated that \"Today Apple"))
        #expect(apple.text.hasSuffix("history today\"."))
    }

    @Test func aLimitTakesEveryCategoryInTurn() throws {
        let some = try task.examples(lang: "zh", limit: 40)
        #expect(some.count == 40)
        var perCategory: [String: Int] = [:]
        for e in some { perCategory[e.category, default: 0] += 1 }
        #expect(perCategory.count == 7)
        #expect(perCategory.values.allSatisfy { $0 == 5 || $0 == 6 })
        #expect(some.map(\.id) == (try task.examples(lang: "ur", limit: 40)).map(\.id))
    }

    @Test func promptsUseTheInstructionLanguage() throws {
        let example = try #require(try task.examples(lang: "zh", limit: 1).first)
        let t1 = try task.prompt(for: example, template: .template1, instrLang: "zh")
        #expect(t1.contains(example.text) && t1.contains("- science/technology\n") && t1.hasSuffix("主题："))
        let t2 = try task.prompt(for: example, template: .template2, instrLang: "ur")
        #expect(t2.hasPrefix("متن: \(example.text)") && t2.contains("سیاست") && t2.hasSuffix("جواب: "))
        #expect(throws: LadderError.self) { try task.prompt(for: example, template: .template1, instrLang: "fr") }
    }

    @Test func evaluationGivesOneRowPerExampleAndCellWithACandidateAnswer() throws {
        let model = try CharNGramModel.trained(on: Fixtures.pythonTexts, seed: 42)
        let rows = try task.evaluate(model: model, templates: SIB200Template.allCases, dataLangs: ["en", "ur"],
                                     instrLangs: ["en", "zh"], limit: 10)
        #expect(rows.count == 2 * 2 * 2 * 10)
        let ids = try task.examples(lang: "en", limit: 10).map(\.id)
        for cell in Set(rows.map(\.cell)) {
            #expect(rows.filter { $0.cell == cell }.map(\.id) == ids, "cell \(cell)")
        }
        for row in rows {
            let allowed = SIB200Labels.candidates(instrLang: row.instrLang).map(\.text)
            #expect(allowed.contains(row.rawOutput), "\(row.cell) \(row.id): \(row.rawOutput)")
        }
        let again = try task.evaluate(model: model, templates: SIB200Template.allCases, dataLangs: ["en", "ur"],
                                      instrLangs: ["en", "zh"], limit: 10)
        #expect(try SIB200Row.jsonLines(rows) == SIB200Row.jsonLines(again))
    }

    @Test func aModelTrainedOnOneTopicAnswersWithIt() throws {
        // Without calibration or cache the answer is the model's own preference.
        let plain = try SIB200Task(directory: Fixtures.sib200, cacheWeight: 0, calibrated: false)
        let example = try #require(try plain.examples(lang: "en", limit: 1).first)
        for topic in ["sports", "travel", "geography"] {
            let talk = Array(repeating: "Topic: \(topic)\n", count: 30)
            let model = try CharNGramModel.trained(on: talk + Fixtures.pythonTexts, seed: 1)
            let answer = try plain.answer(model: model, example: example, template: .template1, instrLang: "en")
            #expect(answer.raw == topic, "trained on \(topic), answered \(answer.raw)")
        }
    }

    @Test func theCalibratedCacheAnswersFromTheText() throws {
        let model = try CharNGramModel.trained(on: Fixtures.pythonTexts, seed: 2)
        let cases = [
            ("The tourists booked a travel package; travel agents say travel is up.", "travel"),
            ("Both teams played hard and the sports fans cheered as the sports season ended.", "sports"),
        ]
        for (text, topic) in cases {
            let example = SIB200Example(id: "x", category: topic, text: text, lang: "en")
            let answer = try task.answer(model: model, example: example, template: .template1, instrLang: "en")
            #expect(answer.raw == topic, "\(text) → \(answer.raw)")
            #expect(answer.candidates.count == 7 && answer.category == topic)
        }
    }

    @Test func badFilesAreReportedWithTheirLine() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let folder = dir.appendingPathComponent("eng_Latn")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "travel\nsports\n".write(to: folder.appendingPathComponent("labels.txt"), atomically: true, encoding: .utf8)
        let bad = try SIB200Task(directory: dir)
        let cases = [
            ("index_id\ttext\n1\thello\n", "test.tsv:1"),
            ("index_id\tcategory\ttext\n1\ttravel\tok\n2\tcooking\tno\n", "test.tsv:3"),
            ("index_id\tcategory\ttext\n1\ttravel\tok\n1\tsports\tagain\n", "test.tsv:3"),
            ("index_id\tcategory\ttext\n1\ttravel\t\"never closed\n", "test.tsv:2"),
        ]
        for (content, location) in cases {
            try content.write(to: folder.appendingPathComponent("test.tsv"), atomically: true, encoding: .utf8)
            #expect {
                try bad.examples(lang: "en")
            } throws: { error in
                (error as? LadderError)?.description.contains(location) ?? false
            }
        }
        #expect(throws: LadderError.self) { try task.examples(lang: "fr") }
        #expect(throws: LadderError.self) { try task.examples(lang: "en", limit: 0) }
    }

    @Test func studyResultsFilesHoldOneListPerCell() throws {
        let rows = [
            SIB200Row(id: "7", gold: "travel", rawOutput: "سفر", template: "template1", dataLang: "ur", instrLang: "ur"),
            SIB200Row(id: "9", gold: "health", rawOutput: "health", template: "template1", dataLang: "en", instrLang: "en"),
            SIB200Row(id: "7", gold: "travel", rawOutput: "travel", template: "template2", dataLang: "ur", instrLang: "ur"),
        ]
        let data = try SIB200Row.studyResults(rows, template: "template1")
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["summary", "parse_failure_rates", "template1_sib200_data=ur_instr=ur",
                                     "template1_sib200_data=en_instr=en"])
        let cell = try #require(object["template1_sib200_data=ur_instr=ur"] as? [[String: String]])
        #expect(cell == [["gold": "travel", "index_id": "7", "raw_output": "سفر"]])
        #expect(try SIB200Row.studyResults(rows, template: "template1") == data)
    }
}

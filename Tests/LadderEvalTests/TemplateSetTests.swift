import Foundation
import LadderCore
import Testing
@testable import LadderEval

@Suite struct TemplateSetTests {
    @Test func theShippedTemplatesCoverEveryBenchmarkTemplateAndInstructionLanguage() throws {
        for (b, set) in try EvalFixtures.templateSets() {
            try set.check(templates: ["template1", "template2"], instrLangs: ["en", "zh", "es", "ur"])
            #expect(set.fields == b.fields)
            #expect(!set.about.isEmpty)
            #expect(set.sha256 == (try SHA256.hex(fileAt: TemplateSet.file(b, in: EvalFixtures.templates))))
            for (_, byLang) in set.templates {
                for (_, t) in byLang { #expect(Set(t.placeholders) == Set(b.fields)) }
            }
        }
        let sib = try TemplateSet.load(.sib200, from: EvalFixtures.templates)
        #expect(sib.options == ["science/technology", "travel", "politics", "sports", "health", "entertainment", "geography"])
        // The answer vocabulary is listed in English in every instruction language.
        for lang in ["en", "zh", "es", "ur"] {
            let p = try sib.prompt("template1", instrLang: lang, example: BenchmarkExample(id: "1", gold: "travel", fields: ["text": "T"], line: 2))
            #expect(p.contains("science/technology, travel, politics, sports, health, entertainment, geography"))
            #expect(p.hasSuffix("Category:"))
        }
        let en2 = try sib.prompt("template2", instrLang: "en", example: BenchmarkExample(id: "1", gold: "travel", fields: ["text": "T"], line: 2))
        #expect(en2.hasSuffix("\nT\nTopic:"))
    }

    @Test func rendersPlaceholdersAndLiteralBraces() throws {
        let t = try PromptTemplate("{{x}} {premise} / {hypothesis}}}", fields: ["premise", "hypothesis"], origin: "t")
        #expect(try t.render(["premise": "P", "hypothesis": "H"]) == "{x} P / H}")
        #expect(t.placeholders == ["premise", "hypothesis"])
    }

    func expectError(_ fragments: [String], _ body: () throws -> Void) {
        do {
            try body()
            Issue.record("expected an error containing \(fragments)")
        } catch {
            for f in fragments { #expect("\(error)".contains(f), "\(error) lacks \(f)") }
        }
    }

    func set(_ templates: String, fields: String = "[\"text\"]") throws -> TemplateSet {
        let json = "{\"benchmark\":\"sib200\",\"about\":\"test\",\"fields\":\(fields),\"options\":[\"travel\"],\"templates\":\(templates)}"
        return try TemplateSet(data: Data(json.utf8), benchmark: .sib200, origin: "sib200.json")
    }

    @Test func mistakesInTemplateFilesAreErrorsNamingTheEntry() throws {
        expectError(["templates.template1.en", "{txt}"]) { _ = try set("{\"template1\":{\"en\":\"{txt}\"}}") }
        expectError(["templates.template1.en", "never closed"]) { _ = try set("{\"template1\":{\"en\":\"{text\"}}") }
        expectError(["lone '}'"]) { _ = try set("{\"template1\":{\"en\":\"a } b\"}}") }
        expectError(["field 'premise'"]) { _ = try set("{\"template1\":{\"en\":\"x\"}}", fields: "[\"premise\"]") }
        expectError(["\"benchmark\" must be \"xnli\""]) {
            _ = try TemplateSet(data: Data("{\"benchmark\":\"sib200\"}".utf8), benchmark: .xnli, origin: "xnli.json")
        }
        let ok = try set("{\"template1\":{\"en\":\"{text}\",\"zh\":\"{text}\"}}")
        expectError(["template1 has no prompt in instruction languages es, ur"]) {
            try ok.check(templates: ["template1"], instrLangs: ["en", "es", "ur"])
        }
        expectError(["has no template2"]) { try ok.check(templates: ["template2"], instrLangs: ["en"]) }
    }
}

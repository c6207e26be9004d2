import Foundation
import LadderCore
import LadderSpec
import Testing

/// Every ladder mistake must come back as a located error with a hint.
struct LadderParserErrorTests {
    let parser = LadderParser(builtinEngines: ["subset", "transpile", "reparse"])

    func error(_ yaml: String) -> SpecError? {
        capturedSpecError(in: yaml) { _ = try parser.parse(text: yaml, file: "t.yaml") }
    }

    static let valid = """
    ladder: t
    axes:
      lang: [en, zh]
      tier: {5k: 5000}
    sources:
      corpus: {path: data.jsonl}
    steps:
      subset:
        engine: subset
        inputs: {corpus: source.corpus}
        params: {size: "${tier.value}"}
    conditions:
      c1:
        cells: {lang: [en], tier: [5k]}
        pipeline: [subset]
    """

    @Test func validLadderParses() throws {
        let l = try parser.parse(text: Self.valid, file: "t.yaml")
        #expect(l.axes.map(\.name) == ["lang", "tier"])
        #expect(l.axis("tier")?.values.first?.value == .int(5000))
        #expect(l.conditions.first?.pipeline.map(\.template) == ["subset"])
    }

    @Test func yamlSyntaxErrorIsLocated() throws {
        let e = try #require(error("ladder: t\naxes:\n  lang: [en, zh\nsteps: {}\n"))
        #expect(e.location.file == "t.yaml")
        #expect(e.location.line >= 3)
        #expect(e.description.contains("YAML syntax"))
        #expect(e.description.contains("^"))
    }

    @Test func unknownKeySuggestsClosestKnownKey() throws {
        let yaml = Self.valid.replacingOccurrences(of: "    pipeline: [subset]", with: "    pipline: [subset]")
        let e = try #require(error(yaml))
        #expect(e.message.contains("unknown key 'pipline'"))
        #expect(e.hint == "did you mean 'pipeline'?")
        #expect(e.location.line == 15 && e.location.column == 5)
        #expect(e.description.contains("t.yaml:15:5: error:"))
        #expect(e.description.contains("    pipline: [subset]\n        ^"))
    }

    @Test func wrongTypeSaysWhatWasExpected() throws {
        let yaml = Self.valid.replacingOccurrences(of: "    pipeline: [subset]", with: "    pipeline: {subset: 1}")
        let e = try #require(error(yaml))
        #expect(e.message.contains("pipeline must be a list"))
        #expect(e.location.line == 15)
    }

    @Test func unknownEngineListsOrSuggests() throws {
        let yaml = Self.valid.replacingOccurrences(of: "engine: subset", with: "engine: subsett")
        let e = try #require(error(yaml))
        #expect(e.message == "unknown engine 'subsett'")
        #expect(e.hint?.contains("did you mean 'subset'?") == true)
        #expect(e.location.line == 9 && e.location.column == 13)
    }

    @Test func conditionSelectingAValueItsAxisLacksIsRejected() throws {
        let yaml = Self.valid.replacingOccurrences(of: "cells: {lang: [en], tier: [5k]}", with: "cells: {lang: [en, ur], tier: [5k]}")
        let e = try #require(error(yaml))
        #expect(e.message.contains("lang=ur"))
        #expect(e.hint == "its values are: en, zh")
        #expect(e.location.line == 14)
    }

    @Test func unknownAxisValueInCrossReferenceIsRejected() throws {
        let yaml = Self.valid.replacingOccurrences(of: "inputs: {corpus: source.corpus}", with: "inputs: {corpus: \"c1[lang=fr].subset\"}")
        let e = try #require(error(yaml))
        #expect(e.message == "axis 'lang' has no value 'fr'")
        #expect(e.location.line == 10)
    }

    @Test func referenceToMissingStepIsRejected() throws {
        let yaml = Self.valid.replacingOccurrences(of: "    pipeline: [subset]", with: "    pipeline: [subset, train]")
        let e = try #require(error(yaml))
        #expect(e.message == "no step named 'train'")
        #expect(e.location.line == 15)
    }

    @Test func referenceToMissingSourceSuggestsTheDeclaredOne() throws {
        let yaml = Self.valid.replacingOccurrences(of: "source.corpus", with: "source.corpsu")
        let e = try #require(error(yaml))
        #expect(e.message == "no source named 'corpsu'")
        #expect(e.hint == "did you mean 'corpus'?")
    }

    @Test func duplicateKeyIsRejected() throws {
        let yaml = Self.valid.replacingOccurrences(of: "  tier: {5k: 5000}", with: "  tier: {5k: 5000}\n  lang: [es]")
        let e = try #require(error(yaml))
        #expect(e.message == "duplicate key 'lang' (first at line 3)")
        #expect(e.location.line == 5 && e.location.column == 3)
    }

    @Test func emptyFileIsRejected() throws {
        let e = try #require(error(""))
        #expect(e.message == "the file is empty")
    }

    @Test func missingFileIsBadInput() {
        #expect(throws: (any Error).self) { try parser.parse(fileAt: "/nonexistent/ladder.yaml") }
    }
}

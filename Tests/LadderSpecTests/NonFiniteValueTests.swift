import Foundation
import LadderCore
import LadderSpec
import Testing

/// NaN and infinities are refused where a ladder writes them as values (step
/// params, engine settings, vars, overrides, axis values); `null` stays null.
struct NonFiniteValueTests {
    let parser = LadderParser(builtinEngines: ["subset", "transpile", "reparse"])

    func error(_ yaml: String) throws -> SpecError {
        do {
            _ = try parser.parse(text: yaml, file: "t.yaml")
        } catch let e as SpecError {
            return e.withSource(yaml)
        }
        throw SpecError("expected the ladder to be refused", at: SourceLocation(file: "t.yaml", line: 0, column: 0))
    }

    /// The valid test ladder with its step's `size` parameter (line 11, column 20) replaced.
    func ladder(size: String) -> String {
        LadderParserErrorTests.valid.replacingOccurrences(of: "{size: \"${tier.value}\"}", with: "{size: \(size)}")
    }

    func expectRefused(_ yaml: String, _ text: String, line: Int, column: Int) throws {
        let e = try error(yaml)
        #expect(e.message == "parameter values must be finite numbers; found '\(text)'")
        #expect(e.hint == "quote it ('\(text)') if you mean the text")
        #expect(e.location == SourceLocation(file: "t.yaml", line: line, column: column))
    }

    @Test(arguments: [".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "-.inf", "-.INF",
                      "1e400", "-1e400"])
    func nonFiniteStepParameterIsRefusedAtTheValue(_ text: String) throws {
        try expectRefused(ladder(size: text), text, line: 11, column: 20)
    }

    @Test func nonFiniteInsideANestedParameterIsRefusedAtTheValue() throws {
        try expectRefused(ladder(size: "{grid: [1, .inf]}"), ".inf", line: 11, column: 31)
    }

    @Test func nonFiniteVariableIsRefused() throws {
        try expectRefused(LadderParserErrorTests.valid + "\nvars:\n  lr: .nan\n", ".nan", line: 17, column: 7)
    }

    @Test func nonFiniteEngineSettingIsRefused() throws {
        let yaml = LadderParserErrorTests.valid + "\nengines:\n  subset: {use: subset, settings: {temperature: -.inf}}\n"
        try expectRefused(yaml, "-.inf", line: 17, column: 49)
    }

    @Test func nonFiniteOverrideParameterIsRefused() throws {
        let yaml = LadderParserErrorTests.valid.replacingOccurrences(
            of: "    pipeline: [subset]", with: "    pipeline: [subset]\n    overrides: {subset: {params: {size: .inf}}}")
        try expectRefused(yaml, ".inf", line: 16, column: 41)
    }

    @Test func nonFiniteAxisValueIsRefused() throws {
        let yaml = LadderParserErrorTests.valid.replacingOccurrences(of: "tier: {5k: 5000}", with: "tier: {5k: .nan}")
        try expectRefused(yaml, ".nan", line: 4, column: 14)
    }

    @Test func quotedNaNIsAString() throws {
        let l = try parser.parse(text: ladder(size: "'.nan'"), file: "t.yaml")
        #expect(l.steps.first?.params.first?.node.toValue() == .string(".nan"))
    }

    @Test func nullParameterStillParsesAsNull() throws {
        let yaml = ladder(size: "null") + "\nvars:\n  a: null\n  b: ~\n  c:\n"
        let l = try parser.parse(text: yaml, file: "t.yaml")
        #expect(l.steps.first?.params.first?.node.toValue() == .null)
        #expect(l.variables["a"] == .null)
        #expect(l.variables["b"] == .null)
        #expect(l.variables["c"] == .null)
    }

    @Test func nonFiniteSpellingsResolveToDistinctDoubles() throws {
        func value(_ s: String) throws -> Value { try YAMLNode.parse("v: \(s)", file: "t.yaml").toValue()["v"]! }
        #expect(try value(".nan").doubleValue?.isNaN == true)
        #expect(try value("NaN") == .string("NaN"), "plain nan is a word (Min Nan's language code), as YAML 1.2 says")
        #expect(try value("nan") == .string("nan"))
        #expect(try value("-.Inf") == .double(-.infinity))
        #expect(try value("+.INF") == .double(.infinity))
        #expect(try value("infinity") == .string("infinity"))
        #expect(try value("null") == .null)
        #expect(try value("nano") == .string("nano"))
        #expect(try value(".5") == .double(0.5))
    }
}

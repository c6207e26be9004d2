import Foundation
import LadderCore
@testable import LadderPlan
import LadderSpec
import Testing

/// The planner renders parameters and paths through templates compiled once
/// (`CompiledNode`, `CompiledText`); they must give exactly what `Interpolator`
/// gives for the same node and scope, and leave every failure to it.
struct CompiledTemplateTests {
    static let yaml = """
    ladder: interp
    phase: p2
    vars: {model: {name: tiny, size: 3}, flag: true}
    axes:
      lang: [en, zh, "null", "007"]
      tier: {5k: 5000, 20k: 20000, half: 0.5, on: true}
      seed: [42, 123]
    steps:
      s: {engine: subset, params: {a: 1}}
    naming: {name: "${condition}-${lang}-${tier}"}
    conditions:
      c:
        cells: {lang: [en, zh, "null", "007"], tier: [5k, 20k, half, on], seed: [42]}
        pipeline: [s]
    """

    static let at = SourceLocation(file: "t.yaml", line: 1, column: 1)

    static let texts = [
        "${lang}", "${ lang }", "${lang.label}", "${lang.value}", "${tier}", "${tier.value}", "${tier.label}", "${seed}",
        "x-${seed}", "${seed}-${tier.value}", "${condition}", "${name}", "${ladder}", "${phase}", "${model}",
        "${model.name}", "${model.size}", "${flag}", "$${lang}", "a$$b", "$${x}-${lang}", "plain", "42", "true", "",
        "${fan}", "${fan.label}", "n${lang}", "T${seed}", "${missing}", "${lang.nope}", "${model.nope}", "${unclosed",
    ]

    func ladder() throws -> Ladder {
        try LadderParser(builtinEngines: ["subset"]).parse(text: Self.yaml, file: "t.yaml")
    }

    func scopes() throws -> [Scope] {
        let ladder = try ladder()
        let shared = ScopeLadder(ladder)
        var out: [Scope] = []
        for cell in ladder.conditions[0].cells.cells(in: ladder) {
            var s = Scope(ladder: shared, condition: "c", cell: cell, name: "c-\(cell)")
            out.append(s)
            s.local = ("fan", .string("strict-v1"))
            out.append(s)
            s.local = ("fan", .int(7))
            s.name = nil
            s.nameError = SpecError("name failed", at: Self.at)
            out.append(s)
        }
        return out
    }

    /// The interpolator's answer: the value, or the error's text.
    func slow(_ node: YAMLNode, _ scope: Scope) -> String {
        do { return try Interpolator.value(of: node, scope: scope).canonicalJSON } catch { return "error: \(error)" }
    }

    @Test func compiledScalarsSequencesAndMappingsGiveTheInterpolatorsValues() throws {
        var nodes: [YAMLNode] = []
        for t in Self.texts {
            nodes.append(.scalar(t, quoted: false, Self.at))
            nodes.append(.scalar(t, quoted: true, Self.at))
        }
        nodes.append(.sequence([.scalar("en", quoted: false, Self.at), .scalar("${lang}", quoted: false, Self.at),
                                .scalar("${seed}", quoted: true, Self.at)], Self.at))
        nodes.append(.mapping([(key: "a", keyLocation: Self.at, value: .scalar("${tier.value}", quoted: false, Self.at)),
                               (key: "b", keyLocation: Self.at, value: .scalar("k-${lang}", quoted: false, Self.at)),
                               (key: "a", keyLocation: Self.at, value: .scalar("${seed}", quoted: false, Self.at))], Self.at))
        nodes.append(.sequence([.scalar("${missing}", quoted: false, Self.at)], Self.at))
        var compared = 0, fellBack = 0
        let ladder = try ladder()
        for scope in try scopes() {
            // Compiled alone, and with the ladder's constants written out (the fan-out variable declared).
            for (node, compiled) in nodes.flatMap({ [($0, CompiledNode($0)), ($0, CompiledNode($0, ladder: ladder, locals: ["fan"]))] }) {
                let expected = slow(node, scope)
                if let fast = compiled.value(in: scope) {
                    #expect(fast.canonicalJSON == expected, "\(node) in [\(scope.cell)] local \(String(describing: scope.local))")
                    compared += 1
                } else {
                    // Nil only where the interpolator reports an error.
                    #expect(expected.hasPrefix("error: "), "\(node): compiled gave nil, interpolator \(expected)")
                    fellBack += 1
                }
            }
        }
        #expect(compared > 1000 && fellBack > 100)
    }

    @Test func compiledTextsRenderAsTheInterpolator() throws {
        let ladder = try ladder()
        for scope in try scopes() {
            for t in Self.texts {
                let expected: String
                do { expected = try Interpolator.render(t, scope: scope, at: Self.at) } catch { expected = "error" }
                let folded = CompiledText(t, ladder: ladder, locals: ["fan"])?.render(scope)
                #expect(folded == CompiledText(t)?.render(scope), "'\(t)' with the ladder's constants written out")
                if let fast = CompiledText(t)?.render(scope) {
                    #expect(fast == expected, "'\(t)' in [\(scope.cell)]")
                } else {
                    #expect(expected == "error", "'\(t)': compiled gave nil, interpolator '\(expected)'")
                }
            }
        }
    }

    @Test func typingAPlainScalarMatchesTheYAMLReader() {
        for t in ["en", "zh", "null", "Null", "NULL", "nan", "true", "True", "false", "FALSE", "tiny-1", "Z9", "007", "42",
                  "-3", "+4", "0.5", ".5", "1e3", ".inf", "~", "", "ñ", "中文", "n", "t", "f", "no", "yes", "on"] {
            #expect(CompiledNode.plain(t) == YAMLNode.scalar(t, quoted: false, Self.at).toValue(), "'\(t)'")
        }
    }
}

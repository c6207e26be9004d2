import Foundation
import LadderCore
import LadderEngines
import LadderPlan
import LadderSpec
import Testing

/// The planner writes each step key's canonical text directly and shares equal
/// parameter sets between steps; the keys must stay exactly the SHA-256 of the
/// canonical encoding of each step's ingredients (what `explain` shows).
struct StepKeyTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func expectKeysMatchIngredients(_ plan: Plan) {
        for step in plan.steps {
            var key = CanonicalKey()
            for (name, value) in step.ingredients { key.add(name, value) }
            #expect(key.hex == step.key, "\(step.label)")
        }
    }

    @Test(arguments: ["demo.yaml", "demo-lora.yaml", "language-decoded-phase2.yaml", "language-decoded-phase3.yaml"])
    func everyKeyOfTheRepositoryLaddersIsTheHashOfItsIngredients(_ name: String) throws {
        let plan = try LadderLoader().plan(Self.root.appendingPathComponent("ladders/\(name)").path, checkFiles: false)
        #expect(!plan.steps.isEmpty)
        expectKeysMatchIngredients(plan)
    }

    static let builtins = ["subset", "transpile", "train", "reparse"]

    func plan(_ yaml: String) throws -> Plan {
        let ladder = try LadderParser(builtinEngines: Self.builtins).parse(text: yaml, file: "t.yaml")
        return try Planner(ladder: ladder, catalog: StaticEngineCatalog(builtinNames: Self.builtins)).plan()
    }

    /// Rules, fan-out, settings overridden by a step, quoting, nested values and `$${`.
    static let varied = """
    ladder: t
    axes:
      lang: [en, zh, ur]
      seed: [42, 123]
    sources:
      corpus: {corpus: test/corpus, sha256: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa}
    engines:
      train: {use: train, settings: {lr: 0.0002, tag: "base", nested: {b: [1, "${lang}"], a: x}}}
    steps:
      subset: {engine: subset, inputs: {corpus: source.corpus}, params: {size: 5000, seed: 42}}
      train: {engine: train, inputs: {data: previous}, params: {seed: "${seed}", tag: "t-${lang}", literal: "$${x}", quoted: "42"}}
      reparse: {engine: reparse, for_each: {scorer: [s1, s2]}, inputs: {results: train}, params: {scorer: "${scorer}"}}
    conditions:
      c1:
        cells: {lang: [en, zh, ur], seed: [42, 123]}
        pipeline: [subset, train, reparse]
        where:
          - match: {lang: [ur]}
            train: {params: {lr: 0.001}}
    """

    @Test func keysStayTheHashOfTheIngredientsWithRulesFanOutAndOverriddenSettings() throws {
        let p = try plan(Self.varied)
        expectKeysMatchIngredients(p)
        let trains = p.steps.filter { $0.template == "train" }
        #expect(trains.count == 6)
        #expect(trains.filter { $0.params["lr"] == .double(0.001) }.count == 2)
        #expect(trains.allSatisfy { $0.params["tag"] == .string("t-\($0.users[0].cell["lang"]!.label)") })
        #expect(trains.allSatisfy { $0.params["literal"] == .string("${x}") && $0.params["quoted"] == .string("42") })
        #expect(p.steps.filter { $0.template == "reparse" }.count == 12)
    }

    @Test func stepsWithEqualParametersShareOneDictionaryButKeepTheirOwnKeys() throws {
        let p = try plan(Self.varied)
        let reparses = p.steps.filter { $0.template == "reparse" && $0.params["scorer"] == .string("s1") }
        #expect(reparses.count == 6)
        #expect(Set(reparses.map(\.key)).count == 6)
    }
}

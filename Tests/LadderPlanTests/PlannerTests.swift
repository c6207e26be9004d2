import Foundation
import LadderCore
import LadderEngines
import LadderPlan
import LadderSpec
import Testing

/// Expansion, sharing, keys and the errors only planning can find.
struct PlannerTests {
    static let builtins = ["subset", "transpile", "translate", "train", "reparse"]

    func plan(_ yaml: String) throws -> Plan {
        let ladder = try LadderParser(builtinEngines: Self.builtins).parse(text: yaml, file: "t.yaml")
        return try Planner(ladder: ladder, catalog: StaticEngineCatalog(builtinNames: Self.builtins)).plan()
    }

    func planError(_ yaml: String) -> SpecError? {
        do { _ = try plan(yaml); return nil } catch let e as SpecError { return e } catch { return nil }
    }

    static let study = """
    ladder: t
    axes:
      lang: [en, zh, ur]
      tier: {5k: 5000, 20k: 20000}
      seed: [42, 123]
    sources:
      corpus: {corpus: test/corpus, sha256: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa}
    steps:
      subset: {engine: subset, inputs: {corpus: source.corpus}, params: {size: "${tier.value}", seed: 42}}
      transpile: {engine: transpile, inputs: {files: previous}, params: {lang: "${lang}"}}
      translate: {engine: translate, inputs: {files: previous}, params: {lang: "${lang}"}}
      train: {engine: train, inputs: {data: previous}, params: {seed: "${seed}", lr: 0.0002}}
    naming: {name: "${condition}-${lang}-${tier}"}
    conditions:
      c1:
        cells: {lang: [en], tier: {5k: {seed: [42, 123]}, 20k: {seed: [42]}}}
        pipeline: [subset, train]
      c2:
        cells: {lang: [zh, ur], tier: [5k], seed: [42]}
        pipeline: [subset, transpile, train]
      c5:
        cells: {lang: [zh, ur], tier: [5k], seed: [42]}
        name: "${condition}-${lang}-${tier}-llm"
        pipeline: [subset, transpile, translate, train]
        where:
          - match: {lang: [zh]}
            translate: {inputs: {only: {items_of: "c5[lang=ur].translate", status: ok}}}
    paths:
      adapter: {of: train, path: "m/${name}-seed${seed}"}
      dataset: {of: train.data, path: "${condition}-${lang}-${tier}"}
    """

    @Test func unevenCellsExpandExactly() throws {
        let p = try plan(Self.study)
        let c1 = p.cells.first { $0.condition == "c1" }!.cells.map(\.description)
        #expect(c1 == ["lang=en,tier=5k,seed=42", "lang=en,tier=5k,seed=123", "lang=en,tier=20k,seed=42"])
    }

    @Test func sharedSubsetAndTranspileArePlannedOnce() throws {
        let p = try plan(Self.study)
        let subsets = p.steps.filter { $0.engine == "subset" }
        #expect(subsets.count == 2) // 5k and 20k
        let s5k = try #require(subsets.first { $0.params["size"] == .int(5000) })
        #expect(Set(s5k.users.map(\.condition)) == ["c1", "c2", "c5"])
        let transpiles = p.steps.filter { $0.engine == "transpile" }
        #expect(transpiles.count == 2) // zh, ur shared by c2 and c5
        #expect(transpiles.allSatisfy { Set($0.users.map(\.condition)) == ["c2", "c5"] })
        #expect(p.steps.filter { $0.engine == "train" }.count == 3 + 2 + 2)
    }

    @Test func derivedAllowlistPointsAtTheOtherCellsLedger() throws {
        let p = try plan(Self.study)
        let zh = try #require(p.steps.first { $0.engine == "translate" && $0.params["lang"] == .string("zh") })
        let ur = try #require(p.steps.first { $0.engine == "translate" && $0.params["lang"] == .string("ur") })
        let only = try #require(zh.inputs.first { $0.name == "only" })
        #expect(only.source == .itemsOf(key: ur.key, status: "ok"))
        #expect(ur.inputs.contains { $0.name == "only" } == false)
        // ur's translate is planned before zh's, which reads it.
        #expect(p.steps.firstIndex { $0.key == ur.key }! < p.steps.firstIndex { $0.key == zh.key }!)
    }

    @Test func stepsComeAfterEverythingTheyRead() throws {
        let p = try plan(Self.study)
        var seen: Set<String> = []
        for s in p.steps {
            for k in s.upstreamKeys { #expect(seen.contains(k), "\(s.label) reads \(k) before it is planned") }
            seen.insert(s.key)
        }
    }

    @Test func changingOneParameterChangesExactlyItsDependents() throws {
        let a = try plan(Self.study)
        let b = try plan(Self.study.replacingOccurrences(of: "params: {lang: \"${lang}\"}}\n  translate", with: "params: {lang: \"${lang}\", v: 2}}\n  translate"))
        let changed = Set(a.steps.map(\.key)).subtracting(b.steps.map(\.key))
        let changedSteps = a.steps.filter { changed.contains($0.key) }
        // transpile (2), translate (2), and the trains reading them (c2: 2, c5: 2)
        #expect(changedSteps.filter { $0.engine == "transpile" }.count == 2)
        #expect(changedSteps.filter { $0.engine == "translate" }.count == 2)
        #expect(changedSteps.filter { $0.engine == "train" }.count == 4)
        #expect(changedSteps.filter { $0.engine == "subset" }.isEmpty)
        #expect(changedSteps.count == 8)
    }

    @Test func keysAreStableAcrossPlans() throws {
        #expect(try plan(Self.study).steps.map(\.key) == plan(Self.study).steps.map(\.key))
    }

    @Test func namingRulesRenderPathsFromThePlan() throws {
        let p = try plan(Self.study)
        let adapters = p.paths.filter { $0.kind == "adapter" }.map(\.path)
        #expect(adapters.contains("m/c5-zh-5k-llm-seed42"))
        #expect(adapters.contains("m/c1-en-5k-seed123"))
        #expect(adapters.count == 7)
        let ds = try #require(p.paths.first { $0.path == "c2-zh-5k" })
        #expect(ds.stepKey == p.steps.first { $0.engine == "transpile" && $0.params["lang"] == .string("zh") }!.key)
    }

    @Test func cycleIsReportedWithItsPath() throws {
        let yaml = """
        ladder: t
        axes: {lang: [a, b]}
        steps:
          s: {engine: subset, inputs: {x: "c[lang=b].s"}}
          t: {engine: subset, inputs: {x: "c[lang=a].s"}}
        conditions:
          c:
            cells: {lang: [a, b]}
            pipeline: [s]
            where:
              - match: {lang: [b]}
                s: {inputs: {x: "c[lang=a].s"}}
        """
        let e = try #require(planError(yaml))
        #expect(e.message.hasPrefix("cycle between steps: c[lang=a].s -> c[lang=b].s -> c[lang=a]"))
        #expect(e.location.line == 12) // the reference that closes the cycle
    }

    @Test func duplicateOutputPathsFromTwoStepsAreRejected() throws {
        let yaml = Self.study.replacingOccurrences(of: "path: \"m/${name}-seed${seed}\"", with: "path: \"m/${condition}\"")
        let e = try #require(planError(yaml))
        #expect(e.message.contains("two different steps would share the adapter path 'm/c1'"))
        #expect(e.hint?.contains("${seed}") == true)
    }

    @Test func stepReadingALaterStepIsRejected() throws {
        let yaml = Self.study.replacingOccurrences(of: "pipeline: [subset, transpile, train]",
                                                   with: "pipeline: [subset, {train: {inputs: {data: transpile}}}, transpile]")
        let e = try #require(planError(yaml))
        #expect(e.message.contains("comes later in the pipeline"))
    }

    @Test func missingAxisInTemplateSaysWhichCondition() throws {
        let yaml = Self.study.replacingOccurrences(of: "cells: {lang: [zh, ur], tier: [5k], seed: [42]}\n    pipeline: [subset, transpile, train]",
                                                   with: "cells: {lang: [zh, ur], tier: [5k]}\n    pipeline: [subset, transpile, train]")
        let e = try #require(planError(yaml))
        #expect(e.message.contains("'${seed}' has no value in condition 'c2'"))
        #expect(e.hint?.contains("does not select axis 'seed'") == true)
    }

    @Test func registryFingerprintsAreKnownForEveryBuiltin() throws {
        for name in EngineRegistry.standard.builtinNames {
            #expect(try EngineRegistry.standard.fingerprint(ofBuiltin: name, settings: [:]).count == 64)
        }
        #expect(throws: LadderError.self) { try EngineRegistry.standard.fingerprint(ofBuiltin: "nope", settings: [:]) }
    }
}

import Foundation
import LadderCore
import LadderEngines
@testable import LadderPlan
import LadderSpec
import Testing

/// Big plans expand on two threads: a worker expands the later cells ahead and the plan's
/// own builder takes them over in order. The plan must be the one a single thread makes:
/// the same steps in the same order, each with the same users in the same order, the same
/// paths, and the same error when the ladder has one.
struct PlanAheadTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let builtins = ["subset", "transpile", "translate", "train", "eval", "reparse", "analysis"]

    func plans(_ ladder: Ladder, catalog: any EngineCatalog, checkFiles: Bool = false) throws -> (one: Plan, two: Plan) {
        var planner = Planner(ladder: ladder, catalog: catalog, checkFiles: checkFiles)
        planner.expandAhead = false
        let one = try planner.plan()
        planner.expandAhead = true
        let two = try planner.plan()
        return (one, two)
    }

    func parse(_ yaml: String) throws -> Ladder {
        try LadderParser(builtinEngines: Self.builtins).parse(text: yaml, file: "t.yaml")
    }

    /// The error of planning on one thread, then on two (a plan that does not fail is recorded as an issue).
    func errors(_ planner: Planner) -> [String] {
        var planner = planner
        var messages: [String] = []
        for ahead in [false, true] {
            planner.expandAhead = ahead
            do {
                _ = try planner.plan()
                Issue.record("the plan should fail")
            } catch {
                messages.append("\(error)")
            }
        }
        return messages
    }

    /// The first difference between two plans, or nil when they are the same.
    func difference(_ a: Plan, _ b: Plan) -> String? {
        guard a.steps.count == b.steps.count else { return "\(a.steps.count) steps against \(b.steps.count)" }
        for (i, (x, y)) in zip(a.steps, b.steps).enumerated() {
            if x.key != y.key { return "step \(i): key \(x.shortKey) against \(y.shortKey) (\(x.label), \(y.label))" }
            if x.users != y.users { return "step \(i) (\(x.label)): users \(x.users.count) against \(y.users.count)" }
            if x.inputs != y.inputs { return "step \(i) (\(x.label)): inputs differ" }
            if x.params != y.params { return "step \(i) (\(x.label)): params differ" }
            if x.engineData != y.engineData { return "step \(i) (\(x.label)): engine data differs" }
            if x.template != y.template || x.engine != y.engine || x.implementation != y.implementation
                || x.engineFingerprint != y.engineFingerprint || x.resources != y.resources || x.retry != y.retry {
                return "step \(i) (\(x.label)): shape differs"
            }
            if x.evaluationCells.count != y.evaluationCells.count { return "step \(i) (\(x.label)): evaluation cells differ" }
        }
        if a.paths != b.paths { return "paths differ (\(a.paths.count) against \(b.paths.count))" }
        if a.cells.map(\.condition) != b.cells.map(\.condition) || zip(a.cells, b.cells).contains(where: { $0.cells != $1.cells }) {
            return "cells differ"
        }
        return nil
    }

    /// Study-shaped, with what makes a cell read others: `all.reparse`, an input of another
    /// condition's cell, `items_of` another cell; and fan-out, `where` rules, shared steps.
    static func study(languages: Int, copies: Int) -> String {
        let langs = (0..<languages).map { "l\($0)" }
        var y = """
        ladder: t
        axes:
          lang: [en, \(langs.joined(separator: ", "))]
          tier: {5k: 5000, 20k: 20000}
          seed: [42, 123, 456]
        sources:
          corpus: {corpus: test/corpus, sha256: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa}
          bench: {sha256: bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb}
        steps:
          subset: {engine: subset, inputs: {corpus: source.corpus}, params: {size: "${tier.value}", seed: 42}}
          transpile: {engine: transpile, inputs: {files: previous}, params: {lang: "${lang}"}}
          translate: {engine: translate, inputs: {files: previous}, params: {lang: "${lang}"}}
          train: {engine: train, inputs: {data: previous}, params: {seed: "${seed}", name: "${name}-s${seed}"}}
          eval: {engine: eval, inputs: {model: train, bench: source.bench}, params: {langs: [en, "${lang}"]}}
          reparse: {engine: reparse, for_each: {scorer: [strict, refined]}, inputs: {results: eval}, params: {scorer: "${scorer}"}}
          analysis: {engine: analysis, inputs: {scored: all.reparse}, params: {baseline: base}}
        naming: {name: "${condition}-${lang}-${tier}"}
        conditions:
          base:
            cells: {lang: [en]}
            name: base
            paths: {session: e/base/}
            pipeline:
              - eval: {inputs: {model: source.corpus}}
              - reparse
          c1:
            cells: {lang: [en], tier: {5k: {seed: [42, 123, 456]}, 20k: {seed: [42]}}}
            pipeline: [subset, train, eval, reparse]
          reuse:
            cells: {lang: [\(langs[0])], tier: [5k], seed: [42]}
            pipeline:
              - eval: {inputs: {model: "c2-v\(copies)[lang=\(langs[0]),tier=5k,seed=42].train"}}
              - reparse

        """
        for k in 1...copies {
            y += """
              c2-v\(k):
                cells: {lang: [\(langs.joined(separator: ", "))], tier: {5k: {seed: [42, 123, 456]}, 20k: {seed: [42]}}}
                pipeline: [subset, transpile, train, eval, reparse]
                overrides:
                  train: {params: {lr_scale: \(k)}}
                where:
                  - match: {lang: [\(langs.last!)]}
                    train: {params: {lr: 0.001}}

            """
        }
        y += """
          c5:
            cells: {lang: [\(langs.prefix(2).joined(separator: ", "))], tier: [5k], seed: [42]}
            pipeline: [subset, transpile, translate, train]
            where:
              - match: {lang: [\(langs[0])]}
                translate: {inputs: {only: {items_of: "c5[lang=\(langs[1])].translate", status: ok}}}
          analysis:
            pipeline: [analysis]
        paths:
          adapter: {of: train, path: "m/${name}-seed${seed}"}
          dataset: {of: train.data, path: "${condition}-${lang}-${tier}"}
          session: {of: eval, path: "e/${condition}/${lang}-${tier}-${seed}"}
        """
        return y
    }

    @Test func twoThreadsPlanTheStudyShapeExactlyAsOneThreadDoes() throws {
        let ladder = try parse(Self.study(languages: 6, copies: 4))
        let catalog = StaticEngineCatalog(builtinNames: Self.builtins)
        let (one, two) = try plans(ladder, catalog: catalog)
        #expect(one.steps.count > 300)
        #expect(difference(one, two) == nil, "\(difference(one, two) ?? "")")
        // The second thread really took cells over (the plan was not left to one thread).
        let ahead = PlanBuilder.planAhead(ladder: ladder, catalog: catalog, checkFiles: false, force: true)
        #expect(ahead.map { difference(one, $0) == nil } == true)
    }

    @Test(arguments: ["demo.yaml", "demo-lora.yaml", "tutorial.yaml", "language-decoded-phase2.yaml", "language-decoded-phase3.yaml"])
    func twoThreadsPlanTheRepositoryLaddersExactlyAsOneThreadDoes(_ name: String) throws {
        let loader = LadderLoader()
        let ladder = try loader.load(Self.root.appendingPathComponent("ladders/\(name)").path)
        let (one, two) = try plans(ladder, catalog: loader.registry)
        #expect(!one.steps.isEmpty)
        #expect(difference(one, two) == nil, "\(difference(one, two) ?? "")")
    }

    @Test func anErrorInACellTheWorkerOwnsIsReportedAsOneThreadReportsIt() throws {
        // Only the last copy's last language reads a variable nobody defines: a cell the worker owns.
        var yaml = Self.study(languages: 4, copies: 3)
        let rule = yaml.range(of: "train: {params: {lr: 0.001}}", options: .backwards)!
        yaml.replaceSubrange(rule, with: "train: {params: {lr: \"${nowhere}\"}}")
        let ladder = try parse(yaml)
        let messages = errors(Planner(ladder: ladder, catalog: StaticEngineCatalog(builtinNames: Self.builtins), checkFiles: false))
        #expect(messages.count == 2)
        #expect(messages.first == messages.last)
        #expect(messages.first?.contains("nowhere") == true)
    }

    @Test func aMissingFileIsReportedAsOneThreadReportsIt() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("plan-ahead-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let yaml = Self.study(languages: 3, copies: 2)
            .replacingOccurrences(of: "corpus: {corpus: test/corpus, sha256: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa}",
                                  with: "corpus: {corpus: test/corpus, path: missing.jsonl}")
        let ladder = try LadderParser(builtinEngines: Self.builtins).parse(text: yaml, file: dir.appendingPathComponent("t.yaml").path,
                                                                           directory: dir.path)
        let messages = errors(Planner(ladder: ladder, catalog: StaticEngineCatalog(builtinNames: Self.builtins), checkFiles: true))
        #expect(messages.count == 2)
        #expect(messages.first == messages.last)
        #expect(messages.first?.contains("missing.jsonl") == true)
    }
}

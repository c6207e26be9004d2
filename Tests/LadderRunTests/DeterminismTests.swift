import Foundation
import Testing
import LadderCore
import LadderRun
import LadderStore

/// Every file a built-in engine writes is a function of its request alone, so
/// two stores filled by two processes hold the same bytes, and a step that
/// runs again makes the same object: its dependents are reused (early cutoff).
@Suite(.serialized)
struct DeterminismTests {
    /// Label → stored output tree of every step a `ladder run --json` reported.
    static func outputs(_ t: TestLadder, store: String, summary: String) throws -> [String: URL] {
        let json = try Value.parseJSON(Data(summary.utf8))
        let opened = try Store.open(at: t.url(store), access: .shared)
        var out: [String: URL] = [:]
        for step in json["steps"]?.arrayValue ?? [] {
            guard let label = step["label"]?.stringValue, let key = step["key"]?.stringValue else { continue }
            let hash = try #require(try opened.database.outputs(stepKey: key)["out"], "\(label) has no stored output")
            out[label] = opened.objects.unverifiedPath(of: hash)
        }
        return out
    }

    @Test(.enabled(if: LadderBinary.available, "needs the built ladder binary: each store is filled by its own process"))
    func demoLadderRunTwiceIntoFreshStoresStoresTheSameBytes() throws {
        let t = try MiniDemoLadder.create()
        defer { t.remove() }
        var trees: [[String: URL]] = []
        for store in ["store-a", "store-b"] {
            let r = try LadderBinary.run(["run", "l.yaml", "--store", store, "--json"], in: t.dir, tag: store)
            try #require(r.status == 0, "\(store): \(r.stderr)")
            trees.append(try Self.outputs(t, store: store, summary: r.stdout))
        }
        let (a, b) = (trees[0], trees[1])
        #expect(a.count == 22, "the ladder should have 22 steps: \(a.keys.sorted())")
        #expect(Set(a.keys) == Set(b.keys))
        for label in a.keys.sorted() {
            guard let treeA = a[label], let treeB = b[label] else { continue }
            let difference = MiniDemoLadder.firstDifference(treeA, treeB)
            #expect(difference == nil, "\(label)/\(difference ?? "")")
        }
        // The n-gram evaluation's rows carry SIB-200's index_id, so the analysis pairs by it.
        let analysis = try #require(a.first { $0.key.hasSuffix(".analysis") }?.value, "\(a.keys.sorted())")
        let significance = try String(contentsOf: analysis.appendingPathComponent("significance.tsv"), encoding: .utf8)
        #expect(significance.contains("\n# pairing: example_id (all "), "\(significance.prefix(800))")
    }

    @Test func retrainedStepMakesTheSameObjectAndItsDependentsAreReused() throws {
        let t = try MiniDemoLadder.create()
        defer { t.remove() }
        let first = try t.run()
        #expect(first.failed == 0, "\(first.text)")
        let key = try #require(first.line(MiniDemoLadder.trainLabel)?.key)
        let before = try #require(try t.openShared().database.outputs(stepKey: key)["out"])

        // Take the trained model away: the step is no longer reusable and must run again.
        let store = try t.openExclusive()
        try store.objects.quarantine(before)
        store.close()

        let second = try t.run()
        #expect(second.labels("executed") == [MiniDemoLadder.trainLabel], "\(second.text)")
        #expect(second.line(MiniDemoLadder.trainLabel)?.key == key)
        let after = try #require(try t.openShared().database.outputs(stepKey: key)["out"])
        #expect(after == before, "the re-trained model's output tree differs from the first one")
        #expect(second.labels("reused").count == first.steps.count - 1)
        for dependent in ["condition-2[lang=ur,tier=s,seed=1].eval", "condition-2[lang=ur,tier=s,seed=1].reparse@strict-v1",
                          "analysis[].analysis"] {
            #expect(second.line(dependent)?.outcome == "reused", "\(dependent) was \(second.line(dependent)?.outcome ?? "missing")")
            #expect(second.line(dependent)?.key == first.line(dependent)?.key)
        }
    }
}

import Foundation
import LadderCore
import LadderEngines
import LadderPlan
import LadderSpec
import Testing

/// The study's ladders name exactly the study's artifacts, and MANIFEST.md is their current manifest.
struct ManifestTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func plan(_ name: String) throws -> Plan {
        try LadderLoader().plan(Self.root.appendingPathComponent("ladders/\(name)").path, checkFiles: false)
    }

    @Test func phase3ListsExactlyTheTwentyPaperAdapters() throws {
        let adapters = Set(Manifest(plans: [try plan("language-decoded-phase3.yaml")]).entries.filter { $0.kind == "adapter" }.map(\.path))
        var expected: Set<String> = []
        for s in [42, 123, 456] { expected.insert("tiny-aya-base/condition-1-en-5k-seed\(s)") }
        expected.insert("tiny-aya-base/condition-1-en-20k-seed42")
        for l in ["zh", "es", "ur"] {
            for s in [42, 123, 456] { expected.insert("tiny-aya-base/condition-2-\(l)-5k-seed\(s)") }
            expected.insert("tiny-aya-base/condition-2-\(l)-20k-seed42")
            expected.insert("tiny-aya-base/condition-5-\(l)-5k-c4ai-aya-expanse-32b-seed42")
        }
        expected.insert("tiny-aya-base/condition-3-zh-5k-native-code-seed42")
        #expect(adapters == expected)
        #expect(adapters.count == 20)
    }

    @Test func phase3EvaluationMatrixHas128Or64CellsPerSession() throws {
        let p = try plan("language-decoded-phase3.yaml")
        for s in p.steps where s.engine == "eval" {
            let n = [s.params["benchmarks"], s.params["templates"], s.params["data_langs"], s.params["instr_langs"]]
                .map { Set($0?.arrayValue ?? []).count }.reduce(1, *)
            let conditions = Set(s.users.map(\.condition))
            if conditions.contains("baseline") || conditions.contains("condition-1") { #expect(n == 128) } else { #expect(n == 64) }
        }
        let sessions = Manifest(plans: [p]).entries.filter { $0.kind == "eval-session" }
        #expect(sessions.count == 21)
        #expect(sessions.contains { $0.path == "phase3/conditions/condition-5-ur-5k/seed42/" })
    }

    @Test func phase2ListsExactlyItsSixAdapters() throws {
        let entries = Manifest(plans: [try plan("language-decoded-phase2.yaml")]).entries.filter { $0.kind == "adapter" }
        #expect(Set(entries.map(\.path)) == ["condition-1-en-32k", "condition-1-en-5k", "condition-2-es-5k", "condition-2-ur-5k",
                                              "condition-2-zh-5k", "condition-3-zh-5k"])
        #expect(entries.allSatisfy { $0.phase == "phase2" })
        #expect(entries.filter { $0.condition != "condition-3" }.allSatisfy { $0.corpus == "bigcode/the-stack" })
    }

    @Test func conditionsOneTwoAndFiveShareOneSubsetAndFiveReusesTwosTranspile() throws {
        let p = try plan("language-decoded-phase3.yaml")
        let subset5k = try #require(p.steps.first { $0.engine == "subset" && $0.params["size"] == .int(5000) && $0.users.contains { $0.condition == "condition-1" } })
        #expect(Set(subset5k.users.map(\.condition)) == ["condition-1", "condition-2", "condition-5"])
        for lang in ["zh", "es", "ur"] {
            let t = try #require(p.steps.first { $0.engine == "transpile" && $0.params["lang"] == .string(lang) && $0.users.contains { $0.condition == "condition-5" } })
            #expect(t.users.contains { $0.condition == "condition-2" })
        }
    }

    @Test func eachAdapterCarriesItsWholeProvenance() throws {
        let entries = Manifest(plans: [try plan("language-decoded-phase3.yaml")]).entries.filter { $0.kind == "adapter" }
        #expect(entries.allSatisfy { $0.provenance?.baseModel == "CohereLabs/tiny-aya-base" })
        let zh = try #require(entries.first { $0.path == "tiny-aya-base/condition-2-zh-5k-seed123" }?.provenance)
        #expect(zh.transpiler == "0.7.3")
        #expect(zh.trainingData == "condition-2-zh-5k")
        #expect(zh.evalSessions == ["phase3/conditions/condition-2-zh-5k/seed123/"])
        let translated = try #require(entries.first { $0.path == "tiny-aya-base/condition-5-es-5k-c4ai-aya-expanse-32b-seed42" }?.provenance)
        #expect(translated.transpiler == "0.7.3", "the transpile step two steps upstream (before translate) is found")
        #expect(translated.trainingData == "condition-5-es-5k")
        for path in ["tiny-aya-base/condition-1-en-5k-seed42", "tiny-aya-base/condition-3-zh-5k-native-code-seed42"] {
            let p = try #require(entries.first { $0.path == path }?.provenance)
            #expect(p.transpiler == nil, "\(path): no transpiler touched its data")
            #expect(p.evalSessions.count == 1)
        }
        let phase2 = Manifest(plans: [try plan("language-decoded-phase2.yaml")]).entries.filter { $0.kind == "adapter" }
        #expect(phase2.first { $0.path == "condition-2-ur-5k" }?.provenance?.transpiler == "0.6.0")
        #expect(phase2.allSatisfy { $0.provenance?.trainingData?.hasPrefix("phase2/") == true })
    }

    @Test func theLaddersCiteNotesHeadTheirSections() throws {
        let plans = [try plan("language-decoded-phase2.yaml"), try plan("language-decoded-phase3.yaml")]
        let md = Manifest(plans: plans).markdown(ladders: plans.map(\.ladder))
        let p2 = try #require(md.range(of: "**phase2 — cite:** preliminary adapters: not cited"))
        let p3 = try #require(md.range(of: "**phase3 — cite:** the paper adapters: cite these"))
        #expect(p2.lowerBound < p3.lowerBound)
        #expect(md.contains("| tiny-aya-base/condition-2-zh-5k-seed42".replacingOccurrences(of: "| ", with: "| `")), "adapter rows keep their paths")
        #expect(md.contains("| CohereLabs/tiny-aya-base | Legesher 0.7.3 | `condition-2-zh-5k` | `phase3/conditions/condition-2-zh-5k/seed42/` |"))
    }

    @Test func theCiteNoteEntersNoStepKey() throws {
        let original = Self.root.appendingPathComponent("ladders/language-decoded-phase3.yaml")
        let text = try String(contentsOf: original, encoding: .utf8)
        #expect(text.contains("\ncite: "))
        // Beside the original, so the files it names relative to itself (engine scripts, templates) are the same.
        let copy = original.deletingLastPathComponent().appendingPathComponent(".cite-test-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: copy) }
        try text.replacingOccurrences(of: "\ncite: \"", with: "\ncite: \"reworded: ").write(to: copy, atomically: true, encoding: .utf8)
        let changed = try LadderLoader().plan(copy.path, checkFiles: false)
        #expect(changed.ladder.cite?.hasPrefix("reworded: ") == true)
        #expect(Set(changed.steps.map(\.key)) == Set(try plan("language-decoded-phase3.yaml").steps.map(\.key)),
                "a note for readers changes no step's key, so nothing re-runs")
    }

    @Test func manifestFileIsCurrent() throws {
        let plans = [try plan("language-decoded-phase2.yaml"), try plan("language-decoded-phase3.yaml")]
        // The committed file was generated with paths relative to the repository root.
        var ladders = plans.map(\.ladder)
        for i in ladders.indices { ladders[i].file = "ladders/" + (ladders[i].file as NSString).lastPathComponent }
        let current = Manifest(plans: plans).markdown(ladders: ladders)
        let committed = try String(contentsOf: Self.root.appendingPathComponent("MANIFEST.md"), encoding: .utf8)
        #expect(committed == current, "MANIFEST.md is stale: run `make manifest`")
    }
}

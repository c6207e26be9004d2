import Foundation
import LadderEngines
import LadderPlan
import Testing

/// The study's Python engines enter step keys through the files their ladders list: editing the
/// training code re-keys exactly the adapters and what is downstream of them (the base model's
/// evaluation stays); editing the evaluation code re-keys every evaluation and its scoring, and
/// no adapter.
@Suite(.serialized)
struct PythonEngineKeyTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("python-keys-\(UUID().uuidString)")

    /// Copies the Phase 3 ladder and engines/python into `dir`, keeping their relative places.
    func setUp() throws -> String {
        let fm = FileManager.default
        try fm.createDirectory(at: dir.appendingPathComponent("ladders"), withIntermediateDirectories: true)
        try fm.createDirectory(at: dir.appendingPathComponent("engines/python"), withIntermediateDirectories: true)
        let ladder = dir.appendingPathComponent("ladders/language-decoded-phase3.yaml")
        try fm.copyItem(at: Self.root.appendingPathComponent("ladders/language-decoded-phase3.yaml"), to: ladder)
        let engines = Self.root.appendingPathComponent("engines/python")
        for name in try fm.contentsOfDirectory(atPath: engines.path) where name.hasSuffix(".py") || name.hasSuffix(".txt") {
            try fm.copyItem(at: engines.appendingPathComponent(name), to: dir.appendingPathComponent("engines/python/\(name)"))
        }
        return ladder.path
    }

    /// Step identity (condition, cell name, template, fan-out) -> plan key.
    func keys(_ ladder: String) throws -> [String: String] {
        let plan = try LadderLoader().plan(ladder, checkFiles: false)
        var out: [String: String] = [:]
        for step in plan.steps {
            for u in step.users { out["\(u.condition) \(u.name) \(u.template) \(u.forEach ?? "-") \(u.cell)"] = step.key }
        }
        return out
    }

    func edit(_ name: String) throws {
        let url = dir.appendingPathComponent("engines/python/\(name)")
        try (try String(contentsOf: url, encoding: .utf8) + "\n# edited\n").write(to: url, atomically: true, encoding: .utf8)
    }

    func changed(_ a: [String: String], _ b: [String: String]) -> Set<String> {
        Set(a.keys.filter { a[$0] != b[$0] })
    }

    func templates(_ ids: Set<String>) -> Set<String> { Set(ids.map { String($0.split(separator: " ")[2]) }) }

    @Test func editingTheTrainingCodeRekeysAdaptersAndTheirDependentsOnly() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let ladder = try setUp()
        let before = try keys(ladder)
        try edit("train_data.py")
        let moved = changed(before, try keys(ladder))
        let trains = Set(before.keys.filter { $0.split(separator: " ")[2] == "train" })
        #expect(trains.count == 20, "\(trains.count) train steps: \(trains.sorted().prefix(3))"); #expect(trains.isSubset(of: moved))
        #expect(templates(moved) == ["train", "eval", "reparse", "analysis"])
        #expect(moved.filter { $0.hasPrefix("baseline ") }.isEmpty, "the base model's evaluation has no adapter")
    }

    @Test func editingTheEvaluationCodeRekeysEveryEvaluationAndNoAdapter() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let ladder = try setUp()
        let before = try keys(ladder)
        try edit("eval_formats.py")
        let moved = changed(before, try keys(ladder))
        let evals = Set(before.keys.filter { $0.split(separator: " ")[2] == "eval" })
        #expect(evals.count == 21, "\(evals.count)"); #expect(evals.isSubset(of: moved))
        #expect(templates(moved) == ["eval", "reparse", "analysis"])
    }

    @Test func changingAStudyHyperparameterRekeysTheAdapters() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let ladder = try setUp()
        let before = try keys(ladder)
        let text = try String(contentsOfFile: ladder, encoding: .utf8)
        #expect(text.contains("      warmup_ratio: 0.05\n"))
        try text.replacingOccurrences(of: "      warmup_ratio: 0.05\n", with: "      warmup_ratio: 0.03\n")
            .write(toFile: ladder, atomically: true, encoding: .utf8)
        let moved = changed(before, try keys(ladder))
        #expect(templates(moved) == ["train", "eval", "reparse", "analysis"])
        #expect(moved.filter { $0.hasPrefix("baseline ") }.isEmpty)
    }
}

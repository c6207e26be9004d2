import Foundation
import Testing
@testable import LadderSubset

struct SubsetOutputTests {
    @Test func writeProducesFilesManifestAndReportThatReadBack() throws {
        let corpus = Corpus(format: .jsonl, files: (0..<40).map { i in
            CorpusFile(path: "p/m\(i).py", content: Fixtures.module("m\(i)", lines: 15), licenses: ["MIT"], repo: "org/r\(i % 3)", stars: 30 + i)
        } + [CorpusFile(path: "p/gpl.py", content: Fixtures.module("gpl"), licenses: ["GPL-2.0"], stars: 99)])
        let spec = SubsetSpec(size: 20, seed: 42, validationFraction: 0.25)
        let result = try Subsetter().run(corpus: corpus, spec: spec)
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try result.write(to: dir)

        let lines = try String(contentsOf: dir.appendingPathComponent("manifest.jsonl"), encoding: .utf8).split(separator: "\n")
        let rows = try lines.map { try JSONDecoder().decode(SubsetItem.self, from: Data($0.utf8)) }
        #expect(rows.count == 20)
        #expect(rows.filter { $0.split == .validation }.count == 5)
        #expect(rows.map(\.split) == Array(repeating: .train, count: 15) + Array(repeating: .validation, count: 5))
        for row in rows {
            let bytes = [UInt8](try Data(contentsOf: dir.appendingPathComponent(row.filename)))
            #expect(PopulationMember.contentHash(bytes) == row.sha256)
            #expect(row.key == "\(row.filePath)@\(row.sha256)")
            let source = corpus.files.first { $0.path == row.filePath }!
            #expect(bytes == source.content)
            #expect(row.repo == source.repo && row.stars == source.stars && row.licenses == ["MIT"])
        }
        let report = try JSONDecoder().decode(SubsetReport.self, from: Data(contentsOf: dir.appendingPathComponent("subset.json")))
        #expect(report == result.report)
        #expect(report.populationSize == 40)
        #expect(report.filters.first { $0.stage == .license }?.dropped == 1)
        let dropped = try String(contentsOf: dir.appendingPathComponent("dropped.jsonl"), encoding: .utf8)
        #expect(dropped.contains("\"file_path\":\"p/gpl.py\""))

        // Same inputs, byte-identical outputs: what lets a re-run step cut off early.
        let again = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: again) }
        try Subsetter().run(corpus: Corpus(format: .jsonl, files: corpus.files.reversed()), spec: spec).write(to: again)
        for name in ["manifest.jsonl", "subset.json", "dropped.jsonl"] {
            #expect(try Data(contentsOf: dir.appendingPathComponent(name)) == Data(contentsOf: again.appendingPathComponent(name)), "\(name)")
        }
    }

    @Test func populationHashChangesWhenAnyMemberChanges() {
        let base = [PopulationMember(path: "a.py", sha256: "00"), PopulationMember(path: "b.py", sha256: "11")]
        var edited = base
        edited[1].sha256 = "12"
        #expect(PopulationMember.hash(base) != PopulationMember.hash(edited))
        #expect(PopulationMember.hash(base) != PopulationMember.hash(Array(base.prefix(1))))
        #expect(PopulationMember.hash(base) == PopulationMember.hash(base))
    }
}

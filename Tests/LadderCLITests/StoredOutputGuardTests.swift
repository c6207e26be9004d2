import Foundation
import Testing

/// Commands that write where they are told (`reparse`, `report --html`, `engine run --out`)
/// as a user runs them: never into a stored step output, whether named under `objects/` or
/// through `views/`.
struct StoredOutputGuardTests {
    /// Runs the built binary in `dir`; its exit status and standard error.
    func ladder(_ args: [String], in dir: URL) throws -> (status: Int32, stderr: String) {
        let r = try BinaryRun.run(try #require(ValidateCommandTests.binary), args, in: dir)
        return (r.status, r.stderr)
    }

    @Test(.enabled(if: ValidateCommandTests.binary != nil, "needs the built ladder binary"))
    func reparseReportAndEngineRunNeverWriteIntoAStoredOutput() throws {
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("reparse-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: dir) }
        // A store's layout: the database beside objects/, and a view linking into an object.
        let object = dir.appendingPathComponent("store/objects/ab/ab12")
        try fm.createDirectory(at: object, withIntermediateDirectories: true)
        fm.createFile(atPath: dir.appendingPathComponent("store/state.sqlite").path, contents: Data())
        try StudyFixture.resultsJSON(StudyFixture.rows("native", right: 3, wrong: 1))
            .write(to: object.appendingPathComponent("c_results_template1.json"))
        try fm.createDirectory(at: dir.appendingPathComponent("store/views"), withIntermediateDirectories: true)
        try fm.createSymbolicLink(at: dir.appendingPathComponent("store/views/c"), withDestinationURL: object)
        let before = try fm.contentsOfDirectory(atPath: object.path)

        for path in ["store/objects/ab/ab12/c_results_template1.json", "store/views/c/c_results_template1.json"] {
            let refused = try ladder(["reparse", path], in: dir)
            #expect(refused.status == 2)
            #expect(refused.stderr.contains("a stored step output") && refused.stderr.contains("pass --out DIR"), "\(refused.stderr)")
            let rows = try ladder(["reparse", path, "--out", "summaries", "--rows", "store/views/c/rows.jsonl"], in: dir)
            #expect(rows.status == 2 && rows.stderr.contains("--rows"), "\(rows.stderr)")
        }
        #expect(try fm.contentsOfDirectory(atPath: object.path) == before)

        let elsewhere = try ladder(["reparse", "store/views/c/c_results_template1.json", "--out", "summaries"], in: dir)
        #expect(elsewhere.status == 0, "\(elsewhere.stderr)")
        #expect(fm.fileExists(atPath: dir.appendingPathComponent("summaries/c_summary_reparsed_template1.json").path))
        #expect(try fm.contentsOfDirectory(atPath: object.path) == before)

        // A report or an engine's outputs aimed into the store are refused before any work.
        let report = try ladder(["report", "--store", "store", "--html", "store/views/c/report.html"], in: dir)
        #expect(report.status == 2 && report.stderr.contains("the report would be written into"), "\(report.stderr)")
        let engine = try ladder(["engine", "run", "subset", "--out", "store/views/c/new/out", "--param", "size=1",
                                 "--input", "corpus=store/views/c/c_results_template1.json"], in: dir)
        #expect(engine.status == 2 && engine.stderr.contains("the engine's outputs would be written into"), "\(engine.stderr)")
        #expect(try fm.contentsOfDirectory(atPath: object.path) == before)
    }
}

import Foundation
import Testing

/// `ladder reparse` as a user runs it: summaries go next to the results file or under
/// `--out`, never into a stored step output.
struct ReparseCommandTests {
    /// Runs the built binary in `dir`; its exit status and standard error.
    func ladder(_ args: [String], in dir: URL) throws -> (status: Int32, stderr: String) {
        let r = try BinaryRun.run(try #require(ValidateCommandTests.binary), args, in: dir)
        return (r.status, r.stderr)
    }

    @Test(.enabled(if: ValidateCommandTests.binary != nil, "needs the built ladder binary"))
    func aResultsFileInsideAStoreIsReparsedOnlyWithOutElsewhere() throws {
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
    }
}

import Foundation
import Testing

/// `ladder` runs wherever its binary is copied (a GPU machine, a cluster node): its scorer
/// tables, language packs and prompt templates are compiled in, not looked up in resource
/// bundles beside the build folder.
struct RelocatableBinaryTests {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("relocated-\(UUID().uuidString)")

    /// Runs the copied binary in `dir`; exit status and standard output + error.
    func run(_ binary: URL, _ arguments: [String]) throws -> (Int32, String) {
        let r = try BinaryRun.run(binary, arguments, in: dir)
        return (r.status, r.stdout + r.stderr)
    }

    @Test(.enabled(if: ValidateCommandTests.binary != nil, "needs the built ladder binary"))
    func aCopiedBinaryRunsEnginesThatReadCompiledInData() throws {
        let fm = FileManager.default
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: dir) }
        let binary = dir.appendingPathComponent("ladder")
        try fm.copyItem(at: try #require(ValidateCommandTests.binary), to: binary)

        let (listed, list) = try run(binary, ["engine", "list"])
        #expect(listed == 0, "\(list)")
        #expect(list.contains("reparse") && list.contains("transpile"))

        // A tiny ladder whose transpile step reads a language pack.
        var corpus = ""
        for i in 0..<6 {
            let body = (0..<12).map { "    x\($0) = \(i) + \($0)" }.joined(separator: "\n")
            let content = "def f\(i)(x):\n\(body)\n    if x:\n        return True\n    for y in range(\(i)):\n        print(y)\n    return None\n"
            let row: [String: Any] = ["path": "pkg/m\(i).py", "content": content, "license": "MIT", "repo": "r", "stars": 100]
            corpus += String(decoding: try JSONSerialization.data(withJSONObject: row, options: [.sortedKeys]), as: UTF8.self) + "\n"
        }
        try corpus.write(to: dir.appendingPathComponent("corpus.jsonl"), atomically: true, encoding: .utf8)
        try """
        ladder: relocated
        axes: {lang: [zh]}
        sources:
          corpus: {corpus: tiny, path: corpus.jsonl}
        steps:
          subset:
            engine: subset
            inputs: {corpus: source.corpus}
            params: {size: 4, seed: 1, algorithm: cpython-random-sample, filters: {license: null, min_stars: null, near_dedup: null}}
          transpile: {engine: transpile, inputs: {files: previous}, params: {lang: "${lang}"}}
        conditions:
          translated:
            cells: {lang: [zh]}
            pipeline: [subset, transpile]
        """.write(to: dir.appendingPathComponent("tiny.yaml"), atomically: true, encoding: .utf8)
        let (ran, log) = try run(binary, ["run", "tiny.yaml", "--store", dir.appendingPathComponent("store").path])
        #expect(ran == 0, "\(log)")

        // The scorer tables: reparse a results file with both built-in scorers.
        try #"{"parse_failure_rates":{},"summary":{},"template1_sib200_data=en_instr=en":[{"gold":"travel","raw_output":" travel"}]}"#
            .write(to: dir.appendingPathComponent("sib200_results_template1.json"), atomically: true, encoding: .utf8)
        for scorer in ["strict-v1", "refined-v1"] {
            let (reparsed, out) = try run(binary, ["reparse", "sib200_results_template1.json", "--scorer", scorer,
                                                   "--out", dir.appendingPathComponent("scored-\(scorer)").path])
            #expect(reparsed == 0, "\(scorer): \(out)")
        }
    }

    @Test(.enabled(if: ValidateCommandTests.binary != nil, "needs the built ladder binary"))
    func theBinaryNamesNoResourceBundleOfOurs() throws {
        let bytes = try Data(contentsOf: try #require(ValidateCommandTests.binary), options: .alwaysMapped)
        for module in ["LadderScoring", "LadderPython", "LadderTranslate"] {
            #expect(bytes.range(of: Data("ladder_\(module).resources".utf8)) == nil,
                    "\(module) is looked up in a resource bundle beside the build; compile its data in (scripts/embed-data.py)")
        }
    }
}

import Foundation
import Testing
import LadderCore
import LadderRun
import LadderStore

/// What reaches an engine besides its request: only the environment variables
/// the ladder names (their values never enter keys, logs or the database),
/// and parameters only through request.json, never a shell.
@Suite struct EnvironmentTests {
    static let yaml = """
    ladder: env
    axes: {w: [a]}
    engines:
      dump: {run: [sh, dump.sh], files: [dump.sh], env: [NAMED_VAR]}
    steps:
      dump: {engine: dump, params: {text: "$(touch pwned); echo ${w}"}}
    conditions:
      c: {cells: {w: [a]}, pipeline: [dump]}

    """

    static let dump = """
    env | sort
    printf '%s\\n' "$(field text)" > "$OUT/text.txt"
    ok

    """

    /// Every regular file under `dir` that contains `needle`.
    static func files(under dir: String, containing needle: String) -> [String] {
        guard let e = FileManager.default.enumerator(atPath: dir) else { return [] }
        var hits: [String] = []
        while let rel = e.nextObject() as? String {
            if let data = FileManager.default.contents(atPath: dir + "/" + rel), data.range(of: Data(needle.utf8)) != nil {
                hits.append(rel)
            }
        }
        return hits
    }

    @Test(.enabled(if: LadderBinary.available, "the ladder executable is not built beside the tests"))
    func engineSeesOnlyNamedVariablesAndNoValueReachesTheStoreOrTheKey() throws {
        let t = try TestLadder()
        defer { t.remove() }
        try t.write("l.yaml", Self.yaml)
        try t.script("dump.sh", Self.dump)
        let secret = "s3cret-\(UUID().uuidString)"
        let named = "named-\(UUID().uuidString)"
        let first = try LadderBinary.run(["run", "l.yaml"], in: t.dir, tag: "one",
                                         environment: ["NAMED_VAR": named, "LADDER_TEST_SECRET": secret])
        #expect(first.status == 0, "\(first.stderr)")

        let log = try LadderBinary.run(["log", "c[w=a].dump"], in: t.dir, tag: "log").stdout
        #expect(log.contains("NAMED_VAR=\(named)"))
        #expect(log.contains("PATH="))
        #expect(!log.contains("LADDER_TEST_SECRET"))
        let names = log.split(separator: "\n").compactMap { $0.split(separator: "=").first.map(String.init) }
        let allowed: Set<String> = ["PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "PYTHONPATH", "CUDA_VISIBLE_DEVICES", "PYTHONUNBUFFERED", "NAMED_VAR", "PWD", "SHLVL", "_", "OLDPWD"]
        #expect(names.dropFirst().filter { !allowed.contains($0) }.isEmpty, "unexpected variables: \(names)")
        #expect(Self.files(under: t.storePath, containing: secret).isEmpty)

        // A different value of a named variable is not a different step.
        let second = try LadderBinary.run(["run", "l.yaml", "--json"], in: t.dir, tag: "two",
                                          environment: ["NAMED_VAR": "other"])
        #expect(try Value.parseJSON(Data(second.stdout.utf8))["reused"]?.intValue == 1)
    }

    @Test func parametersReachTheEngineLiterallyAndAreNeverRunByAShell() throws {
        let t = try TestLadder()
        defer { t.remove() }
        try t.write("l.yaml", Self.yaml)
        try t.script("dump.sh", Self.dump)
        let s = try t.run()
        #expect(s.labels("executed") == ["c[w=a].dump"])
        #expect(!FileManager.default.fileExists(atPath: t.url("pwned").path))
        let key = try #require(s.line("c[w=a].dump")?.key)
        let store = try t.openShared()
        let out = try #require(try store.database.outputs(stepKey: key)["out"])
        let text = try String(contentsOf: store.objects.unverifiedPath(of: out).appendingPathComponent("text.txt"), encoding: .utf8)
        #expect(text == "$(touch pwned); echo a\n")
    }
}

import Foundation
import LadderCore
import LadderRun
import LadderSlurm
import LadderStore

/// A ladder in a fresh directory with its store at `runs/`, and the built
/// `ladder` binary that jobs run (`exec-step`).
struct SlurmTestLadder {
    let dir: URL

    init(_ yaml: String) throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("ladder-slurmtests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try write("l.yaml", yaml)
    }

    static let binary: String? = {
        if let b = ProcessInfo.processInfo.environment["LADDER_BINARY"], FileManager.default.isExecutableFile(atPath: b) { return b }
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var candidates = [repo.appendingPathComponent(".build/debug/ladder").path]
        if let exe = Bundle.main.executableURL { candidates.append(exe.deletingLastPathComponent().appendingPathComponent("ladder").path) }
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("ladder").path)
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    func url(_ relative: String) -> URL { dir.appendingPathComponent(relative) }
    func path(_ store: String = "runs") -> String { url(store).path }

    func write(_ relative: String, _ text: String) throws {
        let u = url(relative)
        try FileManager.default.createDirectory(at: u.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: u)
    }

    func lines(_ relative: String) -> [String] {
        ((try? String(contentsOf: url(relative), encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    /// Runs the ladder in-process; `client` nil runs it on this machine.
    func run(store: String = "runs", client: FakeSlurm?, interrupt: Interrupt = Interrupt(), detach: Bool = false,
             keepGoing: Bool = false) throws -> RunSummary {
        var o = RunOptions()
        o.store = path(store)
        o.jobs = 2
        o.detach = detach
        o.keepGoing = keepGoing
        let factory = client.map { SlurmExecutor.factory(pollSeconds: 0.1, ladderBinary: Self.binary, client: $0) }
        return try RunService(progress: Progress(quiet: true, isTTY: false), interrupt: interrupt, executor: factory)
            .run(ladderPath: url("l.yaml").path, options: o)
    }

    /// Label → stored output tree.
    func outputs(_ summary: RunSummary, store: String = "runs") throws -> [String: URL] {
        let opened = try Store.open(at: url(store), access: .shared)
        var out: [String: URL] = [:]
        for s in summary.steps {
            if let h = try opened.database.outputs(stepKey: s.key)["out"] { out[s.label] = opened.objects.unverifiedPath(of: h) }
        }
        return out
    }

    func remove() {
        if let e = FileManager.default.enumerator(atPath: dir.path) {
            while let rel = e.nextObject() as? String { chmod(dir.appendingPathComponent(rel).path, 0o755) }
        }
        try? FileManager.default.removeItem(at: dir)
    }

    /// Byte-for-byte comparison of two trees: the first difference, or nil.
    static func firstDifference(_ a: URL, _ b: URL) -> String? {
        let fm = FileManager.default
        let ea = (fm.enumerator(atPath: a.path)?.allObjects as? [String] ?? []).sorted()
        let eb = (fm.enumerator(atPath: b.path)?.allObjects as? [String] ?? []).sorted()
        if ea != eb { return "different entries: \(Set(ea).symmetricDifference(eb).sorted().prefix(3))" }
        if ea.isEmpty { return fm.contents(atPath: a.path) == fm.contents(atPath: b.path) ? nil : "file bytes differ" }
        for rel in ea where fm.contents(atPath: a.appendingPathComponent(rel).path) != fm.contents(atPath: b.appendingPathComponent(rel).path) {
            return "\(rel): bytes differ"
        }
        return nil
    }

    /// Python modules for the subset and transpile engines: functions, classes,
    /// loops, branches and strings, each module distinct.
    static func corpus(files: Int) -> String {
        let names = ["amber", "birch", "cedar", "dune", "ember", "fjord", "grove", "heath", "inlet", "jade"]
        var out = ""
        for i in 0..<files {
            let a = names[i % names.count], b = names[(i * 3 + 1) % names.count]
            var code = "\"\"\"Tools for \(a) \(i).\"\"\"\nimport sys\n\n\n"
            code += "def \(a)_\(i)(values, scale=\(i % 5 + 1)):\n    # keep the \(b) values above the floor\n    out = []\n"
            code += "    for v in values:\n        if v is None:\n            continue\n        elif v > \(i * 7):\n"
            code += "            out.append(v * scale)\n        else:\n            out.append(v - \(i))\n    return out\n\n\n"
            code += "class \(b.capitalized)\(i):\n    def __init__(self, name=\"\(a)-\(i)\"):\n        self.name = name\n        self.total = \(i)\n\n"
            code += "    def add(self, n):\n        while n > 0:\n            self.total += n\n            n -= 1\n        return self.total\n\n\n"
            code += "if __name__ == \"__main__\":\n    print(\(a)_\(i)([\(i), None, \(i + 2)]), file=sys.stderr)\n"
            let row: Value = .object(["path": .string("pkg/m\(i).py"), "content": .string(code), "license": .string("MIT"),
                                      "repo": .string("example/r\(i % 2)")])
            out += row.canonicalJSON + "\n"
        }
        return out
    }

    /// subset → (transpile) → ngram-train for en and ur: four steps of three built-in engines.
    static let builtinYAML = """
    ladder: slurm-mini
    axes:
      lang: [en, ur]
      tier: {s: 12}
      seed: [1]
    sources:
      corpus: {path: corpus.jsonl}
    engines:
      subset:    {use: subset}
      transpile: {use: transpile}
      train:     {use: ngram-train, settings: {order: 3, max_chars: 4000}}
    steps:
      subset:
        engine: subset
        inputs: {corpus: source.corpus}
        params: {size: "${tier.value}", seed: 42, algorithm: cpython-random-sample, validation: 0.1,
                 filters: {license: null, min_stars: null}}
      transpile: {engine: transpile, inputs: {files: previous}, params: {lang: "${lang}"}}
      train: {engine: train, inputs: {data: previous}, params: {seed: "${seed}"}}
    conditions:
      c1: {cells: {lang: [en], tier: [s], seed: [1]}, pipeline: [subset, train]}
      c2: {cells: {lang: [ur], tier: [s], seed: [1]}, pipeline: [subset, transpile, train]}

    """

    /// Three independent shell steps that log each execution and wait for the file `go`.
    static func waitingYAML(dir: URL, extra: String = "") -> String {
        let d = dir.path
        let script = "echo \"$WORD\" >> '\(d)/execs.log'; while [ ! -f '\(d)/go' ]; do sleep 0.1; done; echo \"$WORD\" > \"$OUT/w.txt\""
        return """
        ladder: waits
        axes: {w: [a, b, c]}
        steps:
          s:
            engine: shell
            params: {argv: [sh, -c, \(Value.string("WORD=${w}; " + script).canonicalJSON)]}
        \(extra)
        conditions: {c: {cells: {w: [a, b, c]}, pipeline: [s]}}

        """
    }
}

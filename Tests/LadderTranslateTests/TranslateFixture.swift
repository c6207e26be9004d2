import Foundation
import LadderCore
import LadderEngines
import LadderPython
import LadderSpec

/// Small datasets, requests and runs of the translate engine for the tests.
struct TranslateFixture {
    let dir: URL

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("translate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    func remove() {
        if let e = FileManager.default.enumerator(atPath: dir.path) {
            while let rel = e.nextObject() as? String { chmod(dir.appendingPathComponent(rel).path, 0o755) }
        }
        try? FileManager.default.removeItem(at: dir)
    }

    /// Three English files, transpiled into `lang` with the built-in pack (as the transpile step would).
    static func sources(_ n: Int = 3) -> [(String, String)] {
        let all: [(String, String)] = [
            ("pkg/read.py", "#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\n\"\"\"Read a file.\"\"\"\nimport os\n\n\ndef read_file(path, size=10):\n    # open the file\n    name = os.path.join(path, 'data.txt')\n    with open(name) as handle:\n        return handle.read(size)\n"),
            ("pkg/count.py", "class Counter:\n    \"\"\"Count words.\"\"\"\n\n    def __init__(self):\n        self.total = 0\n\n    def add(self, word):\n        # one more word\n        self.total += len(word)\n        return f\"{word} counted\"\n"),
            ("pkg/main.py", "from pkg.count import Counter\n\n\ndef main(words):\n    counter = Counter()\n    for word in words:\n        counter.add(word)\n    print(\"total:\", counter.total)\n    return counter.total\n"),
            ("pkg/table.py", "# a table of values\nvalues = {'first': 1, 'last': 2}\n\n\ndef lookup(key):\n    return values.get(key, None)\n"),
            ("pkg/path.py", "import sys\n\n\ndef show(line):\n    \"\"\"Print one line.\"\"\"\n    sys.stdout.write(line + '\\n')\n"),
        ]
        return Array(all.prefix(n))
    }

    /// A dataset directory (manifest + files) of the sources transpiled into `lang`.
    func dataset(lang: String = "es", files: [(String, String)] = TranslateFixture.sources()) throws -> URL {
        let out = dir.appendingPathComponent("ds-\(UUID().uuidString)")
        let transpiler = Transpiler(pack: try LanguagePack.builtin(lang))
        var rows: [[String: Value]] = []
        for (i, (path, text)) in files.enumerated() {
            let outcome = transpiler.transpile(source: Array(text.utf8), path: path)
            let bytes = outcome.output ?? Array(text.utf8)
            let (filename, sha) = try DatasetDirectory.writeFile(bytes, into: out)
            rows.append(["file_path": .string(path), "filename": .string(filename), "sha256": .string(sha),
                         "split": .string("train"), "idx": .int(i)])
        }
        try DatasetDirectory.writeManifest(rows, into: out)
        return out
    }

    /// A request as the runner builds it; `state` is kept between calls so a second request resumes.
    func request(_ params: [String: Value], files: URL, only: [String]? = nil, state: URL? = nil) throws -> EngineRequest {
        let out = dir.appendingPathComponent("out-\(UUID().uuidString)")
        let scratch = dir.appendingPathComponent("scratch-\(UUID().uuidString)")
        let st = state ?? dir.appendingPathComponent("state")
        for d in [out, scratch, st] { try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true) }
        var inputs = ["files": EngineInput(kind: "step", paths: [files.path], hashes: [""])]
        if let only { inputs["only"] = EngineInput(kind: "items", paths: [], hashes: [""], items: only.sorted()) }
        return EngineRequest(step: "k", planKey: "p", engine: "translate", params: params, inputs: inputs, outputDir: out.path,
                             scratchDir: scratch.path, stateDir: st.path,
                             resultPath: dir.appendingPathComponent("result-\(UUID().uuidString).json").path,
                             seed: nil, resources: Resources(), ladderDir: dir.path)
    }

    /// Params for the fake server's OpenAI-compatible endpoint, fast pacing.
    static func openAI(_ server: FakeLLMServer, keyVariable: String, _ extra: [String: Value] = [:]) -> [String: Value] {
        var p: [String: Value] = ["lang": .string("es"), "provider": .string("openai"), "model": .string("test-model"),
                                  "endpoint": .string(server.openAIURL), "api_key_env": .string(keyVariable),
                                  "requests_per_minute": .int(60000), "timeout_seconds": .double(2), "backoff_seconds": .double(0.01),
                                  "compile_check": .string("auto")]
        for (k, v) in extra { p[k] = v }
        return p
    }

    /// The engine's outcome: its result, or the failure it threw with the partial result it wrote.
    struct Outcome {
        var result: EngineResult?
        var exitStatus: Int32?
        var reason: String?
        var partial: EngineResult?
        var items: [ItemRecord] { result?.items ?? partial?.items ?? [] }
    }

    func run(_ request: EngineRequest, log: URL? = nil) -> Outcome {
        let context = EngineContext(logURL: log)
        do {
            return Outcome(result: try TranslateEngine().run(request, context: context))
        } catch let f as EngineFailure {
            var status: Int32?
            if case .exited(let s, _) = f { status = s }
            return Outcome(exitStatus: status, reason: f.description,
                           partial: try? EngineResult.read(from: URL(fileURLWithPath: request.resultPath)))
        } catch {
            return Outcome(reason: "\(error)")
        }
    }

    /// Every file under `root`, as bytes (outputs, state, logs, the database).
    static func allBytes(under root: URL) -> [(String, Data)] {
        var out: [(String, Data)] = []
        if let e = FileManager.default.enumerator(atPath: root.path) {
            while let rel = e.nextObject() as? String {
                let u = root.appendingPathComponent(rel)
                var isDir: ObjCBool = false
                if FileManager.default.fileExists(atPath: u.path, isDirectory: &isDir), !isDir.boolValue,
                   let d = FileManager.default.contents(atPath: u.path) { out.append((rel, d)) }
            }
        }
        return out
    }
}

/// A unique environment variable holding a fake API key, set for the test process.
struct TestKey {
    let variable = "LADDER_TEST_KEY_\(UUID().uuidString.replacingOccurrences(of: "-", with: ""))"
    let value = "sk-test-\(UUID().uuidString)-SECRET"

    init() { setenv(variable, value, 1) }
}

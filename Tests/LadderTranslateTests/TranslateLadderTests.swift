import Foundation
import LadderCore
import LadderEngines
import LadderRun
import LadderStore
import Testing

/// The translate engine inside `ladder run`: key ingredients (docs/keys.md),
/// derived allowlists, the runner's retries and resume, and the API key kept
/// out of the store.
@Suite(.serialized)
struct TranslateLadderTests {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("translate-ladder-\(UUID().uuidString)")

    /// subset → transpile → translate → a shell step listing the dataset, for zh/es/ur;
    /// zh and es translate only what ur translated (`items_of`).
    func write(translate settings: String, extraWhere: String = "") throws -> String {
        let corpus = dir.appendingPathComponent("corpus")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        let files = [
            "def read_file(path):\n    # read the file\n    return open(path).read()\n",
            "def count_words(text):\n    \"\"\"Count the words.\"\"\"\n    return len(text.split())\n",
            "class Table:\n    def first_row(self, rows):\n        return rows[0]\n",
            "def big(value):\n    # a much longer file than the others, with more words in it to translate\n    return [value, value, value, value, value]\n",
        ]
        for (i, text) in files.enumerated() {
            try text.write(to: corpus.appendingPathComponent("m\(i).py"), atomically: true, encoding: .utf8)
        }
        try #"{"format": "ladder-glossary/1", "name": "t", "version": "1", "languages": {"es": {"file": "archivo", "words": "palabras", "row": "fila", "read": "leer"}, "zh": {"file": "文件", "words": "单词", "row": "行", "read": "读取"}, "ur": {"file": "فائل", "words": "الفاظ", "row": "قطار", "read": "پڑھنا"}}}"#
            .write(to: dir.appendingPathComponent("glossary.json"), atomically: true, encoding: .utf8)
        let ladder = """
        ladder: tr
        axes: {lang: [zh, es, ur]}
        sources: {code: {path: corpus}}
        engines:
          translate: {use: translate, settings: \(settings)}
        steps:
          subset: {engine: subset, inputs: {corpus: source.code}, params: {size: 4, seed: 1, validation: 0.0, filters: {license: null, min_stars: null, lines: null, near_dedup: null}}}
          transpile: {engine: transpile, inputs: {files: previous}, params: {lang: "${lang}"}}
          translate: {engine: translate, inputs: {files: previous}, params: {lang: "${lang}"}}
          count: {engine: shell, inputs: {files: previous}, params: {argv: [sh, -c, "cat $IN_FILES/manifest.jsonl > $OUT/listing.txt"]}}
        conditions:
          c5:
            cells: {lang: [zh, es, ur]}
            pipeline: [subset, transpile, translate, count]
            where:
              - match: {lang: [zh, es]}
                translate: {inputs: {only: {items_of: "c5[lang=ur].translate", status: ok}}}
        \(extraWhere)
        """
        let path = dir.appendingPathComponent("tr.yaml").path
        try ladder.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @discardableResult
    func run(_ ladder: String) throws -> RunSummary {
        var o = RunOptions()
        o.store = dir.appendingPathComponent("runs").path
        o.jobs = 2
        return try RunService(progress: Progress(quiet: true)).run(ladderPath: ladder, options: o)
    }

    func executed(_ s: RunSummary) -> Set<String> { Set(s.steps.filter { $0.outcome == "executed" }.map(\.label)) }

    func store() throws -> Store { try Store.open(at: dir.appendingPathComponent("runs"), access: .shared) }

    func remove() {
        if let e = FileManager.default.enumerator(atPath: dir.path) {
            while let rel = e.nextObject() as? String { chmod(dir.appendingPathComponent(rel).path, 0o755) }
        }
        try? FileManager.default.removeItem(at: dir)
    }

    static let translates: Set<String> = ["c5[lang=zh].translate", "c5[lang=es].translate", "c5[lang=ur].translate"]
    static let counts: Set<String> = ["c5[lang=zh].count", "c5[lang=es].count", "c5[lang=ur].count"]

    @Test func editingTheGlossaryRerunsExactlyTheTranslateStepsAndTheirDependents() throws {
        defer { remove() }
        let ladder = try write(translate: "{provider: glossary, glossary: glossary.json}")
        let first = try run(ladder)
        #expect(first.failed == 0)
        #expect(executed(try run(ladder)).isEmpty)
        let g = dir.appendingPathComponent("glossary.json")
        let text = try String(contentsOf: g, encoding: .utf8)
        try text.replacingOccurrences(of: "\"archivo\"", with: "\"fichero\"").replacingOccurrences(of: "\"文件\"", with: "\"档案\"")
            .replacingOccurrences(of: "\"فائل\"", with: "\"مسل\"").write(to: g, atomically: true, encoding: .utf8)
        let second = try run(ladder)
        #expect(second.failed == 0)
        #expect(executed(second) == Self.translates.union(Self.counts))
        #expect(second.steps.filter { $0.label.hasSuffix(".subset") || $0.label.hasSuffix(".transpile") }.allSatisfy { $0.outcome == "reused" })
    }

    @Test func editingThePromptTemplateRerunsExactlyTheTranslateStepsAndTheirDependents() throws {
        defer { remove() }
        let server = try FakeLLMServer(); defer { server.stop() }
        let key = TestKey()
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let template = Self.builtinTemplate()
        try template.write(to: dir.appendingPathComponent("prompt.json"), atomically: true, encoding: .utf8)
        let ladder = try write(translate: "{provider: openai, model: m, endpoint: \"\(server.openAIURL)\", api_key_env: \(key.variable), prompt_template: prompt.json, requests_per_minute: 60000}")
        #expect(try run(ladder).failed == 0)
        let before = server.requests.count
        try template.replacingOccurrences(of: "You translate the English", with: "You carefully translate the English")
            .write(to: dir.appendingPathComponent("prompt.json"), atomically: true, encoding: .utf8)
        let second = try run(ladder)
        #expect(second.failed == 0)
        // translate.json names the template's hash, so the datasets change and their readers run.
        #expect(executed(second) == Self.translates.union(Self.counts))
        #expect(second.steps.filter { $0.label.hasSuffix(".subset") || $0.label.hasSuffix(".transpile") }.allSatisfy { $0.outcome == "reused" })
        #expect(server.requests.count > before)
        #expect(server.requests.suffix(from: before).allSatisfy { $0.body.contains("You carefully translate") })
    }

    @Test func zhAndEsTranslateOnlyWhatUrTranslatedWell() throws {
        defer { remove() }
        let ladder = try write(translate: "{provider: glossary, glossary: glossary.json}", extraWhere: """
              - match: {lang: [ur]}
                translate: {params: {max_bytes: 100}}
        """)
        let s = try run(ladder)
        #expect(s.failed == 0)
        let st = try store()
        let ur = try #require(s.line("c5[lang=ur].translate")?.key)
        let zh = try #require(s.line("c5[lang=zh].translate")?.key)
        let urOK = Set(try st.database.ledger(stepKey: ur, status: "ok").map(\.itemID))
        let urSkipped = try st.database.ledger(stepKey: ur, status: "skipped")
        #expect(urOK.count == 3 && urSkipped.count == 1 && urSkipped[0].error?.hasPrefix("too-large") == true)
        #expect(Set(try st.database.ledger(stepKey: zh, status: "ok").map(\.itemID)) == urOK)
        let zhSkipped = try st.database.ledger(stepKey: zh, status: "skipped")
        #expect(zhSkipped.map(\.error) == ["not-allowed: not in the allowlist"])
    }

    @Test func theRunnersRetryResumesTheStepAndTheKeyIsNowhereInTheStore() throws {
        defer { remove() }
        let server = try FakeLLMServer(); defer { server.stop() }
        let key = TestKey()
        // One item's calls fail twice (its retries run out: exit 75); the runner's retry resumes it.
        server.inject([.echoAuthorization, .serverError])
        let ladder = try write(translate: "{provider: openai, model: m, endpoint: \"\(server.openAIURL)\", api_key_env: \(key.variable), requests_per_minute: 60000, max_retries: 1, backoff_seconds: 0.01}")
        var text = try String(contentsOfFile: ladder, encoding: .utf8)
        text = text.replacingOccurrences(of: "settings: {provider: openai", with: "retry: {attempts: 2, on_exit: [75], backoff: 1s}, settings: {provider: openai")
        try text.write(toFile: ladder, atomically: true, encoding: .utf8)
        let s = try run(ladder)
        #expect(s.failed == 0)
        let st = try store()
        let firstTranslate = try #require(s.steps.first { $0.label.hasSuffix("[lang=ur].translate") }?.key)
        let attempts = try st.database.attempts(stepKey: firstTranslate)
        #expect(attempts.map(\.exitStatus) == [75, nil])
        let rows = try st.database.ledger(stepKey: firstTranslate)
        #expect(rows.count == 4 && rows.allSatisfy { $0.status == "ok" })
        #expect(rows.filter { $0.attempts == 2 }.count == 1)                   // only the failed item was reported twice
        #expect(server.answersPerBody.values.allSatisfy { $0 == 1 })
        #expect(server.requests.allSatisfy { $0.authorization == "Bearer \(key.value)" })
        // Nothing the run wrote — objects, logs, the database and its journal, views — holds the key.
        let files = TranslateFixture.allBytes(under: dir)
        #expect(files.contains { $0.0.hasSuffix("state.sqlite") || $0.0.contains(".sqlite") })
        for (path, bytes) in files {
            #expect(bytes.range(of: Data(key.value.utf8)) == nil, "\(path) holds the API key")
        }
    }

    static func builtinTemplate() -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/LadderTranslate/Prompts/translate-v1.json")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }
}

extension RunSummary {
    func line(_ label: String) -> StepLine? { steps.first { $0.label == label } }
}

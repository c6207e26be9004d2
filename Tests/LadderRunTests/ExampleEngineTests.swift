import Foundation
import Testing
import LadderCore
import LadderRun
import LadderStore

/// The Python example engine of docs/engines.md (engines/examples/word_count.py),
/// run through `ladder run` as a ladder author would.
@Suite struct ExampleEngineTests {
    static let script = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("engines/examples/word_count.py")

    /// python3 on PATH, where the engine (which inherits PATH) will look for it.
    static let python: Bool = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        .split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/python3") }

    static func ladder(extra: String = "") -> String {
        """
        ladder: wc
        axes: {m: [1, 4]}
        sources:
          texts: {path: texts}
        engines:
          wc: {run: [python3, word_count.py], files: [word_count.py]\(extra)}
        steps:
          count: {engine: wc, inputs: {texts: source.texts}, params: {min_length: "${m}"}}
        conditions:
          c: {cells: {m: [1, 4]}, pipeline: [count]}

        """
    }

    /// The engine copied beside the ladder, three UTF-8 files and one that is not.
    static func create(extra: String = "") throws -> TestLadder {
        let t = try TestLadder()
        try t.write("l.yaml", ladder(extra: extra))
        try FileManager.default.copyItem(at: script, to: t.url("word_count.py"))
        try t.write("texts/a.txt", "The cat and the hat.\n")
        try t.write("texts/b.txt", "Dogs bark; cats purr.\n")
        try t.write("texts/sub/c.txt", "Words words WORDS everywhere\n")
        try Data([0x66, 0x6f, 0xff, 0xfe, 0x0a]).write(to: t.url("texts/bad.bin"))
        return t
    }

    static func output(_ store: Store, _ key: String, _ file: String) throws -> Value {
        let out = try #require(try store.database.outputs(stepKey: key)["out"])
        return try Value.parseJSON(try Data(contentsOf: store.objects.unverifiedPath(of: out).appendingPathComponent(file)))
    }

    @Test(.enabled(if: python, "python3 is not installed"))
    func wordCountRunsThroughLadderRunWithItemsMetricsAndLog() throws {
        #expect(FileManager.default.fileExists(atPath: Self.script.path), "missing \(Self.script.path)")
        let t = try Self.create()
        defer { t.remove() }
        let s = try t.run()
        #expect(s.labels("executed") == ["c[m=1].count", "c[m=4].count"], "\(s.text)")

        let store = try t.openShared()
        let key = try #require(s.line("c[m=1].count")?.key)
        let summary = try Self.output(store, key, "summary.json")
        #expect(summary["files"]?.intValue == 3)
        #expect(summary["words"]?.intValue == 5 + 4 + 4)
        #expect(try Self.output(store, key, "counts/sub/c.txt.json")["words"]?.intValue == 4)
        // min_length 4 keeps "dogs", "bark", "cats", "purr", "words" x3, "everywhere".
        #expect(try Self.output(store, try #require(s.line("c[m=4].count")?.key), "summary.json")["words"]?.intValue == 8)

        let ledger = try store.database.ledger(stepKey: key)
        #expect(ledger.map(\.itemID) == ["a.txt", "b.txt", "bad.bin", "sub/c.txt"])
        #expect(ledger.map(\.status) == ["ok", "ok", "failed", "ok"])
        #expect(ledger[2].error?.contains("UnicodeDecodeError") == true)
        let extra = try Value.parseJSON(Data((ledger[0].extraJSON ?? "").utf8))
        #expect(extra["output"]?.stringValue == "counts/a.txt.json")
        #expect(extra["words"]?.intValue == 5)
        #expect(try store.database.metrics(keys: [key])[key] == ["files": "3", "failed": "1", "words": "13"])
        #expect(try RunQueries(store: store).log("c[m=1].count").contains("counted 13 words in 3 files"))

        #expect(try t.run().labels("reused").count == 2)
    }

    @Test(.enabled(if: python && LadderBinary.available, "python3 or the ladder executable is missing"))
    func preemptedAttemptResumesItemByItemAndEndsWhereAnUninterruptedRunDoes() throws {
        let t = try Self.create(extra: ", env: [WORD_COUNT_STOP_AFTER], retry: {attempts: 3, on_exit: [75]}")
        defer { t.remove() }
        let r = try LadderBinary.run(["run", "l.yaml", "--only", "m=1"], in: t.dir, environment: ["WORD_COUNT_STOP_AFTER": "2"])
        #expect(r.status == 0, "\(r.stderr)")

        let fresh = try Self.create(extra: ", env: [WORD_COUNT_STOP_AFTER], retry: {attempts: 3, on_exit: [75]}")
        defer { fresh.remove() }
        let uninterrupted = try fresh.run(only: "m=1")
        let key = try #require(uninterrupted.line("c[m=1].count")?.key)

        let store = try t.openShared()
        let attempts = try store.database.attempts(stepKey: key)
        #expect(attempts.map(\.status) == [.failed, .succeeded])
        #expect(attempts.first?.exitStatus == 75)
        #expect(try RunQueries(store: store).log(String(key.prefix(12))).contains("(2 this attempt, 1 failed)"))
        let ledger = try store.database.ledger(stepKey: key)
        #expect(ledger.map(\.attempts) == [1, 1, 1, 1], "an item was counted twice")
        #expect(try store.database.outputs(stepKey: key) == (try fresh.openShared().database.outputs(stepKey: key)))
    }
}

import Foundation
import LadderCore
import LadderEngines
import LadderPython
@testable import LadderTranslate
import Testing

/// The translate engine against a local server speaking both providers'
/// shapes, with faults injected: retries, breakers, ledger rows, exact resume,
/// and the API key only ever in the Authorization header.
@Suite struct ProviderFaultTests {
    func outputFiles(_ dir: String) -> [String: Data] {
        Dictionary(uniqueKeysWithValues: TranslateFixture.allBytes(under: URL(fileURLWithPath: dir)).map { ($0.0, $0.1) })
    }

    func extra(_ item: ItemRecord) -> [String: Value] { item.extra?.objectValue ?? [:] }

    /// The statuses of the output's `ledger.jsonl`, in dataset order.
    func ledgerStatuses(_ req: EngineRequest) throws -> [String] {
        try String(contentsOfFile: req.outputDir + "/ledger.jsonl", encoding: .utf8).split(separator: "\n")
            .map { try Value.parseJSON(Data($0.utf8))["status"]?.stringValue ?? "" }
    }

    @Test func openAICompatibleEndpointTranslatesEveryFileIntoADatasetWithALedgerRowEach() throws {
        let f = try TranslateFixture(); defer { f.remove() }
        let server = try FakeLLMServer(); defer { server.stop() }
        let key = TestKey()
        let ds = try f.dataset()
        let req = try f.request(TranslateFixture.openAI(server, keyVariable: key.variable), files: ds)
        let r = f.run(req)
        let result = try #require(r.result, "\(r.reason ?? "")")
        #expect(result.items.map(\.status) == ["ok", "ok", "ok"])
        let out = try DatasetDirectory.read(URL(fileURLWithPath: req.outputDir))
        #expect(out.rows.count == 3)
        let read = String(decoding: try out.content(of: out.rows[0]), as: UTF8.self)
        #expect(read.contains("read_file_es(path_es, size_es=10)"))      // one mapping, every use
        #expect(read.contains("os.path.join(path_es"))                   // the imported module's attribute is kept
        #expect(read.contains("# es: open the file"))
        #expect(read.contains("\"\"\"es: Read a file.\"\"\""))
        #expect(read.hasPrefix("#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\n"))
        let row = extra(result.items[0])
        #expect(row["validation"]?.stringValue == (PythonAvailable.yes ? "passed" : "tokenized"))
        #expect((row["input_tokens"]?.intValue ?? 0) > 0 && row["latency_ms"] != nil && row["http_attempts"]?.intValue == row["calls"]?.intValue)
        // The ledger file in the output has no timing; one row per file.
        let ledger = try String(contentsOfFile: req.outputDir + "/ledger.jsonl", encoding: .utf8)
        #expect(ledger.split(separator: "\n").count == 3 && !ledger.contains("latency") && !ledger.contains("http_attempts"))
        let summary = try Value.parseJSON(Data(contentsOf: URL(fileURLWithPath: req.outputDir + "/translate.json")))
        #expect(summary["counts"]?["ok"] == .int(3) && summary["resources"]?["prompt_template"]?["name"] == .string("translate-v1"))
        // The key went only into the Authorization header.
        #expect(server.requests.allSatisfy { $0.authorization == "Bearer \(key.value)" && !$0.body.contains(key.value) })
        #expect(server.requests.allSatisfy { $0.path == "/v1/chat/completions" })

        // Deterministic: a fresh state directory and the same answers give the same bytes.
        let again = try f.request(TranslateFixture.openAI(server, keyVariable: key.variable), files: ds,
                                  state: f.dir.appendingPathComponent("state-2"))
        _ = try #require(f.run(again).result)
        #expect(outputFiles(req.outputDir) == outputFiles(again.outputDir))
    }

    @Test func callsArePacedAndConcurrentWorkersGiveTheSameOutput() throws {
        let f = try TranslateFixture(); defer { f.remove() }
        let server = try FakeLLMServer(); defer { server.stop() }
        server.latency = 0.05
        let key = TestKey()
        let ds = try f.dataset(files: TranslateFixture.sources(5))
        // 600 a minute: starts at least 0.1 s apart, whatever the concurrency.
        let paced = try f.request(TranslateFixture.openAI(server, keyVariable: key.variable, ["requests_per_minute": .int(600),
                                                                                              "concurrency": .int(3)]), files: ds)
        _ = try #require(f.run(paced).result)
        let starts = server.requests.map(\.at).sorted()
        #expect(starts.count >= 10)
        // Arrival times carry the server's own scheduling delay, so one late arrival can sit
        // close to the next; the k-th call still cannot arrive before the first's start plus
        // k intervals. The 0.05 s allows for the first arrival's own delay; unpaced calls
        // (three at once) would arrive within a few milliseconds and fail this.
        for (k, at) in starts.enumerated().dropFirst() {
            #expect(at.timeIntervalSince(starts[0]) > Double(k) * 0.1 - 0.05, "call \(k) arrived too early")
        }
        let serial = try f.request(TranslateFixture.openAI(server, keyVariable: key.variable), files: ds,
                                   state: f.dir.appendingPathComponent("state-serial"))
        _ = try #require(f.run(serial).result)
        #expect(outputFiles(paced.outputDir) == outputFiles(serial.outputDir))
    }

    @Test func cohereV2ShapesAndBilledTokens() throws {
        let f = try TranslateFixture(); defer { f.remove() }
        let server = try FakeLLMServer(); defer { server.stop() }
        server.tokensPerCall = (100, 20)
        let key = TestKey()
        let ds = try f.dataset(lang: "ur", files: Array(TranslateFixture.sources(1)))
        var p = TranslateFixture.openAI(server, keyVariable: key.variable, ["provider": .string("cohere"), "lang": .string("ur"),
                                                                               "endpoint": .string(server.cohereURL),
                                                                               "price_input_per_million": .int(1000),
                                                                               "price_output_per_million": .int(2000)])
        p["top_p"] = .double(0.75)
        let req = try f.request(p, files: ds)
        let result = try #require(f.run(req).result)
        #expect(result.items.first?.status == "ok")
        let calls = server.requests
        #expect(calls.allSatisfy { $0.path == "/v2/chat" })
        let body = try Value.parseJSON(Data(calls[0].body.utf8))
        #expect(body["p"] == .double(0.75) && body["stream"] == .bool(false) && body["model"] == .string("test-model"))
        let row = extra(result.items[0])
        #expect(row["input_tokens"]?.intValue == 100 * calls.count)      // billed_units, not tokens
        #expect(abs((row["cost_usd"]?.doubleValue ?? 0) - Double(calls.count) * (100 * 1000 + 20 * 2000) / 1e6) < 1e-9)
        let out = try DatasetDirectory.read(URL(fileURLWithPath: req.outputDir))
        #expect(String(decoding: try out.content(of: out.rows[0]), as: UTF8.self).contains("read_file_ur"))
    }

    @Test func everyFaultIsRetriedAndRetryAfterIsHonoured() throws {
        let f = try TranslateFixture(); defer { f.remove() }
        let server = try FakeLLMServer(); defer { server.stop() }
        let key = TestKey()
        let ds = try f.dataset(files: [("a.py", "def f(value):\n    return value\n")])
        server.inject([.rateLimited(retryAfter: "2"), .serverError, .slow(2.5), .malformedJSON, .truncatedBody, .connectionReset])
        let req = try f.request(TranslateFixture.openAI(server, keyVariable: key.variable,
                                                        ["timeout_seconds": .double(1), "time_scale": .double(0.25), "max_retries": .int(6)]),
                                files: ds)
        let started = Date()
        let log = f.dir.appendingPathComponent("log.txt")
        let result = try #require(f.run(req, log: log).result)
        let elapsed = Date().timeIntervalSince(started)
        #expect(result.items.first?.status == "ok")
        let row = extra(result.items[0])
        #expect(row["retries"]?.intValue == 6 && row["http_attempts"]?.intValue == 7 && row["calls"]?.intValue == 1)
        #expect(elapsed >= 0.5 + 1.0)                   // Retry-After 2 s × time_scale 0.25, plus the 1 s time-out
        let text = try String(contentsOf: log, encoding: .utf8)
        for word in ["rate-limited", "server-error", "timeout", "malformed-response", "connection", "(Retry-After)"] {
            #expect(text.contains(word), "log lacks \(word)")
        }
    }

    @Test func retriesRunOutIntoExit75AndTheResumeRedoesOnlyThatItemPayingForNothingTwice() throws {
        let f = try TranslateFixture(); defer { f.remove() }
        let server = try FakeLLMServer(); defer { server.stop() }
        let key = TestKey()
        let ds = try f.dataset()
        server.always(.serverError, whenBodyContains: "Count words")       // count.py's docstring batch
        let params = TranslateFixture.openAI(server, keyVariable: key.variable, ["max_retries": .int(1)])
        let state = f.dir.appendingPathComponent("state-resume")
        let first = f.run(try f.request(params, files: ds, state: state))
        #expect(first.exitStatus == 75)
        #expect(first.reason?.contains("server-error: 1") == true)
        #expect(first.partial?.items.map(\.status) == ["ok", "failed", "ok"])
        #expect(first.partial?.items[1].error?.hasPrefix("server-error: HTTP 500") == true)

        server.always(nil, whenBodyContains: "Count words")
        var second = try f.request(params, files: ds, state: state)
        // What the runner hands a retry: the items the failed attempt reported as done.
        second.doneItems = (first.partial?.items ?? []).filter { $0.status == "ok" }.map(\.id)
        let result = try #require(f.run(second).result)
        #expect(try ledgerStatuses(second) == ["ok", "ok", "ok"])
        // Only the redone item is reported; the others keep their ledger rows.
        #expect(result.items.map(\.id) == ["pkg/count.py"] && extra(result.items[0])["resumed"] == .bool(false))

        // An attempt killed before it reported anything (SIGKILL) left its finished items only in the
        // engine's resume state: the next attempt reports them, so the step's ledger is whole.
        let afterKill = try f.request(params, files: ds, state: state)
        let reportedAll = try #require(f.run(afterKill).result)
        #expect(reportedAll.items.map(\.status) == ["ok", "ok", "ok"])
        #expect(server.answersPerBody.values.allSatisfy { $0 == 1 }, "reporting resumed items pays for nothing again")
        // No request was answered twice: every paid answer was kept and reused.
        #expect(server.answersPerBody.values.allSatisfy { $0 == 1 })

        // The resumed output is byte for byte an uninterrupted run's.
        let straight = try f.request(params, files: ds, state: f.dir.appendingPathComponent("state-straight"))
        _ = try #require(f.run(straight).result)
        #expect(outputFiles(second.outputDir) == outputFiles(straight.outputDir))
    }

    @Test func wallTimeBreakerStopsWithExit76DrainsInFlightCallsAndResumesWithoutPayingTwice() throws {
        let f = try TranslateFixture(); defer { f.remove() }
        let server = try FakeLLMServer(); defer { server.stop() }
        let key = TestKey()
        let ds = try f.dataset()
        server.latency = 0.3
        let state = f.dir.appendingPathComponent("state-wall")
        let params = TranslateFixture.openAI(server, keyVariable: key.variable, ["max_wall_seconds": .double(1.0)])
        let first = f.run(try f.request(params, files: ds, state: state))
        #expect(first.exitStatus == 76)
        #expect(first.reason?.contains("wall-time breaker") == true)
        let reached = first.partial?.items ?? []
        #expect(!reached.isEmpty && reached.count < 3)
        // The call in flight when the breaker tripped finished and was kept: its answer is in the cache.
        let answered = server.requests.filter(\.answered).count
        #expect(try ResponseCache(directory: state.appendingPathComponent("responses")).count == answered)

        server.latency = 0
        var relaxed = params
        relaxed["max_wall_seconds"] = nil
        var resumed = try f.request(relaxed, files: ds, state: state)
        resumed.doneItems = reached.filter { $0.status == "ok" }.map(\.id)   // what the runner hands a retry
        let result = try #require(f.run(resumed).result)
        #expect(try ledgerStatuses(resumed) == ["ok", "ok", "ok"])
        #expect(result.items.count + reached.filter { $0.status == "ok" }.count == 3)
        #expect(server.answersPerBody.values.allSatisfy { $0 == 1 })
    }

    @Test func spendBreakerStopsWithExit77AndADistinctReason() throws {
        let f = try TranslateFixture(); defer { f.remove() }
        let server = try FakeLLMServer(); defer { server.stop() }
        server.tokensPerCall = (1000, 1000)
        let key = TestKey()
        let ds = try f.dataset()
        // $0.002 a call; the budget allows two or three.
        let params = TranslateFixture.openAI(server, keyVariable: key.variable, ["price_input_per_million": .int(1),
                                                                                  "price_output_per_million": .int(1),
                                                                                  "budget_usd": .double(0.005)])
        let state = f.dir.appendingPathComponent("state-spend")
        let first = f.run(try f.request(params, files: ds, state: state))
        #expect(first.exitStatus == 77)
        #expect(first.reason?.contains("spend breaker") == true)
        #expect(server.requests.count == 3)
        #expect(first.partial?.metrics["spent_usd_total"]?.doubleValue.map { abs($0 - 0.006) < 1e-9 } == true)
        // A new run gets a new budget, and keeps what was paid for.
        let second = f.run(try f.request(params, files: ds, state: state))
        #expect(second.exitStatus == 77)
        #expect(server.answersPerBody.values.allSatisfy { $0 == 1 })
    }

    @Test func aRefusedKeyStopsEverythingWithExit78AndTheKeyIsRedactedFromEchoedErrors() throws {
        let f = try TranslateFixture(); defer { f.remove() }
        let server = try FakeLLMServer(); defer { server.stop() }
        let key = TestKey()
        let ds = try f.dataset()
        server.inject([.echoAuthorization, .unauthorized])
        let log = f.dir.appendingPathComponent("log.txt")
        let r = f.run(try f.request(TranslateFixture.openAI(server, keyVariable: key.variable), files: ds), log: log)
        #expect(r.exitStatus == 78)
        #expect(r.reason?.contains("refused the API key") == true && r.reason?.contains(key.variable) == true)
        #expect(server.requests.count == 2)
        // The echoed header was logged redacted; nothing written anywhere holds the key.
        #expect(try String(contentsOf: log, encoding: .utf8).contains("[redacted]"))
        for (path, bytes) in TranslateFixture.allBytes(under: f.dir) {
            #expect(!String(decoding: bytes, as: UTF8.self).contains(key.value), "\(path) holds the API key")
        }
    }

    @Test func aMissingKeyIsAClearErrorBeforeAnyCall() throws {
        let f = try TranslateFixture(); defer { f.remove() }
        let server = try FakeLLMServer(); defer { server.stop() }
        let r = f.run(try f.request(TranslateFixture.openAI(server, keyVariable: "LADDER_TEST_UNSET_KEY_VARIABLE"), files: try f.dataset()))
        #expect(r.reason?.contains("LADDER_TEST_UNSET_KEY_VARIABLE, which is not set") == true)
        #expect(server.requests.isEmpty)
    }

    @Test func rejectedAnswersAreAskedAgainUpToTheItemAttemptLimit() throws {
        let f = try TranslateFixture(); defer { f.remove() }
        let server = try FakeLLMServer(); defer { server.stop() }
        let key = TestKey()
        let ds = try f.dataset(files: [("a.py", "def f(value):\n    return value\n"), ("b.py", "def g(item):\n    return item\n")])
        server.always(.wrongCount, whenBodyContains: "[\\\"g\\\",\\\"item\\\"]")
        server.inject([.wrongCount])
        let result = try #require(f.run(try f.request(TranslateFixture.openAI(server, keyVariable: key.variable,
                                                                               ["item_attempts": .int(2), "on_transient": .string("accept")]),
                                                     files: ds)).result)
        #expect(result.items[0].status == "ok")                       // asked again after one wrong answer
        #expect(result.items[1].status == "failed")
        #expect(result.items[1].error?.hasPrefix("bad-answer: asked for 2 identifiers, the answer has 1") == true)
        #expect(server.requests.filter { $0.body.contains("[\\\"g\\\",\\\"item\\\"]") }.count == 2)
    }

    @Test func wholeFileModeReturnsTheFileAndReducesTheArtefact() throws {
        let f = try TranslateFixture(); defer { f.remove() }
        let server = try FakeLLMServer(); defer { server.stop() }
        let key = TestKey()
        let ds = try f.dataset(files: [("a.py", "def f(original_name_value_translated_name_valor):\n    return original_name_value_translated_name_valor\n")])
        let req = try f.request(TranslateFixture.openAI(server, keyVariable: key.variable, ["mode": .string("whole-file")]), files: ds)
        let result = try #require(f.run(req).result)
        #expect(extra(result.items[0])["artefacts"] == .int(2))
        let out = try DatasetDirectory.read(URL(fileURLWithPath: req.outputDir))
        let text = String(decoding: try out.content(of: out.rows[0]), as: UTF8.self)
        #expect(text.hasPrefix("# es\n") && text.contains("(valor):") && text.contains("retornar valor"))
    }

    @Test func segmentArtefactsAreReducedAndCounted() throws {
        let f = try TranslateFixture(); defer { f.remove() }
        let server = try FakeLLMServer(); defer { server.stop() }
        server.artefacts = true
        let key = TestKey()
        let req = try f.request(TranslateFixture.openAI(server, keyVariable: key.variable), files: try f.dataset(files: [("a.py", "x = 1\ny = x\n")]))
        let result = try #require(f.run(req).result)
        #expect(extra(result.items[0])["artefacts"] == .int(2))
        let out = try DatasetDirectory.read(URL(fileURLWithPath: req.outputDir))
        #expect(String(decoding: try out.content(of: out.rows[0]), as: UTF8.self).contains("y_es = x_es"))
    }

    @Test func invalidTranslationsAreExcludedOrKeptAsDeclaredAndCounted() throws {
        let f = try TranslateFixture(); defer { f.remove() }
        let server = try FakeLLMServer(); defer { server.stop() }
        let key = TestKey()
        server.always(.brokenCode, whenBodyContains: "broken-please")
        let ds = try f.dataset(files: [("a.py", "# broken-please\nx = 1\n"), ("b.py", "x = 1\n")])
        for (policy, status, included) in [("exclude", "failed", 1), ("keep", "ok", 2)] {
            let req = try f.request(TranslateFixture.openAI(server, keyVariable: key.variable, ["mode": .string("whole-file"),
                                                                                                 "on_invalid": .string(policy)]),
                                    files: ds, state: f.dir.appendingPathComponent("s-\(policy)"))
            let result = try #require(f.run(req).result)
            #expect(result.items[0].status == status)
            #expect(extra(result.items[0])["validation"] == .string("failed"))
            #expect(result.items[1].status == "ok")
            #expect(try DatasetDirectory.read(URL(fileURLWithPath: req.outputDir)).rows.count == included)
            #expect(result.metrics[policy == "exclude" ? "invalid_excluded" : "invalid_kept"] == .int(1))
        }
    }

    @Test func itemsOutsideTheAllowlistAreSkipped() throws {
        let f = try TranslateFixture(); defer { f.remove() }
        let glossary = f.dir.appendingPathComponent("g.json")
        try #"{"format": "ladder-glossary/1", "name": "t", "version": "1", "languages": {"zh": {"word": "单词"}}}"#
            .write(to: glossary, atomically: true, encoding: .utf8)
        let req = try f.request(["lang": .string("zh"), "provider": .string("glossary"), "glossary": .string("g.json")],
                                files: try f.dataset(lang: "zh"), only: ["pkg/count.py"])
        let result = try #require(f.run(req).result)
        #expect(result.items.map(\.status) == ["skipped", "ok", "skipped"])
        #expect(result.items[0].error == "not-allowed: not in the allowlist")
        let out = try DatasetDirectory.read(URL(fileURLWithPath: req.outputDir))
        #expect(out.rows.map { $0["file_path"]?.stringValue } == ["pkg/count.py"])
        #expect(String(decoding: try out.content(of: out.rows[0]), as: UTF8.self).contains("单词"))
    }
}

enum PythonAvailable {
    static let yes = PythonCompileCheck.isAvailable()
}

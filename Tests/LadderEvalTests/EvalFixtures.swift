import Foundation
import LadderCore
@testable import LadderEval

/// Paths, small benchmark files in the four formats, and fake models the tests share.
enum EvalFixtures {
    static let repoRoot = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// The SIB-200 copies the demo ladder uses (in the repository).
    static let demoData = repoRoot.appendingPathComponent("ladders/demo-data")
    /// The shipped template files.
    static let templates = repoRoot.appendingPathComponent("ladders/templates/eval")
    /// The real SIB-200 test sets kept outside the repository.
    static let sharedBenchmarks = repoRoot.appendingPathComponent("../shared/data/benchmarks").standardizedFileURL

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("eval-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func write(_ text: String, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    static func jsonl(_ rows: [[String: Value]]) -> String {
        rows.map { Value.object($0).canonicalJSON + "\n" }.joined()
    }

    /// A benchmarks directory with small sets of all four formats in `langs`
    /// (SIB-200 rows copied from the demo's real files).
    static func benchmarks(langs: [String] = ["en", "zh"], rows: Int = 5) throws -> URL {
        let dir = try temporaryDirectory()
        for lang in langs {
            let flores = Benchmark.floresCodes[lang]!
            let sib = demoData.appendingPathComponent("sib200/\(flores)")
            let lines = try String(contentsOf: sib.appendingPathComponent("test.tsv"), encoding: .utf8).split(separator: "\n")
            // Rows 1, 31, 61, ... so several categories appear.
            let picked = [lines[0]] + stride(from: 1, to: lines.count, by: 30).prefix(rows).map { lines[$0] }
            try write(picked.joined(separator: "\n") + "\n", to: dir.appendingPathComponent("sib200/\(flores)/test.tsv"))
            try FileManager.default.copyItem(at: sib.appendingPathComponent("labels.txt"),
                                             to: dir.appendingPathComponent("sib200/\(flores)/labels.txt"))
            try write(jsonl((0..<rows).map { i in
                ["id": .string("\(lang)-p\(i)"), "premise": .string("\(lang) premise \(i)"), "hypothesis": .string("hypothesis \(i)"),
                 "label": .int(i % 3)]
            }), to: dir.appendingPathComponent("xnli/\(lang)/test.jsonl"))
            try write(jsonl((0..<rows).map { i in
                ["id": .string("q\(i)"), "answerKey": .string(["A", "B", "C", "D", "E"][i % 5]),
                 "question": .object(["stem": .string("\(lang) question \(i)?"),
                                      "choices": .array(["A", "B", "C", "D", "E"].map { .object(["label": .string($0), "text": .string("choice \($0)")]) })])]
            }), to: dir.appendingPathComponent("csqa/\(lang)/test.jsonl"))
            try write(jsonl((0..<rows).map { i in
                ["link": .string("https://example.org/\(lang)/\(i / 2)"), "question_number": .int(i % 2 + 1),
                 "flores_passage": .string("\(lang) passage \(i / 2)."), "question": .string("question \(i)?"),
                 "mc_answer1": .string("one"), "mc_answer2": .string("two"), "mc_answer3": .string("three"), "mc_answer4": .string("four"),
                 "correct_answer_num": .string("\(i % 4 + 1)")]
            }), to: dir.appendingPathComponent("belebele/\(flores)/test.jsonl"))
        }
        return dir
    }

    static func templateSets() throws -> [Benchmark: TemplateSet] {
        var out: [Benchmark: TemplateSet] = [:]
        for b in Benchmark.allCases { out[b] = try TemplateSet.load(b, from: templates) }
        return out
    }
}

/// A fake model: an option's score is a deterministic function of the prompt and
/// the continuation's text; it counts the prompts it saw.
final class CountingModel: EvalModel {
    var scoredPrompts = 0
    var generatedPrompts = 0
    var calls = 0

    static func score(_ prompt: String, _ continuation: String) -> Double {
        let h = SHA256.hex(prompt + "\u{0}" + continuation)
        return -Double(Int(h.prefix(6), radix: 16)!) / 1000
    }

    func scoreContinuations(_ requests: [ScoringRequest]) throws -> [[Double]] {
        calls += 1
        scoredPrompts += requests.count
        return requests.map { r in r.continuations.map { Self.score(r.prompt, $0) } }
    }

    func generate(prompts: [String], maxNewTokens: Int) throws -> [Generation] {
        calls += 1
        generatedPrompts += prompts.count
        // Every third prompt "runs out of tokens".
        return prompts.map { p in
            let long = Int(SHA256.hex(p).prefix(2), radix: 16)! % 3 == 0
            return Generation(text: long ? String(repeating: "x", count: maxNewTokens) : "travel", hitMaxNewTokens: long)
        }
    }
}

import Foundation
import LadderCore

/// Reads benchmark test sets laid out under one directory
/// (`sib200/{flores}/test.tsv` + `labels.txt`, `xnli/{lang}/test.jsonl`,
/// `csqa/{lang}/test.jsonl`, `belebele/{flores}/test.jsonl`). Every example
/// keeps the benchmark's own id; a missing file, a row without a label or an
/// id, and a repeated id are errors naming the file and line.
public struct BenchmarkLoader: Sendable {
    public let directory: URL

    public init(directory: URL) { self.directory = directory }

    /// The test file of `benchmark` in data language `lang`.
    public func file(_ benchmark: Benchmark, lang: String) throws -> URL {
        directory.appendingPathComponent(try benchmark.testFile(for: lang))
    }

    /// Files whose bytes decide the examples (the test file, and SIB-200's `labels.txt`).
    public func files(_ benchmark: Benchmark, lang: String) throws -> [URL] {
        let test = try file(benchmark, lang: lang)
        return benchmark == .sib200 ? [test, test.deletingLastPathComponent().appendingPathComponent("labels.txt")] : [test]
    }

    /// SHA-256 of every file the matrix reads, by path relative to the directory.
    public func hashes(_ benchmarks: [Benchmark], langs: [String]) throws -> [String: String] {
        var out: [String: String] = [:]
        for b in benchmarks {
            for l in langs {
                for url in try files(b, lang: l) {
                    guard FileManager.default.fileExists(atPath: url.path) else {
                        throw LadderError.badInput("\(url.path): no such benchmark file")
                    }
                    let rel = String(url.path.dropFirst(directory.path.count)).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
                    out[rel] = try SHA256.hex(fileAt: url)
                }
            }
        }
        return out
    }

    /// The examples of `benchmark` in `lang`, in file order; with `limit`, a
    /// sample of that many balanced over the gold answers (see `balanced`).
    public func examples(_ benchmark: Benchmark, lang: String, limit: Int? = nil) throws -> [BenchmarkExample] {
        if let limit, limit <= 0 { throw LadderError.badInput("limit must be positive, got \(limit)") }
        let url = try file(benchmark, lang: lang)
        let all: [BenchmarkExample]
        switch benchmark {
        case .sib200:
            let labels = try Self.labels(url.deletingLastPathComponent().appendingPathComponent("labels.txt"))
            all = try Self.sib200(try Self.read(url), labels: labels, origin: url.path)
        case .xnli: all = try Self.xnli(try Self.read(url), origin: url.path)
        case .csqa: all = try Self.csqa(try Self.read(url), origin: url.path)
        case .belebele: all = try Self.belebele(try Self.read(url), origin: url.path)
        }
        guard let limit, limit < all.count else { return all }
        return Self.balanced(all, limit: limit)
    }

    /// `limit` examples taken round-robin over the gold answers (answers in
    /// order of first appearance, each answer's examples in file order), then
    /// put back in file order. Test files sorted by label (SIB-200's are) would
    /// otherwise give a sample of one topic. The Python engine takes the same.
    static func balanced(_ all: [BenchmarkExample], limit: Int) -> [BenchmarkExample] {
        var order: [String] = []
        var byGold: [String: [Int]] = [:]
        for (i, e) in all.enumerated() {
            if byGold[e.gold] == nil { order.append(e.gold) }
            byGold[e.gold, default: []].append(i)
        }
        var picked: [Int] = []
        let wanted = min(limit, all.count)
        var round = 0
        while picked.count < wanted {
            for gold in order where picked.count < wanted {
                if let list = byGold[gold], round < list.count { picked.append(list[round]) }
            }
            round += 1
        }
        return picked.sorted().map { all[$0] }
    }

    /// Throws on the first repeated id, naming both lines.
    static func checkUnique(_ examples: [BenchmarkExample], origin: String) throws {
        var seen: [String: Int] = [:]
        for e in examples {
            if let first = seen[e.id] {
                throw LadderError.badInput("\(origin):\(e.line): example id '\(e.id)' repeats the id of line \(first); ids must be unique")
            }
            seen[e.id] = e.line
        }
    }

    static func read(_ url: URL) throws -> String {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw LadderError.badInput("\(url.path): no such benchmark file")
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw LadderError.io("\(url.path): cannot be read")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw LadderError.badInput("\(url.path): not UTF-8 text")
        }
        return text
    }
}

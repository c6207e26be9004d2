import Foundation
import LadderSubset

/// Subset over a synthetic 100k-file corpus: realistic Python-shaped modules
/// (imports, classes, methods, comments, strings), with 4% exact copies, 4%
/// near-copies (one line edited or inserted), some GPL, test, generated and
/// low-star files. Timed: the whole `Subsetter.run` (filters, SHA-256, exact and
/// near dedup, draw, split) on one thread.
func subsetBenchmark(_ report: inout BenchReport) throws {
    let count = 100_000
    var corpus = SyntheticPythonCorpus(seed: 2024)
    let files = corpus.files(count)
    let bytes = files.reduce(0) { $0 + $1.content.count }
    let spec = SubsetSpec(size: 20_000, seed: 42, nested: [5_000, 20_000], validationFraction: 0.1, filters: .study)
    var result: SubsetResult?
    let seconds = try BenchReport.time {
        result = try Subsetter().run(corpus: Corpus(format: .jsonl, files: files), spec: spec)
    }
    let counts = result!.report.filters
    let near = counts.first { $0.stage == .nearDuplicate }
    let exact = counts.first { $0.stage == .exactDuplicate }
    let note = "\(count) files, \(bytes >> 20) MiB; near-dedup saw \(near?.input ?? 0), dropped \(near?.dropped ?? 0) near and \(exact?.dropped ?? 0) exact duplicates; population \(result!.report.populationSize)"
    report.add(BenchFigure(area: "subset", name: "subset 100k files, study filters + near-dedup", value: seconds, unit: "s", target: "< 30 s", note: note))
    report.add(BenchFigure(area: "subset", name: "subset throughput", value: Double(count) / seconds, unit: "files/s", target: "> 3,333 files/s"))

    // Near-dedup alone over the same files, every other stage off.
    var nearOnly = SubsetFilters.none
    nearOnly.nearDedup = .study
    let nearSpec = SubsetSpec(size: 1, seed: 42, filters: nearOnly)
    let nearSeconds = try BenchReport.time { _ = try Subsetter().run(corpus: Corpus(format: .jsonl, files: files), spec: nearSpec) }
    report.add(BenchFigure(area: "subset", name: "near-dedup alone, 100k files", value: Double(count) / nearSeconds, unit: "files/s", target: "-", note: String(format: "%.2f s", nearSeconds)))

    // Reading a JSONL corpus: 10k rows of the same files.
    let jsonl = try SyntheticPythonCorpus.jsonl(Array(files.prefix(10_000)))
    let readSeconds = try BenchReport.time { _ = try Corpus.parseJSONL(jsonl, name: "bench.jsonl") }
    report.add(BenchFigure(area: "subset", name: "JSONL corpus read", value: 10_000 / readSeconds, unit: "rows/s", target: "-", note: "\(jsonl.count >> 20) MiB"))
    report.add(BenchFigure(area: "subset", name: "peak RSS after subset", value: BenchReport.peakRSSMiB(), unit: "MiB", target: "-"))
}

/// Deterministic generator of Python-shaped files.
struct SyntheticPythonCorpus {
    private var state: UInt64
    private static let words = ["user", "data", "config", "item", "value", "result", "path", "name", "node", "cache",
                                "request", "response", "buffer", "index", "model", "field", "record", "token", "batch", "query",
                                "session", "handler", "event", "state", "count", "limit", "offset", "key", "entry", "source"]
    private static let verbs = ["get", "set", "load", "save", "parse", "build", "update", "compute", "render", "check",
                                "find", "create", "delete", "apply", "merge", "split", "read", "write", "send", "fetch"]
    private static let modules = ["os", "sys", "json", "re", "math", "time", "logging", "itertools", "collections", "pathlib"]

    init(seed: UInt64) { state = seed }

    private mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    private mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    private mutating func word() -> String { Self.words[below(Self.words.count)] }
    private mutating func name() -> String { "\(Self.verbs[below(Self.verbs.count)])_\(word())_\(below(50))" }

    private mutating func statement(_ indent: String) -> String {
        switch below(8) {
        case 0: return "\(indent)\(word())_\(below(9)) = \(name())(\(word()), \(below(1000)))\n"
        case 1: return "\(indent)if \(word()) > \(below(100)):\n\(indent)    return \(word()) + \(below(10))\n"
        case 2: return "\(indent)for \(word()) in range(\(below(64))):\n\(indent)    self.\(word()).append(\(word()))\n"
        case 3: return "\(indent)# \(Self.verbs[below(20)]) the \(word()) before the \(word())\n"
        case 4: return "\(indent)logger.info(\"\(word()) %s is %d\", \(word()), \(below(500)))\n"
        case 5: return "\(indent)\(word()) = {\"\(word())\": \(below(99)), \"\(word())\": [\(word()), \(word())]}\n"
        case 6: return "\(indent)try:\n\(indent)    \(word()) = self.\(name())()\n\(indent)except KeyError as error:\n\(indent)    raise ValueError(str(error))\n"
        default: return "\(indent)\(word()) += \(word())_\(below(9)) * \(below(100)) // \(below(9) + 1)\n"
        }
    }

    /// One module of roughly `target` lines.
    mutating func module(lines target: Int) -> String {
        var text = "\"\"\"Helpers for \(word()) \(word()) handling.\"\"\"\n"
        for _ in 0..<(2 + below(4)) { text += "import \(Self.modules[below(Self.modules.count)])\n" }
        text += "\nlogger = logging.getLogger(__name__)\n\n"
        while text.utf8.count < target * 34 {
            text += "\nclass \(word().capitalized)\(word().capitalized)\(below(100)):\n    \"\"\"A \(word()).\"\"\"\n\n"
            for _ in 0..<(1 + below(4)) {
                text += "    def \(name())(self, \(word()), \(word())=None):\n"
                for _ in 0..<(2 + below(8)) { text += statement("        ") }
                text += "        return \(word())\n\n"
            }
        }
        return text
    }

    /// `count` files; about 4% exact and 4% near copies of earlier files.
    mutating func files(_ count: Int) -> [CorpusFile] {
        var files: [CorpusFile] = []
        files.reserveCapacity(count)
        let licences = ["MIT", "Apache-2.0", "BSD-3-Clause", "MIT", "ISC", "GPL-3.0-only"]
        for i in 0..<count {
            var content: String
            let roll = below(100)
            if roll < 4, i > 10 {
                content = files[below(i)].text
            } else if roll < 8, i > 10 {
                var lines = files[below(i)].text.components(separatedBy: "\n")
                let at = below(lines.count)
                if below(2) == 0 { lines[at] += "  # edited" } else { lines.insert("    \(word()) = \(below(9))", at: at) }
                content = lines.joined(separator: "\n")
            } else {
                content = module(lines: 20 + below(220))
            }
            if roll == 50 { content = "# Auto-generated by protoc. DO NOT EDIT.\n" + content }
            let dir = below(40) == 0 ? "tests" : "pkg\(below(300))"
            files.append(CorpusFile(
                path: "repo\(i % 997)/\(dir)/\(word())_\(i).py", content: Array(content.utf8),
                licenses: [licences[below(licences.count)]], repo: "org/repo\(i % 997)", stars: 5 + below(400)))
        }
        return files
    }

    /// The files as JSONL rows.
    static func jsonl(_ files: [CorpusFile]) throws -> Data {
        var out = Data()
        for file in files {
            let row: [String: Any] = ["path": file.path, "content": file.text, "license": file.licenses.first ?? NSNull(),
                                      "repo": file.repo ?? NSNull(), "stars": file.stars ?? NSNull()]
            out.append(try JSONSerialization.data(withJSONObject: row))
            out.append(0x0a)
        }
        return out
    }
}

import Foundation
import Testing
@testable import LadderSubset

/// Compares the draw with CPython's own `random` module, run through python3.
@Suite(.enabled(if: PythonRunner.executable != nil, "python3 not found on PATH; CPython compatibility not checked"))
struct CPythonCompatibilityTests {
    struct Case: Codable {
        var n: Int
        var k: Int
        var seed: Int
    }

    /// Both branches of `sample`, seeds with one and two key words, a negative seed, k = 0 and k = n.
    static let cases: [Case] = [
        Case(n: 20, k: 3, seed: 42),            // pool: setsize 21
        Case(n: 50, k: 10, seed: 123),          // pool: setsize 85
        Case(n: 300, k: 290, seed: 456),        // pool, nearly everything
        Case(n: 1_000, k: 10, seed: 42),        // set
        Case(n: 1_000, k: 6, seed: 0),          // set, smallest k with a table term
        Case(n: 103_000, k: 5_000, seed: 42),   // set, the study's 5k tier
        Case(n: 103_000, k: 20_000, seed: 42),  // set, the study's 20k tier
        Case(n: 65_000, k: 20_000, seed: 7),    // pool: setsize 65,557
        Case(n: 70_000, k: 20_000, seed: 7),    // set
        Case(n: 5_000, k: 5_000, seed: -99),    // negative seed: CPython uses |seed|
        Case(n: 10, k: 0, seed: 1),
        Case(n: 777, k: 100, seed: 12_345_678_901_234),  // two 32-bit key words
    ]

    @Test func sampleMatchesCPythonForSeveralSeedsSizesAndBothBranches() throws {
        let script = """
        import json, random, sys
        out = []
        for c in json.load(sys.stdin):
            out.append(random.Random(c['seed']).sample(range(c['n']), c['k']))
        json.dump(out, sys.stdout)
        """
        let input = try JSONEncoder().encode(Self.cases)
        let expected = try JSONDecoder().decode([[Int]].self, from: try #require(try PythonRunner.run(script, input: input)))
        #expect(expected.count == Self.cases.count)
        var branches = Set<CPythonRandom.SampleBranch>()
        for (c, want) in zip(Self.cases, expected) {
            var random = CPythonRandom(seed: c.seed)
            let got = try random.sample(populationCount: c.n, k: c.k)
            #expect(got == want, "n=\(c.n) k=\(c.k) seed=\(c.seed)")
            branches.insert(CPythonRandom.sampleBranch(n: c.n, k: c.k))
        }
        #expect(branches == [.pool, .set])
    }

    @Test func getrandbitsAndRandbelowMatchCPythonIncludingRejections() throws {
        let widths = [1, 5, 31, 32, 33, 40, 63, 64]
        let bounds = [1, 2, 3, 65, 1_000, 4_294_967_297, 1_099_511_627_779]
        let script = """
        import json, random
        r = random.Random(2024)
        bits = [[r.getrandbits(k) for _ in range(50)] for k in \(widths)]
        below = [[r._randbelow(n) for _ in range(200)] for n in \(bounds)]
        print(json.dumps({"bits": bits, "below": below}))
        """
        struct Draws: Decodable { var bits: [[UInt64]]; var below: [[Int]] }
        let draws = try JSONDecoder().decode(Draws.self, from: try #require(try PythonRunner.run(script)))
        var random = CPythonRandom(seed: 2024)
        for (k, want) in zip(widths, draws.bits) {
            #expect((0..<50).map { _ in random.getrandbits(k) } == want, "getrandbits(\(k))")
        }
        for (n, want) in zip(bounds, draws.below) {
            #expect((0..<200).map { _ in random.randbelow(n) } == want, "_randbelow(\(n))")
        }
        // 65 needs 7 bits, so about half of the raw draws are rejected: the retry path ran.
        var raw = CPythonRandom(seed: 2024)
        #expect((0..<200).contains { _ in raw.getrandbits(7) >= 65 })
    }

    @Test func subsetOfRealPathsMatchesSortedSampleSorted() throws {
        // Mixed case, digits, punctuation and non-ASCII: Python sorts str by code point.
        var generator = SystemRandomNumberGenerator()
        let pieces = ["src", "Lib", "lib", "äpfel", "tools", "_private", "Zeta", "data-2", "ñ", "工具", "a.b"]
        var paths = Set<String>()
        while paths.count < 400 {
            let depth = Int.random(in: 1...3, using: &generator)
            let dirs = (0..<depth).map { _ in pieces.randomElement(using: &generator)! }
            paths.insert((dirs + ["m\(Int.random(in: 0..<10_000, using: &generator)).py"]).joined(separator: "/"))
        }
        let list = Array(paths).shuffled()
        let script = """
        import json, random, sys
        req = json.load(sys.stdin)
        for k in req['sizes']:
            print(json.dumps(sorted(random.Random(req['seed']).sample(sorted(req['paths']), k))))
        """
        let sizes = [5, 50, 200]
        let input = try JSONSerialization.data(withJSONObject: ["seed": 42, "sizes": sizes, "paths": list])
        let output = String(decoding: try #require(try PythonRunner.run(script, input: input)), as: UTF8.self)
        let expected = try output.split(separator: "\n").map { try JSONDecoder().decode([String].self, from: Data($0.utf8)) }
        #expect(expected.count == sizes.count)
        let corpus = Corpus(format: .jsonl, files: list.map { CorpusFile(path: $0, content: Array("def f(): pass # \($0)\n".utf8)) })
        for (size, want) in zip(sizes, expected) {
            let spec = SubsetSpec(size: size, seed: 42, validationFraction: 0, filters: .none)
            let result = try Subsetter().run(corpus: corpus, spec: spec)
            #expect(result.items.map(\.filePath) == want, "size \(size)")
        }
    }
}

import Foundation
import LadderCore
import Testing
@testable import LadderSubset

struct SelectionTests {
    static func corpus(_ count: Int) -> Corpus {
        Corpus(format: .jsonl, files: (0..<count).map { i in
            CorpusFile(path: "repo\(i % 7)/module_\(i).py", content: Array("def f_\(i)(): return \(i)\n".utf8))
        })
    }

    static func paths(_ result: SubsetResult) -> Set<String> { Set(result.items.map(\.filePath)) }

    @Test func nestedTiersAreContainedEvenWhenPlainDrawsAreNot() throws {
        let corpus = Self.corpus(1_000)
        // n = 1,000: k = 50 takes the set branch (set size 277), k = 300 the pool branch (1,045),
        // whose shrinking bound rejects draws the set branch accepts, so the streams part.
        #expect(CPythonRandom.sampleBranch(n: 1_000, k: 50) == .set)
        #expect(CPythonRandom.sampleBranch(n: 1_000, k: 300) == .pool)
        let run = { (size: Int, nested: [Int]?) in
            try Subsetter().run(corpus: corpus, spec: SubsetSpec(size: size, seed: 42, nested: nested, filters: .none))
        }
        let plainSmall = try run(50, nil), plainLarge = try run(300, nil)
        #expect(!Self.paths(plainSmall).isSubset(of: Self.paths(plainLarge)), "plain draws across branches are not nested")
        let nestedSmall = try run(50, [50, 300]), nestedLarge = try run(300, [50, 300])
        #expect(Self.paths(nestedSmall).isSubset(of: Self.paths(nestedLarge)))
        #expect(Self.paths(nestedLarge) == Self.paths(plainLarge), "the largest tier is the plain draw")
        #expect(nestedSmall.report.drawSize == 300)
        #expect(nestedSmall.report.sampleBranch == .pool)
    }

    @Test func studyScaleTiersWithSeed42AreNestedByTheSetBranch() throws {
        var small = CPythonRandom(seed: 42), large = CPythonRandom(seed: 42)
        let fiveK = try small.sample(populationCount: 103_000, k: 5_000)
        let twentyK = try large.sample(populationCount: 103_000, k: 20_000)
        #expect(CPythonRandom.sampleSetSize(k: 5_000) == 16_405)
        #expect(CPythonRandom.sampleSetSize(k: 20_000) == 65_557)
        #expect(Array(twentyK.prefix(5_000)) == fiveK)
    }

    @Test func validationSplitIsExactDeterministicAndOrderIndependent() throws {
        let corpus = Self.corpus(300)
        let spec = SubsetSpec(size: 120, seed: 7, validationFraction: 0.1, filters: .none)
        let first = try Subsetter().run(corpus: corpus, spec: spec)
        let shuffled = try Subsetter().run(corpus: Corpus(format: .jsonl, files: corpus.files.shuffled()), spec: spec)
        #expect(first.report.validation == 12)
        #expect(first.report.train == 108)
        #expect(first.items == shuffled.items)
        for split in [SubsetItem.Split.train, .validation] {
            let rows = first.items(in: split)
            #expect(rows.map(\.idx) == Array(0..<rows.count))
            #expect(rows.map(\.filePath) == rows.map(\.filePath).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        }
        let otherSeed = try Subsetter().run(corpus: corpus, spec: SubsetSpec(size: 120, seed: 8, validationFraction: 0.1, filters: .none))
        #expect(Set(otherSeed.items(in: .validation).map(\.key)) != Set(first.items(in: .validation).map(\.key)))
    }

    @Test func impossibleRequestsAreBadInput() throws {
        let corpus = Self.corpus(30)
        #expect(throws: LadderError.self) { try Subsetter().run(corpus: corpus, spec: SubsetSpec(size: 31, seed: 1, filters: .none)) }
        #expect(throws: LadderError.self) { try Subsetter().run(corpus: corpus, spec: SubsetSpec(size: 5, seed: 1, nested: [10, 20], filters: .none)) }
        #expect(throws: LadderError.self) { try Subsetter().run(corpus: corpus, spec: SubsetSpec(size: 5, seed: 1, validationFraction: 1, filters: .none)) }
        do {
            _ = try Subsetter().run(corpus: corpus, spec: SubsetSpec(size: 31, seed: 1, filters: .none))
        } catch let error as LadderError {
            #expect(error.description.contains("has 30 files, fewer than the size 31"))
        }
    }

    @Test func specDecodesWithStudyDefaultsAndNullTurnsAStageOff() throws {
        let json = """
        {"size": 5000, "seed": 42, "nested": [5000, 20000], "filters": {"near_dedup": null, "min_stars": 50, "lines": {"min": 1, "max": 5}}}
        """
        let spec = try JSONDecoder().decode(SubsetSpec.self, from: Data(json.utf8))
        #expect(spec.algorithm == .cpythonRandomSample)
        #expect(spec.validationFraction == 0.1)
        #expect(spec.drawSize == 20_000)
        #expect(spec.filters.nearDedup == nil)
        #expect(spec.filters.minStars == 50)
        #expect(spec.filters.license == .study)
        #expect(spec.filters.lines == .init(min: 1, max: 5))
        let again = try JSONDecoder().decode(SubsetSpec.self, from: try JSONEncoder().encode(spec))
        #expect(again == spec)
        let unknown = Data(#"{"size": 1, "seed": 1, "algorithm": "numpy-choice"}"#.utf8)
        #expect(throws: LadderError.badInput("unknown subset algorithm \"numpy-choice\" (known: cpython-random-sample)")) {
            _ = try JSONDecoder().decode(SubsetSpec.self, from: unknown)
        }
    }
}

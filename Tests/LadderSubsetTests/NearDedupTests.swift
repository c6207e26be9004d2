import Foundation
import LadderPython
import Testing
@testable import LadderSubset

struct NearDedupTests {
    static var nearOnly: SubsetFilters {
        var filters = SubsetFilters.none
        filters.nearDedup = .study
        return filters
    }

    /// Shingles as strings, computed without any of the hashing under test.
    static func shingleSet(_ content: [UInt8]) throws -> Set<String> {
        let texts = try PythonCodeTokenizer().codeTokens(in: content).map { String(decoding: content[$0], as: UTF8.self) }
        guard texts.count >= 5 else { return [texts.joined(separator: "\u{1}")] }
        return Set((0...(texts.count - 5)).map { texts[$0..<($0 + 5)].joined(separator: "\u{1}") })
    }

    static func jaccard(_ a: Set<String>, _ b: Set<String>) -> Double {
        Double(a.intersection(b).count) / Double(a.union(b).count)
    }

    @Test func minHashEstimatesJaccardOfKnownSets() {
        let hasher = MinHasher(permutations: 128)
        var state: UInt64 = 99
        let universe = (0..<3_000).map { _ in MinHasher.splitmix64(&state) }
        for overlap in [0, 300, 700, 900, 1_000] {
            let a = Array(universe[0..<1_000])
            let b = Array(universe[(1_000 - overlap)..<(2_000 - overlap)])
            let truth = Double(overlap) / Double(2_000 - overlap)
            let (sa, sb) = (hasher.signature(of: a), hasher.signature(of: b))
            let estimate = Double(zip(sa, sb).filter { $0 == $1 }.count) / 128
            #expect(abs(estimate - truth) < 0.12, "overlap \(overlap): estimate \(estimate), truth \(truth)")
        }
    }

    @Test func bandingForTheStudysSettingsIsFourteenBandsOfNineRows() {
        let banding = LSHBanding.optimal(threshold: 0.7, permutations: 128)
        #expect(banding == LSHBanding(bands: 14, rows: 9))
        #expect(banding.candidateProbability(0.9) > 0.99)
        #expect(banding.candidateProbability(0.4) < 0.01)
    }

    @Test(.enabled(if: PythonRunner.stdlib != nil, "python3 standard library not found; real near-duplicate check skipped"))
    func stdlibFilesWithALineChangedOrRecommentedAreDropped() throws {
        let stdlib = try #require(PythonRunner.stdlib)
        let names = ["textwrap.py", "json/encoder.py", "csv.py", "shutil.py", "fractions.py", "heapq.py", "bisect.py", "glob.py"]
        var files: [CorpusFile] = []
        var copies: [String: String] = [:]
        for name in names {
            let original = [UInt8](try Data(contentsOf: stdlib.appendingPathComponent(name)))
            files.append(CorpusFile(path: "a/\(name)", content: original))
            var lines = String(decoding: original, as: UTF8.self).components(separatedBy: "\n")
            // One line changed: the middle def gets a new name.
            let middle = lines.indices.filter { lines[$0].contains("def ") }
            let target = middle[middle.count / 2]
            lines[target] = lines[target].replacingOccurrences(of: "def ", with: "def renamed_")
            files.append(CorpusFile(path: "b/\(name)", content: Array(lines.joined(separator: "\n").utf8)))
            copies["b/\(name)"] = "a/\(name)"
            // Same code, different comments: comment lines reworded, one added after each def line.
            let recommented = String(decoding: original, as: UTF8.self).components(separatedBy: "\n")
                .map { line in
                    if line.hasPrefix("#") { return "# changed comment" }
                    return line.contains("def ") && !line.hasSuffix("\\") ? line + "\n# note" : line
                }
                .joined(separator: "\n")
            files.append(CorpusFile(path: "c/\(name)", content: Array(recommented.utf8)))
            copies["c/\(name)"] = "a/\(name)"
        }
        let result = try Fixtures.everything(Corpus(format: .directory, files: files.shuffled()), filters: Self.nearOnly)
        #expect(result.items.map(\.filePath) == names.map { "a/\($0)" }.sorted())
        for drop in result.dropped {
            #expect(drop.stage == .nearDuplicate)
            #expect(drop.reason.hasPrefix("near duplicate of \(copies[drop.filePath] ?? "?") "), "\(drop.filePath): \(drop.reason)")
        }
        #expect(result.dropped.count == 2 * names.count)
        #expect(result.report.nearDedup?.fallbackFiles == 0)
    }

    /// The stdlib's `encodings/` codecs are generated from one template: real
    /// near-duplicates (true Jaccard up to 0.98) next to files that only share the template.
    @Test(.enabled(if: PythonRunner.stdlib != nil, "python3 standard library not found; stdlib near-dedup audit skipped"))
    func stdlibCodecNearDuplicatesAreDroppedAndOnlyThey() throws {
        let folder = try #require(PythonRunner.stdlib).appendingPathComponent("encodings")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".py") }.sorted()
        let files = try names.map { CorpusFile(path: "encodings/\($0)", content: [UInt8](try Data(contentsOf: folder.appendingPathComponent($0)))) }
        let result = try Fixtures.everything(Corpus(format: .directory, files: files), filters: Self.nearOnly)
        let shingles = try Dictionary(uniqueKeysWithValues: files.map { ($0.path, try Self.shingleSet($0.content)) })
        #expect(result.dropped.count > 20, "the codec folder holds dozens of near-duplicates")
        for drop in result.dropped {
            let keeper = String(drop.reason.dropFirst("near duplicate of ".count).prefix { $0 != " " })
            #expect(keeper < drop.filePath, "the earlier path is the one kept")
            let truth = Self.jaccard(shingles[drop.filePath]!, shingles[keeper]!)
            #expect(truth > 0.55, "\(drop.filePath) dropped against \(keeper) at true Jaccard \(truth)")
        }
        // Nothing clearly above the threshold survives next to its twin.
        let kept = result.items.map { shingles[$0.filePath]! }
        for i in kept.indices {
            for j in kept.indices where j > i {
                #expect(Self.jaccard(kept[i], kept[j]) < 0.9, "\(result.items[i].filePath) ~ \(result.items[j].filePath)")
            }
        }
    }

    @Test func filesTheTokenizerRejectsAreLexedByTheFallback() throws {
        let body = String(decoding: Fixtures.module("broken", lines: 40), as: UTF8.self)
        let broken = body + "s = '''never closed\n"
        #expect(throws: (any Error).self) { _ = try PythonTokenizer(text: broken).tokenize() }
        let corpus = Corpus(format: .jsonl, files: [
            CorpusFile(path: "a.py", content: Array(body.utf8)),
            CorpusFile(path: "b.py", content: Array(broken.utf8)),
        ])
        let result = try Fixtures.everything(corpus, filters: Self.nearOnly)
        #expect(result.report.nearDedup?.fallbackFiles == 1)
        #expect(result.items.map(\.filePath) == ["a.py"])
        #expect(result.dropped.first?.filePath == "b.py")
    }
}

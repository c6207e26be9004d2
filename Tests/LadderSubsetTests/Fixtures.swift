import Foundation
@testable import LadderSubset

/// Small Python-like files for filter and selection tests.
enum Fixtures {
    /// A file of `lines` lines with a def, distinct per `tag`.
    static func module(_ tag: String, lines: Int = 12) -> [UInt8] {
        var text = "def function_\(tag)(value):\n    return value * \(tag.utf8.count)\n"
        var line = 2
        while line < lines {
            text += "counter_\(tag)_\(line) = \(line) + len('\(tag)')\n"
            line += 1
        }
        return Array(text.utf8)
    }

    static func file(_ path: String, _ content: [UInt8], licenses: [String] = ["MIT"], stars: Int? = 100, generated: Bool? = nil) -> CorpusFile {
        CorpusFile(path: path, content: content, licenses: licenses, stars: stars, generated: generated)
    }

    /// A fresh empty directory under the system temporary folder.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ladder-subset-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// `subset.json` style settings with no sampling surprises: take everything that survives.
    static func everything(_ corpus: Corpus, filters: SubsetFilters = .study) throws -> SubsetResult {
        let probe = SubsetSpec(size: 1, seed: 1, validationFraction: 0, filters: filters)
        let counted = try Subsetter().run(corpus: corpus, spec: probe)
        let spec = SubsetSpec(size: counted.report.populationSize, seed: 1, validationFraction: 0, filters: filters)
        return try Subsetter().run(corpus: corpus, spec: spec)
    }
}

import Foundation
import LadderCore

/// Runs a subset: filters a corpus stage by stage, samples the survivors,
/// splits the selection, and describes it all in a `SubsetResult`.
///
/// Files are put in canonical order (UTF-8 byte order of the path, which is
/// Python's `sorted` order for `str`; ties broken by content hash) before any
/// stage runs, so every "keep the first" rule, the population and the draw are
/// independent of the order the corpus listed its files in.
public struct Subsetter: Sendable {
    /// The version of every rule that shapes the output (filters, hashing,
    /// banding, sampling, split, file layout). It goes into the report and should
    /// go into the engine's fingerprint; bump it whenever any of them changes.
    public static let version = "subset-1"

    /// The tokenizer near-dedup shingles with.
    public var tokenizer: any CodeTokenizer
    /// The lexer for files `tokenizer` rejects.
    public var fallback: SimplePythonLexer

    /// A subsetter using the full Python tokenizer, falling back to `SimplePythonLexer`.
    public init() {
        self.init(tokenizer: PythonCodeTokenizer())
    }

    /// A subsetter using `tokenizer`, falling back to `SimplePythonLexer`.
    public init(tokenizer: any CodeTokenizer) {
        self.tokenizer = tokenizer
        fallback = SimplePythonLexer()
    }

    /// Filters, samples and splits `corpus` as `spec` says.
    public func run(corpus: Corpus, spec: SubsetSpec) throws -> SubsetResult {
        try spec.validate()
        let files = corpus.files
        let hashes = files.map { PopulationMember.contentHash($0.content) }
        var survivors = Array(files.indices)
        survivors.sort { a, b in
            let pa = files[a].path.utf8, pb = files[b].path.utf8
            if !pa.elementsEqual(pb) { return pa.lexicographicallyPrecedes(pb) }
            return hashes[a] < hashes[b]
        }

        var counts: [FilterCount] = []
        var dropped: [DroppedFile] = []
        func apply(_ stage: FilterStage, _ reason: (Int) -> String?) {
            let input = survivors.count
            survivors.removeAll { index in
                guard let why = reason(index) else { return false }
                dropped.append(DroppedFile(
                    filePath: files[index].path, sha256: hashes[index], stage: stage, reason: why,
                    origin: files[index].origin))
                return true
            }
            counts.append(FilterCount(stage: stage, input: input, dropped: input - survivors.count))
        }

        let filters = spec.filters
        if filters.nonEmpty {
            apply(.nonEmpty) { PythonFileChecks.isBlank(files[$0].content) ? "empty or whitespace only" : nil }
        }
        if let policy = filters.license {
            apply(.license) { policy.rejection(of: files[$0].licenses) }
        }
        if let bounds = filters.lines {
            apply(.lineCount) { index in
                let lines = PythonFileChecks.lineCount(files[index].content)
                return (bounds.min...bounds.max).contains(lines) ? nil : "\(lines) lines, outside \(bounds.min)...\(bounds.max)"
            }
        }
        if let minStars = filters.minStars {
            apply(.stars) { index in
                guard let stars = files[index].stars, stars < minStars else { return nil }
                return "\(stars) stars, fewer than \(minStars)"
            }
        }
        if filters.dropGenerated {
            apply(.generated) { index in
                if files[index].generated == true { return "flagged as generated" }
                return PythonFileChecks.generatedBanner(files[index].content).map { "banner \"\($0)\" in the first 5 lines" }
            }
        }
        if filters.requireDefOrClass {
            apply(.defOrClass) { PythonFileChecks.hasDefOrClass(files[$0].content) ? nil : "no def or class statement" }
        }
        if filters.dropTestFiles {
            apply(.testFile) { PythonFileChecks.testFileReason(files[$0].path) }
        }
        if filters.exactDedup {
            var firstPath: [String: String] = [:]
            apply(.exactDuplicate) { index in
                if let first = firstPath[hashes[index]] { return "same bytes as \(first)" }
                firstPath[hashes[index]] = files[index].path
                return nil
            }
        }
        var nearReport: NearDedupReport?
        if let near = filters.nearDedup {
            var pass = NearDuplicatePass(settings: near, tokenizer: tokenizer, fallback: fallback)
            let verdicts = pass.run(survivors.map { files[$0].content })
            var verdictOf: [Int: String] = [:]
            for (position, verdict) in verdicts.enumerated() {
                if let (keeper, similarity) = verdict {
                    let estimate = String(format: "%.3f", similarity)
                    verdictOf[survivors[position]] = "near duplicate of \(files[survivors[keeper]].path) (estimated Jaccard \(estimate))"
                }
            }
            apply(.nearDuplicate) { verdictOf[$0] }
            nearReport = pass.report
        }

        let population = survivors.map { PopulationMember(path: files[$0].path, sha256: hashes[$0]) }
        let selection = try SampleSelection.draw(populationCount: population.count, spec: spec)
        let chosen = selection.positions.map { survivors[$0] }
        let splits = TrainValidationSplit.assign(
            chosen.map { PopulationMember(path: files[$0].path, sha256: hashes[$0]) },
            fraction: spec.validationFraction, seed: spec.seed)

        var items: [SubsetItem] = []
        items.reserveCapacity(chosen.count)
        var nextIdx: [SubsetItem.Split: Int] = [.train: 0, .validation: 0]
        for (position, index) in chosen.enumerated() {
            let file = files[index]
            let split = splits[position]
            let idx = nextIdx[split]!
            nextIdx[split] = idx + 1
            items.append(SubsetItem(
                key: SubsetItem.key(path: file.path, sha256: hashes[index]), filePath: file.path,
                sha256: hashes[index], filename: "files/\(hashes[index]).py", split: split, idx: idx,
                licenses: file.licenses, repo: file.repo, stars: file.stars, origin: file.origin,
                content: file.content))
        }

        let report = SubsetReport(
            version: Self.version, spec: spec, corpusFormat: corpus.format, corpusFiles: files.count, filters: counts,
            nearDedup: nearReport, populationSize: population.count,
            populationSHA256: PopulationMember.hash(population), algorithm: spec.algorithm.rawValue,
            seed: spec.seed, drawSize: selection.drawSize, sampleBranch: selection.branch,
            selected: items.count, train: nextIdx[.train]!, validation: nextIdx[.validation]!,
            splitRule: TrainValidationSplit.rule)
        return SubsetResult(items: items, dropped: dropped, report: report)
    }
}

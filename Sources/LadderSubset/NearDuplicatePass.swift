/// Greedy near-duplicate removal over files in canonical order.
///
/// Each file is tokenized (falling back to `SimplePythonLexer` when the
/// tokenizer throws), shingled, and signed; the LSH index is then asked for a
/// kept file whose estimated Jaccard similarity reaches the threshold. If there
/// is one, this file is dropped as its near-duplicate; otherwise it is kept and
/// indexed. The earliest file of each near-duplicate group (in path order) is
/// therefore the one kept, and a file is only ever compared with kept files.
/// Files without any code token are kept and not indexed (exact dedup already
/// handled identical ones).
struct NearDuplicatePass {
    let settings: NearDedupSettings
    let tokenizer: any CodeTokenizer
    let fallback: SimplePythonLexer
    let banding: LSHBanding
    private(set) var fallbackFiles = 0
    private(set) var tokenlessFiles = 0

    init(settings: NearDedupSettings, tokenizer: any CodeTokenizer, fallback: SimplePythonLexer) {
        self.settings = settings
        self.tokenizer = tokenizer
        self.fallback = fallback
        if let bands = settings.bands, let rows = settings.rows {
            banding = LSHBanding(bands: bands, rows: rows)
        } else {
            banding = LSHBanding.optimal(threshold: settings.threshold, permutations: settings.permutations)
        }
    }

    /// For each file, nil when kept, or the position of the kept file it duplicates
    /// and the estimated similarity.
    mutating func run(_ contents: [[UInt8]]) -> [(Int, Double)?] {
        let hasher = MinHasher(permutations: settings.permutations)
        var index = NearDuplicateIndex(banding: banding, permutations: settings.permutations)
        var keptPosition: [Int] = []
        var verdicts: [(Int, Double)?] = []
        verdicts.reserveCapacity(contents.count)
        var signature = [UInt32](repeating: 0, count: settings.permutations)
        for (position, content) in contents.enumerated() {
            let tokens: [Range<Int>]
            do {
                tokens = try tokenizer.codeTokens(in: content)
            } catch {
                fallbackFiles += 1
                tokens = fallback.codeTokens(in: content)
            }
            let shingles = MinHasher.shingleHashes(source: content, tokens: tokens, size: settings.shingleSize)
            guard !shingles.isEmpty else {
                tokenlessFiles += 1
                verdicts.append(nil)
                continue
            }
            let verdict: (Int, Double)? = signature.withUnsafeMutableBufferPointer { buffer in
                hasher.signature(of: shingles, into: buffer)
                let view = UnsafeBufferPointer(buffer)
                if let hit = index.match(view, threshold: settings.threshold) {
                    return (keptPosition[hit.entry], hit.similarity)
                }
                index.insert(view)
                return nil
            }
            if verdict == nil { keptPosition.append(position) }
            verdicts.append(verdict)
        }
        return verdicts
    }

    var report: NearDedupReport {
        NearDedupReport(
            tokenizer: tokenizer.name, fallbackTokenizer: fallback.name, fallbackFiles: fallbackFiles,
            tokenlessFiles: tokenlessFiles, banding: banding, permutations: settings.permutations,
            threshold: settings.threshold, shingleSize: settings.shingleSize)
    }
}

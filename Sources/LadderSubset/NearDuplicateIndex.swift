/// An LSH index of the signatures of files kept so far.
///
/// Each band of a signature is folded into one 64-bit bucket key (band number
/// included, so all bands share one table). A bucket holds a linked list of
/// entries threaded through `nextInBucket`, which keeps the index to a few flat
/// arrays even at a hundred thousand files. Candidates are confirmed by the
/// fraction of agreeing signature slots, MinHash's estimate of Jaccard
/// similarity, so a chance band collision does not drop a file.
public struct NearDuplicateIndex: Sendable {
    /// The band/row split in use.
    public let banding: LSHBanding
    /// Signature length.
    public let permutations: Int
    private var signatures: [UInt32] = []
    private var buckets: [UInt64: Int32] = [:]
    private var nextInBucket: [Int32] = []
    private var lastChecked: [Int32] = []
    private var query: Int32 = 0

    /// Number of signatures inserted.
    public private(set) var count = 0

    public init(banding: LSHBanding, permutations: Int) {
        precondition(banding.bands * banding.rows <= permutations, "bands * rows exceeds the signature length")
        self.banding = banding
        self.permutations = permutations
    }

    /// The earliest inserted entry whose estimated similarity to `signature` is at
    /// least `threshold`, with that estimate; nil when no candidate qualifies.
    public mutating func match(_ signature: UnsafeBufferPointer<UInt32>, threshold: Double) -> (entry: Int, similarity: Double)? {
        query &+= 1
        let needed = Int((threshold * Double(permutations)).rounded(.up))
        var best: (entry: Int, similarity: Double)?
        for band in 0..<banding.bands {
            guard var entry = buckets[bandKey(signature, band: band)] else { continue }
            while entry >= 0 {
                let e = Int(entry)
                if lastChecked[e] != query {
                    lastChecked[e] = query
                    let agree = agreements(signature, e)
                    if agree >= needed, best == nil || e < best!.entry {
                        best = (e, Double(agree) / Double(permutations))
                    }
                }
                entry = nextInBucket[e * banding.bands + band]
            }
        }
        return best
    }

    /// Adds `signature`; its entry number is the previous `count`.
    public mutating func insert(_ signature: UnsafeBufferPointer<UInt32>) {
        let entry = Int32(count)
        signatures.append(contentsOf: signature[0..<permutations])
        lastChecked.append(0)
        for band in 0..<banding.bands {
            let key = bandKey(signature, band: band)
            nextInBucket.append(buckets[key] ?? -1)
            buckets[key] = entry
        }
        count += 1
    }

    private func bandKey(_ signature: UnsafeBufferPointer<UInt32>, band: Int) -> UInt64 {
        var h = MinHasher.fnvOffset ^ UInt64(band)
        let start = band * banding.rows
        for k in start..<(start + banding.rows) {
            h = (h ^ UInt64(signature[k])) &* MinHasher.fnvPrime
        }
        return MinHasher.fmix64(h)
    }

    private func agreements(_ signature: UnsafeBufferPointer<UInt32>, _ entry: Int) -> Int {
        signatures.withUnsafeBufferPointer { all in
            let base = entry * permutations
            var agree = 0
            for k in 0..<permutations where all[base + k] == signature[k] { agree += 1 }
            return agree
        }
    }
}

/// Settings of near-duplicate removal by MinHash LSH.
///
/// Defaults are the study's: 128 permutations, Jaccard threshold 0.7, shingles
/// of 5 consecutive code tokens. Bands and rows are derived from the threshold
/// (see `LSHBanding`) unless both are given.
public struct NearDedupSettings: Codable, Sendable, Equatable {
    /// Number of MinHash permutations (signature length).
    public var permutations: Int
    /// Estimated Jaccard similarity at or above which a later file is dropped.
    public var threshold: Double
    /// Tokens per shingle.
    public var shingleSize: Int
    /// LSH bands; derived from the threshold when nil.
    public var bands: Int?
    /// Rows (signature slots) per band; derived from the threshold when nil.
    public var rows: Int?

    enum CodingKeys: String, CodingKey {
        case permutations, threshold, shingleSize = "shingle_size", bands, rows
    }

    /// The study's settings.
    public static let study = NearDedupSettings(permutations: 128, threshold: 0.7, shingleSize: 5)

    public init(permutations: Int, threshold: Double, shingleSize: Int, bands: Int? = nil, rows: Int? = nil) {
        self.permutations = permutations
        self.threshold = threshold
        self.shingleSize = shingleSize
        self.bands = bands
        self.rows = rows
    }
}

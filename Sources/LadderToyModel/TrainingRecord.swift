/// What a model was trained on, kept in its file so two model files can be
/// told apart by how they were made and not only by their bytes.
public struct TrainingRecord: Sendable, Equatable, Codable {
    /// Seed of the shuffle that decides which texts fit the budget.
    public var seed: UInt64 = 0
    /// Budget in Unicode scalars; nil when every text was used.
    public var maxChars: Int?
    /// Texts handed to `train`.
    public var textsOffered = 0
    /// Texts that contributed at least one character.
    public var textsUsed = 0
    /// Unicode scalars counted.
    public var charactersUsed = 0

    public init(seed: UInt64 = 0, maxChars: Int? = nil, textsOffered: Int = 0, textsUsed: Int = 0, charactersUsed: Int = 0) {
        self.seed = seed
        self.maxChars = maxChars
        self.textsOffered = textsOffered
        self.textsUsed = textsUsed
        self.charactersUsed = charactersUsed
    }
}

extension TrainingRecord {
    enum CodingKeys: String, CodingKey { case seed, maxChars, textsOffered, textsUsed, charactersUsed }

    /// The seed is written as the signed number it came from (`ngram-train`
    /// takes the bits of its `seed` parameter), so every seed fits a JSON integer.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Int64(truncatingIfNeeded: seed), forKey: .seed)
        try c.encodeIfPresent(maxChars, forKey: .maxChars)
        try c.encode(textsOffered, forKey: .textsOffered)
        try c.encode(textsUsed, forKey: .textsUsed)
        try c.encode(charactersUsed, forKey: .charactersUsed)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(seed: UInt64(truncatingIfNeeded: try c.decode(Int64.self, forKey: .seed)),
                  maxChars: try c.decodeIfPresent(Int.self, forKey: .maxChars),
                  textsOffered: try c.decode(Int.self, forKey: .textsOffered), textsUsed: try c.decode(Int.self, forKey: .textsUsed),
                  charactersUsed: try c.decode(Int.self, forKey: .charactersUsed))
    }
}

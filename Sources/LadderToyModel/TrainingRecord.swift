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

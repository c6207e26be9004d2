/// What the model answered to one prompt, with every candidate's score so a
/// reader can see how close the choice was.
public struct SIB200Answer: Sendable, Equatable {
    /// One answer the model could give.
    public struct Candidate: Sendable, Equatable {
        /// The surface form, as it would be written out.
        public let text: String
        /// The category this form names.
        public let category: String
        /// Mean natural-log probability per character of `text` plus a newline.
        public let score: Double
    }

    /// The raw output: the best candidate's text.
    public let raw: String
    /// All candidates in candidate order (English names first).
    public let candidates: [Candidate]

    /// The category the chosen form names (what a perfect extractor reads).
    public var category: String? { candidates.first { $0.text == raw }?.category }
}

/// What the evaluation needs of a language model: rank answer options after
/// prompts, and continue prompts greedily. The CPU transformer implements it in
/// the engine layer; tests use small fakes.
public protocol EvalModel {
    /// For each request, Σ log p(continuation | prompt) of each of its continuations, in
    /// order. The requests of one call form one batch.
    func scoreContinuations(_ requests: [ScoringRequest]) throws -> [[Double]]
    /// Greedy continuations of one batch of prompts, at most `maxNewTokens` tokens each.
    func generate(prompts: [String], maxNewTokens: Int) throws -> [Generation]
}

/// One greedy continuation.
public struct Generation: Sendable, Equatable {
    public var text: String
    /// True when `max_new_tokens` ended it rather than a stop token.
    public var hitMaxNewTokens: Bool

    public init(text: String, hitMaxNewTokens: Bool) {
        self.text = text
        self.hitMaxNewTokens = hitMaxNewTokens
    }
}

/// A prompt and the continuations to score after it.
public struct ScoringRequest: Sendable, Equatable {
    public var prompt: String
    public var continuations: [String]

    public init(prompt: String, continuations: [String]) {
        self.prompt = prompt
        self.continuations = continuations
    }
}

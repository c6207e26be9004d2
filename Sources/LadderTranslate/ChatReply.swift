import Foundation

/// What a provider answered to one chat call, read from its response body.
public struct ChatReply: Sendable, Equatable {
    /// The assistant message's text.
    public var text: String
    /// Tokens the provider counted (billed ones where it reports them); 0 when it does not say.
    public var inputTokens: Int
    public var outputTokens: Int
    /// The provider's finish reason, lower-cased (`stop`, `complete`, `length`, `max_tokens`, ...).
    public var finishReason: String?

    public init(text: String, inputTokens: Int, outputTokens: Int, finishReason: String?) {
        self.text = text
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.finishReason = finishReason
    }

    /// Whether the answer was cut off by the token limit.
    public var wasTruncated: Bool {
        guard let r = finishReason else { return false }
        return r == "length" || r == "max_tokens"
    }
}

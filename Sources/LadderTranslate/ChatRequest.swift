import Foundation
import LadderCore

/// One chat call as the engine means it, before any provider's wire format:
/// a system message, a user message and the sampling parameters.
public struct ChatRequest: Sendable, Equatable {
    public var model: String
    public var system: String
    public var user: String
    public var temperature: Double
    public var topP: Double?
    public var topK: Int?
    public var maxTokens: Int
    public var seed: Int?

    public init(model: String, system: String, user: String, temperature: Double, topP: Double? = nil, topK: Int? = nil,
                maxTokens: Int, seed: Int? = nil) {
        self.model = model
        self.system = system
        self.user = user
        self.temperature = temperature
        self.topP = topP
        self.topK = topK
        self.maxTokens = maxTokens
        self.seed = seed
    }

    /// The messages list both providers take: `[{role: system, ...}, {role: user, ...}]`.
    var messages: Value {
        .array([.object(["role": .string("system"), "content": .string(system)]),
                .object(["role": .string("user"), "content": .string(user)])])
    }
}

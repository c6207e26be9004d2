import Foundation

/// Who translates: a chat API reached over HTTP, or the offline glossary.
public enum TranslateProvider: String, Sendable, CaseIterable {
    /// Cohere's v2 chat API (`POST /v2/chat`).
    case cohere
    /// Any OpenAI-compatible chat-completions endpoint (`POST /v1/chat/completions`):
    /// OpenAI, vLLM, llama.cpp's server, Ollama.
    case openai
    /// Word-level translation from a glossary file; no network, no model.
    case glossary

    /// Whether the provider is reached over HTTP.
    public var isChat: Bool { self != .glossary }

    /// The endpoint used when the ladder names none.
    public var defaultEndpoint: String? {
        switch self {
        case .cohere: return "https://api.cohere.com/v2/chat"
        case .openai: return "https://api.openai.com/v1/chat/completions"
        case .glossary: return nil
        }
    }

    /// The environment variable holding the API key when the ladder names none.
    public var defaultKeyVariable: String? {
        switch self {
        case .cohere: return "COHERE_API_KEY"
        case .openai: return "OPENAI_API_KEY"
        case .glossary: return nil
        }
    }

    /// The request and response shapes of the provider's chat API.
    var wire: (any ChatWire)? {
        switch self {
        case .cohere: return CohereChatWire()
        case .openai: return OpenAIChatWire()
        case .glossary: return nil
        }
    }
}

import Foundation
import LadderCore

/// A provider's request and response shapes (see docs/translate.md for both,
/// with where they come from).
protocol ChatWire: Sendable {
    /// The request body, as a JSON value (written canonically: sorted keys).
    func body(_ request: ChatRequest) -> Value
    /// Reads a 2xx response body; throws `CallFailure` (`malformed-response`) when it is not the provider's shape.
    func reply(_ body: Data) throws -> ChatReply
    /// The human-readable error message inside an error body, if the provider put one there.
    func errorMessage(_ body: Data) -> String?
}

extension ChatWire {
    func parse(_ body: Data) throws -> Value {
        do {
            return try Value.parseJSON(body)
        } catch {
            throw CallFailure(.malformedResponse, "the response body is not JSON (\(body.count) bytes)")
        }
    }

    static func int(_ v: Value?) -> Int { v?.intValue ?? 0 }
}

/// OpenAI's chat completions (`POST {base}/v1/chat/completions`), which vLLM,
/// llama.cpp's server and Ollama implement too.
struct OpenAIChatWire: ChatWire {
    func body(_ r: ChatRequest) -> Value {
        var o: [String: Value] = ["model": .string(r.model), "messages": r.messages, "temperature": .double(r.temperature),
                                  "max_tokens": .int(r.maxTokens), "stream": .bool(false)]
        if let p = r.topP { o["top_p"] = .double(p) }
        // Not in OpenAI's reference; vLLM and llama.cpp's server accept it.
        if let k = r.topK { o["top_k"] = .int(k) }
        if let s = r.seed { o["seed"] = .int(s) }
        return .object(o)
    }

    func reply(_ body: Data) throws -> ChatReply {
        let v = try parse(body)
        guard let choice = v["choices"]?.arrayValue?.first, let message = choice["message"] else {
            throw CallFailure(.malformedResponse, "the response has no choices[0].message")
        }
        let text: String
        switch message["content"] {
        case .string(let s)?: text = s
        case .array(let parts)?: text = parts.compactMap { $0["text"]?.stringValue }.joined()
        default: throw CallFailure(.malformedResponse, "choices[0].message.content is missing")
        }
        let usage = v["usage"]
        return ChatReply(text: text, inputTokens: Self.int(usage?["prompt_tokens"]), outputTokens: Self.int(usage?["completion_tokens"]),
                         finishReason: choice["finish_reason"]?.stringValue?.lowercased())
    }

    func errorMessage(_ body: Data) -> String? {
        guard let v = try? Value.parseJSON(body) else { return nil }
        return v["error"]?["message"]?.stringValue ?? v["error"]?.stringValue ?? v["message"]?.stringValue
    }
}

/// Cohere's v2 chat API (`POST https://api.cohere.com/v2/chat`).
struct CohereChatWire: ChatWire {
    func body(_ r: ChatRequest) -> Value {
        var o: [String: Value] = ["model": .string(r.model), "messages": r.messages, "temperature": .double(r.temperature),
                                  "max_tokens": .int(r.maxTokens), "stream": .bool(false)]
        if let p = r.topP { o["p"] = .double(p) }
        if let k = r.topK { o["k"] = .int(k) }
        if let s = r.seed { o["seed"] = .int(s) }
        return .object(o)
    }

    func reply(_ body: Data) throws -> ChatReply {
        let v = try parse(body)
        guard let message = v["message"] else { throw CallFailure(.malformedResponse, "the response has no message") }
        guard let parts = message["content"]?.arrayValue else {
            throw CallFailure(.malformedResponse, "message.content is not a list")
        }
        let text = parts.filter { ($0["type"]?.stringValue ?? "text") == "text" }.compactMap { $0["text"]?.stringValue }.joined()
        let usage = v["usage"]
        let billed = usage?["billed_units"], tokens = usage?["tokens"]
        let input = billed?["input_tokens"] != nil ? Self.int(billed?["input_tokens"]) : Self.int(tokens?["input_tokens"])
        let output = billed?["output_tokens"] != nil ? Self.int(billed?["output_tokens"]) : Self.int(tokens?["output_tokens"])
        return ChatReply(text: text, inputTokens: input, outputTokens: output, finishReason: v["finish_reason"]?.stringValue?.lowercased())
    }

    func errorMessage(_ body: Data) -> String? {
        guard let v = try? Value.parseJSON(body) else { return nil }
        return v["message"]?.stringValue ?? v["data"]?.stringValue
    }
}

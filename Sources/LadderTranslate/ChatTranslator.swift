import Foundation

/// Segments and files through a chat provider: the prompt template renders
/// the messages, `ChatClient` sends them, `AnswerParser` reads the answer.
/// An answer that is not what the prompt asked for (or was cut off) is
/// dropped from the response cache and reported as `bad-answer` /
/// `truncated-answer`, so the item's next try asks again.
struct ChatTranslator: SegmentTranslator {
    let settings: TranslateSettings
    let template: PromptTemplate
    let glossaryText: String
    let client: ChatClient
    let system: String

    init(settings: TranslateSettings, template: PromptTemplate, glossary: Glossary?, client: ChatClient) throws {
        self.settings = settings
        self.template = template
        glossaryText = glossary?.promptText(settings.lang) ?? "{}"
        self.client = client
        system = try template.systemMessage(lang: settings.lang)
    }

    func request(user: String) -> ChatRequest {
        ChatRequest(model: settings.model ?? "", system: system, user: user, temperature: settings.temperature, topP: settings.topP,
                    topK: settings.topK, maxTokens: settings.maxTokens, seed: settings.samplingSeed)
    }

    func segments(_ kind: SegmentKind, _ texts: [String], label: String, stats: inout CallStats) throws -> [String] {
        let user = try template.segmentsMessage(lang: settings.lang, kind: kind, segments: texts, glossary: glossaryText)
        let (reply, key) = try client.send(request(user: user), label: label, stats: &stats)
        if reply.wasTruncated {
            client.forget(key)
            throw CallFailure(.truncatedAnswer, "the answer for \(texts.count) \(kind.rawValue) stopped at max_tokens (\(settings.maxTokens))")
        }
        guard let list = AnswerParser.stringList(reply.text) else {
            client.forget(key)
            throw CallFailure(.badAnswer, "the answer for \(texts.count) \(kind.rawValue) is not a JSON list of strings")
        }
        guard list.count == texts.count else {
            client.forget(key)
            throw CallFailure(.badAnswer, "asked for \(texts.count) \(kind.rawValue), the answer has \(list.count)")
        }
        return list
    }

    func wholeFile(_ source: String, label: String, stats: inout CallStats) throws -> String {
        let user = try template.wholeFileMessage(lang: settings.lang, source: source, glossary: glossaryText)
        let (reply, key) = try client.send(request(user: user), label: label, stats: &stats)
        if reply.wasTruncated {
            client.forget(key)
            throw CallFailure(.truncatedAnswer, "the answer stopped at max_tokens (\(settings.maxTokens))")
        }
        guard let code = AnswerParser.code(reply.text) else {
            client.forget(key)
            throw CallFailure(.badAnswer, "the answer holds no code")
        }
        return code
    }
}

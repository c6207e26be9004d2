import Foundation
import LadderCore
import LadderPython

/// A translate step's parameters, typed and checked. Built from the step's
/// resolved params at plan time (so mistakes are reported before anything
/// runs) and again at run time. Every field here comes from the ladder and
/// enters the step key; the API key's *value* is never one of them, only the
/// name of the environment variable that holds it.
public struct TranslateSettings: Sendable, Equatable {
    /// How a file is cut into calls.
    public enum Mode: String, Sendable, CaseIterable {
        /// Identifiers, comments, docstrings and string literals, translated in batches and put back.
        case segments
        /// The whole file in one call.
        case wholeFile = "whole-file"
    }

    /// What happens to a file whose translation fails validation.
    public enum InvalidPolicy: String, Sendable, CaseIterable {
        /// The file is left out of the dataset; its ledger row is `failed` (`invalid-python`).
        case exclude
        /// The file stays in the dataset; its ledger row is `ok` with validation `failed`.
        case keep
    }

    /// Whether outputs are compiled with `python3`.
    public enum CompileCheck: String, Sendable, CaseIterable {
        /// When `python3` can be started; otherwise the validation says `not-run`.
        case auto
        /// Always; a missing `python3` is an error before any call.
        case required
        /// Never (the tokenizer and the reverse transpiler still check every file).
        case off
    }

    /// What transient failures left at the end of an attempt do to the step.
    public enum TransientPolicy: String, Sendable, CaseIterable {
        /// The step fails with exit status 75 so a retry or the next run redoes those items.
        case fail
        /// The step succeeds; the items stay `failed` in the ledger.
        case accept
    }

    public var lang: String
    public var provider: TranslateProvider
    public var mode: Mode
    public var model: String?
    public var endpoint: String?
    /// The environment variable read for the API key; nil when the endpoint needs none.
    public var apiKeyVariable: String?
    public var promptTemplate: String
    public var glossary: String?
    public var temperature: Double
    public var topP: Double?
    public var topK: Int?
    public var maxTokens: Int
    public var samplingSeed: Int?
    public var requestsPerMinute: Double
    public var tokensPerMinute: Double?
    public var concurrency: Int
    public var timeoutSeconds: Double
    public var maxRetries: Int
    public var backoffSeconds: Double
    public var itemAttempts: Int
    public var maxWallSeconds: Double?
    public var budgetUSD: Double?
    public var priceInputPerMillion: Double
    public var priceOutputPerMillion: Double
    public var batchSegments: Int
    public var batchChars: Int
    public var onInvalid: InvalidPolicy
    public var onTransient: TransientPolicy
    public var compileCheck: CompileCheck
    public var numerals: Bool
    public var timeScale: Double
    public var maxBytes: Int

    public static let defaultPromptTemplate = "builtin:translate-v1"

    /// Reads and checks `params`; a mistake is a bad-input error naming the parameter.
    public init(params: [String: Value]) throws {
        func string(_ k: String) throws -> String? {
            guard let v = params[k], v != .null else { return nil }
            guard let s = v.stringValue else { throw Self.bad("`\(k)` must be text, found \(v.canonicalJSON)") }
            return s
        }
        func number(_ k: String, _ d: Double?, min: Double? = nil, above: Double? = nil) throws -> Double? {
            guard let v = params[k], v != .null else { return d }
            guard case let x? = Self.number(v) else { throw Self.bad("`\(k)` must be a number, found \(v.canonicalJSON)") }
            if let min, x < min { throw Self.bad("`\(k)` must be at least \(min), found \(x)") }
            if let above, x <= above { throw Self.bad("`\(k)` must be more than \(above), found \(x)") }
            return x
        }
        func int(_ k: String, _ d: Int?, min: Int) throws -> Int? {
            guard let v = params[k], v != .null else { return d }
            let x: Int
            switch v {
            case .int(let i): x = i
            case .double(let f) where f == f.rounded() && abs(f) < 1e15: x = Int(f)
            default: throw Self.bad("`\(k)` must be a whole number, found \(v.canonicalJSON)")
            }
            guard x >= min else { throw Self.bad("`\(k)` must be at least \(min), found \(x)") }
            return x
        }
        func word<E: RawRepresentable & CaseIterable>(_ k: String, _ d: E?) throws -> E? where E.RawValue == String {
            guard let s = try string(k) else { return d }
            guard let e = E(rawValue: s) else {
                throw Self.bad("`\(k)` cannot be '\(s)'; allowed: \(E.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return e
        }
        guard let lang = try string("lang") else { throw Self.bad("needs `lang` (\(LanguagePack.builtinLanguages.joined(separator: ", ")))") }
        guard LanguagePack.builtinLanguages.contains(lang) else {
            throw Self.bad("no language pack for `lang` '\(lang)'; packs: \(LanguagePack.builtinLanguages.joined(separator: ", "))")
        }
        self.lang = lang
        guard let provider: TranslateProvider = try word("provider", nil) else {
            throw Self.bad("needs `provider` (\(TranslateProvider.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        self.provider = provider
        mode = try word("mode", Mode.segments)!
        model = try string("model")
        endpoint = try string("endpoint") ?? provider.defaultEndpoint
        let keyVariable = try string("api_key_env") ?? provider.defaultKeyVariable
        apiKeyVariable = keyVariable?.isEmpty == true ? nil : keyVariable
        promptTemplate = try string("prompt_template") ?? Self.defaultPromptTemplate
        glossary = try string("glossary")
        temperature = try number("temperature", 0.3, min: 0)!
        topP = try number("top_p", nil, min: 0)
        topK = try int("top_k", nil, min: 0)
        maxTokens = try int("max_tokens", 4096, min: 1)!
        samplingSeed = try int("sampling_seed", nil, min: 0)
        requestsPerMinute = try number("requests_per_minute", 60, above: 0)!
        tokensPerMinute = try number("tokens_per_minute", nil, above: 0)
        concurrency = try int("concurrency", 1, min: 1)!
        timeoutSeconds = try number("timeout_seconds", 120, above: 0)!
        maxRetries = try int("max_retries", 5, min: 0)!
        backoffSeconds = try number("backoff_seconds", 2, min: 0)!
        itemAttempts = try int("item_attempts", 2, min: 1)!
        maxWallSeconds = try number("max_wall_seconds", nil, above: 0)
        budgetUSD = try number("budget_usd", nil, min: 0)
        priceInputPerMillion = try number("price_input_per_million", 0, min: 0)!
        priceOutputPerMillion = try number("price_output_per_million", 0, min: 0)!
        batchSegments = try int("batch_segments", 40, min: 1)!
        batchChars = try int("batch_chars", 6000, min: 1)!
        onInvalid = try word("on_invalid", InvalidPolicy.exclude)!
        onTransient = try word("on_transient", TransientPolicy.fail)!
        compileCheck = try word("compile_check", CompileCheck.auto)!
        if let v = params["numerals"], v != .null {
            guard let b = v.boolValue else { throw Self.bad("`numerals` must be true or false") }
            numerals = b
        } else {
            numerals = true
        }
        timeScale = try number("time_scale", 1, min: 0)!
        maxBytes = try int("max_bytes", 1 << 20, min: 1)!

        if provider.isChat {
            guard let model, !model.isEmpty else { throw Self.bad("provider \(provider.rawValue) needs `model`") }
            guard let endpoint, let url = URL(string: endpoint), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
                  url.host != nil else {
                throw Self.bad("`endpoint` must be an http(s) URL, found '\(endpoint ?? "")'")
            }
            if url.user != nil || url.password != nil || url.query != nil {
                throw Self.bad("`endpoint` must not carry credentials or a query; the API key comes from `api_key_env`")
            }
        } else {
            guard glossary != nil else { throw Self.bad("provider glossary needs `glossary`: a glossary file relative to the ladder") }
            guard mode == .segments else { throw Self.bad("provider glossary translates word by word: use mode segments") }
        }
        if let v = apiKeyVariable, v.isEmpty || v.contains("=") || v.contains("\u{0}") {
            throw Self.bad("`api_key_env` must name an environment variable")
        }
    }

    static func number(_ v: Value) -> Double? {
        switch v {
        case .int(let i): return Double(i)
        case .double(let d) where d.isFinite: return d
        default: return nil
        }
    }

    static func bad(_ message: String) -> LadderError { .badInput("translate: \(message)") }

    /// The estimated cost of a call, in US dollars, from the declared prices.
    public func cost(inputTokens: Int, outputTokens: Int) -> Double {
        (Double(inputTokens) * priceInputPerMillion + Double(outputTokens) * priceOutputPerMillion) / 1_000_000
    }
}

import Foundation

/// Why one call, or one item, did not succeed: a stable class for the ledger
/// and a message for people. Messages never hold the API key (`Redactor`).
public struct CallFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, CaseIterable {
        /// HTTP 429 after every retry.
        case rateLimited = "rate-limited"
        /// HTTP 5xx (or 408) after every retry.
        case serverError = "server-error"
        /// No complete response within `timeout_seconds`, after every retry.
        case timeout
        /// The connection failed, was reset, or the body was cut short, after every retry.
        case connection
        /// A 2xx body that is not the provider's JSON shape, after every retry.
        case malformedResponse = "malformed-response"
        /// HTTP 401/403: the key is missing, wrong or not allowed. Stops the whole step.
        case auth
        /// Another 4xx: the request itself was refused; not retried.
        case refused
        /// The model's text is not what the prompt asked for (not a JSON list of the right length, no code).
        case badAnswer = "bad-answer"
        /// The answer was cut off at `max_tokens`.
        case truncatedAnswer = "truncated-answer"
        /// The input file cannot be tokenized as Python.
        case inputError = "input-error"
        /// The translation does not tokenize, reverse or compile (`on_invalid: exclude`).
        case invalidPython = "invalid-python"
        /// A breaker tripped or the run was stopped before the item's calls were done.
        case stopped

        /// Whether the next attempt may well succeed (so the step reports exit status 75).
        public var isTransient: Bool {
            switch self {
            case .rateLimited, .serverError, .timeout, .connection, .malformedResponse, .stopped: return true
            default: return false
            }
        }
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "\(kind.rawValue): \(message)" }
}

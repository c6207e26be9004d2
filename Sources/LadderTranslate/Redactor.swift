import Foundation

/// Removes the API key from any text before it is logged, stored in a ledger
/// row, or written anywhere: error bodies can echo request headers.
struct Redactor: Sendable {
    let secret: String?

    func clean(_ text: String) -> String {
        guard let secret, secret.count >= 4 else { return text }
        return text.replacingOccurrences(of: secret, with: "[redacted]")
    }
}

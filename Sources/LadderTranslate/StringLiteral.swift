import Foundation
import LadderPython

/// A Python string literal cut into prefix, quotes and body, so a translated
/// body can be written back safely (quotes and line breaks escaped where the
/// literal allows it, refused where it does not).
struct StringLiteral: Sendable, Equatable {
    var prefix: String
    var quote: String
    var body: String

    /// Reads a whole string token's text; nil for anything else.
    init?(_ text: String) {
        let prefix = String(text.prefix { $0.isASCII && $0.isLetter })
        guard prefix.count <= 2 else { return nil }
        let rest = text.dropFirst(prefix.count)
        let quote: String
        if rest.hasPrefix("'''") || rest.hasPrefix("\"\"\"") {
            quote = String(rest.prefix(3))
        } else if rest.hasPrefix("'") || rest.hasPrefix("\"") {
            quote = String(rest.prefix(1))
        } else {
            return nil
        }
        guard rest.count >= 2 * quote.count, rest.hasSuffix(quote) else { return nil }
        self.prefix = prefix
        self.quote = quote
        body = String(rest.dropFirst(quote.count).dropLast(quote.count))
    }

    var isRaw: Bool { prefix.lowercased().contains("r") }
    var isBytes: Bool { prefix.lowercased().contains("b") }
    var isFormatted: Bool { prefix.lowercased().contains("f") || prefix.lowercased().contains("t") }
    var isTriple: Bool { quote.count == 3 }

    /// The literal with `translated` as its body, or nil when it cannot be written so that
    /// Python reads one string literal back (a raw string cannot escape its quote).
    func with(body translated: String) -> String? {
        var t = translated
        let q = quote.first!
        if !isTriple {
            if isRaw {
                if t.contains(where: { $0 == "\n" || $0 == "\r" }) { return nil }
            } else {
                t = t.replacingOccurrences(of: "\r\n", with: "\\n").replacingOccurrences(of: "\n", with: "\\n")
                    .replacingOccurrences(of: "\r", with: "\\r")
            }
        }
        if isRaw {
            if t.contains(isTriple ? quote : String(q)) || (isTriple && t.last == q) { return nil }
            if Self.trailingBackslashes(t) % 2 == 1 { return nil }
        } else if !isTriple || t.contains(quote) || t.last == q || Self.trailingBackslashes(t) % 2 == 1 {
            var out = ""
            var escaped = false
            for ch in t {
                if escaped { out.append(ch); escaped = false; continue }
                if ch == "\\" { out.append(ch); escaped = true; continue }
                if ch == q { out.append("\\") }
                out.append(ch)
            }
            if escaped { out.append("\\") }
            t = out
        }
        let literal = prefix + quote + t + quote
        guard let tokens = try? PythonTokenizer(text: literal + "\n", fStringMode: .whole).tokenize(),
              let first = tokens.first, first.kind == .string, first.range == 0..<literal.utf8.count else { return nil }
        return literal
    }

    static func trailingBackslashes(_ s: String) -> Int {
        var n = 0
        for ch in s.reversed() { if ch == "\\" { n += 1 } else { break } }
        return n
    }
}

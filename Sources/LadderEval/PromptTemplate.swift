import LadderCore

/// One prompt with `{name}` placeholders; `{{` and `}}` are literal braces.
/// Any other brace, or a placeholder the benchmark's rows do not supply, is an
/// error when the template is read.
public struct PromptTemplate: Sendable, Equatable {
    enum Piece: Sendable, Equatable {
        case literal(String)
        case field(String)
    }

    let pieces: [Piece]

    /// Parses `text`; `fields` are the placeholders allowed; `origin` prefixes messages.
    public init(_ text: String, fields: [String], origin: String) throws {
        var pieces: [Piece] = []
        var literal = ""
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "{" {
                if i + 1 < chars.count, chars[i + 1] == "{" { literal.append("{"); i += 2; continue }
                guard let close = chars[(i + 1)...].firstIndex(of: "}") else {
                    throw LadderError.badInput("\(origin): '{' at character \(i + 1) is never closed; write {{ for a literal brace")
                }
                let name = String(chars[(i + 1)..<close])
                guard fields.contains(name) else {
                    throw LadderError.badInput("\(origin): placeholder {\(name)} is not one of the benchmark's fields (\(fields.map { "{\($0)}" }.joined(separator: ", "))); write {{ and }} for literal braces")
                }
                if !literal.isEmpty { pieces.append(.literal(literal)); literal = "" }
                pieces.append(.field(name))
                i = close + 1
            } else if c == "}" {
                guard i + 1 < chars.count, chars[i + 1] == "}" else {
                    throw LadderError.badInput("\(origin): a lone '}' at character \(i + 1); write }} for a literal brace")
                }
                literal.append("}")
                i += 2
            } else {
                literal.append(c)
                i += 1
            }
        }
        if !literal.isEmpty { pieces.append(.literal(literal)) }
        self.pieces = pieces
    }

    /// The placeholders used, in order of first use.
    public var placeholders: [String] {
        var out: [String] = []
        for case .field(let n) in pieces where !out.contains(n) { out.append(n) }
        return out
    }

    /// The prompt for one row; a placeholder the row lacks is an error.
    public func render(_ values: [String: String]) throws -> String {
        var out = ""
        for p in pieces {
            switch p {
            case .literal(let s): out += s
            case .field(let n):
                guard let v = values[n] else { throw LadderError.badInput("the row supplies no value for {\(n)}") }
                out += v
            }
        }
        return out
    }
}

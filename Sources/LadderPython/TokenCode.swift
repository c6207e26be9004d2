import Foundation

/// A one-byte summary of a significant token, enough for the name-role
/// analysis to see statement structure without looking at text again.
enum TokenCode: UInt8 {
    case other, number, string, newline, indent, dedent, end
    case lparen, rparen, lbrack, rbrack, lbrace, rbrace
    case comma, colon, semicolon, assign, dot, walrus, star, doubleStar, augAssign, op
    // Identifiers: plain, then the soft keywords (still identifiers).
    case name, softMatch, softCase, softType, softUnderscore
    // Hard keywords, in `keywordNames` order.
    case kFalse, kNone, kTrue, kAnd, kAs, kAssert, kAsync, kAwait, kBreak, kClass, kContinue, kDef
    case kDel, kElif, kElse, kExcept, kFinally, kFor, kFrom, kGlobal, kIf, kImport, kIn, kIs, kLambda
    case kNonlocal, kNot, kOr, kPass, kRaise, kReturn, kTry, kWhile, kWith, kYield

    /// Python 3's hard keywords (`keyword.kwlist`), in `TokenCode` order.
    static let keywordNames = ["False", "None", "True", "and", "as", "assert", "async", "await", "break",
                               "class", "continue", "def", "del", "elif", "else", "except", "finally", "for",
                               "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or",
                               "pass", "raise", "return", "try", "while", "with", "yield"]
    /// Python's soft keywords (`keyword.softkwlist`), in `TokenCode` order.
    static let softKeywordNames = ["match", "case", "type", "_"]

    @inline(__always) var isKeyword: Bool { rawValue >= TokenCode.kFalse.rawValue }
    @inline(__always) var isIdentifier: Bool { rawValue >= TokenCode.name.rawValue && rawValue <= TokenCode.softUnderscore.rawValue }
    @inline(__always) var isOpen: Bool { self == .lparen || self == .lbrack || self == .lbrace }
    @inline(__always) var isClose: Bool { self == .rparen || self == .rbrack || self == .rbrace }

    /// The code of an operator token's bytes.
    @inline(__always) static func op(_ p: UnsafePointer<UInt8>, _ count: Int) -> TokenCode {
        let c = p[0]
        if count == 1 {
            switch c {
            case 0x28: return .lparen
            case 0x29: return .rparen
            case 0x5B: return .lbrack
            case 0x5D: return .rbrack
            case 0x7B: return .lbrace
            case 0x7D: return .rbrace
            case 0x2C: return .comma
            case 0x3A: return .colon
            case 0x3B: return .semicolon
            case 0x3D: return .assign
            case 0x2E: return .dot
            case 0x2A: return .star
            default: return .op
            }
        }
        if count == 2 && c == 0x3A { return .walrus }
        if count == 2 && c == 0x2A && p[1] == 0x2A { return .doubleStar }
        if p[count - 1] == 0x3D {
            // `==`, `<=`, `>=`, `!=` compare; every other `...=` assigns.
            if count == 2 && (c == 0x3D || c == 0x3C || c == 0x3E || c == 0x21) { return .op }
            return .augAssign
        }
        return .op
    }
}

import Foundation

/// Decides each name's role from statement structure alone, one pass over
/// the significant tokens (no comments or non-logical line breaks).
///
/// Not a parser: it knows just enough grammar to find where names are bound
/// (assignment and annotation targets, augmented assignment, parameters of
/// def and lambda, def/class names, type parameters, import, for-targets in
/// statements and comprehensions, `as` targets of with/except/import/case,
/// global/nonlocal, walrus, capture patterns) and where soft keywords act as
/// keywords. Grammar: *The Python Language Reference* 3.12, chapters 6-8.
struct NameRoleAnalysis {
    let c: UnsafeBufferPointer<TokenCode>
    /// Output, one role per token, all `.unset` on entry; owned by the caller.
    let role: UnsafeMutableBufferPointer<NameRole>

    init(codes: UnsafeBufferPointer<TokenCode>, roles: UnsafeMutableBufferPointer<NameRole>) {
        c = codes
        role = roles
    }

    @inline(__always) func code(_ q: Int) -> TokenCode { q < c.count ? c[q] : .end }

    mutating func run() {
        var p = 0
        var matchBlocks: [Bool] = []
        var pendingMatch = false
        while p < c.count {
            switch c[p] {
            case .newline:
                p += 1
            case .indent:
                matchBlocks.append(pendingMatch)
                pendingMatch = false
                p += 1
            case .dedent:
                if !matchBlocks.isEmpty { matchBlocks.removeLast() }
                p += 1
            case .end:
                return
            default:
                var e = p
                while e < c.count && c[e] != .newline && c[e] != .end { e += 1 }
                pendingMatch = logicalLine(p, e, inMatchBlock: matchBlocks.last ?? false)
                p = e
            }
        }
    }

    /// One logical line `[s, e)`: compound headers and `;`-separated simple
    /// statements. Returns whether it is a `match` statement header.
    mutating func logicalLine(_ s: Int, _ e: Int, inMatchBlock: Bool) -> Bool {
        var p = s
        var isMatch = false
        while p < e {
            var header = false
            switch c[p] {
            case .kIf, .kElif, .kElse, .kWhile, .kFor, .kTry, .kExcept, .kFinally, .kWith, .kDef, .kClass:
                header = true
            case .kAsync:
                let next = code(p + 1)
                header = next == .kDef || next == .kFor || next == .kWith
            case .softMatch:
                // `match` is a statement only when the line ends with the
                // block colon and the next token can begin a subject.
                if p == s && e - s >= 3 && c[e - 1] == .colon && Self.canStartSubject(c[p + 1]) {
                    header = true
                    isMatch = true
                    role[p] = .softKeyword
                }
            case .softCase:
                // Every statement directly inside a match block is a case clause.
                if p == s && inMatchBlock && e - s >= 3 {
                    header = true
                    role[p] = .softKeyword
                }
            default:
                break
            }
            if header {
                let colon = headerColon(p, e)
                compoundHeader(p, colon)
                p = colon + 1
            } else {
                let end = statementEnd(p, e)
                simpleStatement(p, end)
                p = end + 1
            }
        }
        return isMatch
    }

    static func canStartSubject(_ k: TokenCode) -> Bool {
        switch k {
        case .dot, .assign, .colon, .comma, .augAssign, .walrus, .rparen, .rbrack, .rbrace, .semicolon, .newline, .end:
            return false
        default:
            return true
        }
    }

    /// The block colon of a compound header: the first `:` outside brackets
    /// that no `lambda` claims.
    func headerColon(_ p: Int, _ e: Int) -> Int {
        var depth = 0
        var lambdas = 0
        for q in p..<e {
            let k = c[q]
            if k.isOpen { depth += 1 } else if k.isClose { depth = max(0, depth - 1) }
            else if depth == 0 && k == .kLambda { lambdas += 1 }
            else if depth == 0 && k == .colon {
                if lambdas > 0 { lambdas -= 1 } else { return q }
            }
        }
        return e
    }

    /// The `;` ending a simple statement outside brackets, or `e`.
    func statementEnd(_ p: Int, _ e: Int) -> Int {
        var depth = 0
        for q in p..<e {
            let k = c[q]
            if k.isOpen { depth += 1 } else if k.isClose { depth = max(0, depth - 1) }
            else if depth == 0 && k == .semicolon { return q }
        }
        return e
    }

    /// The index of the bracket closing the one at `open`, or `limit`.
    func matching(_ open: Int, _ limit: Int) -> Int {
        var depth = 0
        for q in open..<limit {
            if c[q].isOpen { depth += 1 } else if c[q].isClose {
                depth -= 1
                if depth == 0 { return q }
            }
        }
        return limit
    }

    mutating func compoundHeader(_ p: Int, _ colon: Int) {
        var q = p
        if c[q] == .kAsync { q += 1 }
        switch c[q] {
        case .kDef, .kClass:
            if q + 1 < colon && c[q + 1].isIdentifier { role[q + 1] = .binding }
            var r = q + 2
            if r < colon && c[r] == .lbrack {
                let close = matching(r, colon)
                parameters(r + 1, close)
                r = close + 1
            }
            if c[q] == .kDef && r < colon && c[r] == .lparen {
                parameters(r + 1, matching(r, colon))
            }
        case .softCase:
            var guardAt = colon
            var depth = 0
            for r in (q + 1)..<colon {
                let k = c[r]
                if k.isOpen { depth += 1 } else if k.isClose { depth -= 1 }
                else if depth == 0 && k == .kIf { guardAt = r; break }
            }
            capturePattern(q + 1, guardAt)
        default:
            break
        }
        walk(p, colon)
    }

    mutating func simpleStatement(_ p: Int, _ end: Int) {
        guard p < end else { return }
        switch c[p] {
        case .kImport, .kFrom:
            importStatement(p, end)
        case .kGlobal, .kNonlocal:
            for q in (p + 1)..<end where c[q].isIdentifier { role[q] = .binding }
        case .softType where p + 2 < end && c[p + 1].isIdentifier && (c[p + 2] == .assign || c[p + 2] == .lbrack):
            role[p] = .softKeyword
            role[p + 1] = .binding
            if c[p + 2] == .lbrack { parameters(p + 3, matching(p + 2, end)) }
        default:
            assignmentTargets(p, end)
        }
        walk(p, end)
    }
}

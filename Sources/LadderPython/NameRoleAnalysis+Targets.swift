import Foundation

extension NameRoleAnalysis {
    /// Targets left of `=`, of an augmented assignment, or of an annotation.
    mutating func assignmentTargets(_ p: Int, _ end: Int) {
        var segment = p
        var depth = 0
        for q in p..<end {
            let k = c[q]
            if k.isOpen { depth += 1; continue }
            if k.isClose { depth = max(0, depth - 1); continue }
            guard depth == 0 else { continue }
            switch k {
            case .assign:
                target(segment, q)
                segment = q + 1
            case .augAssign:
                target(segment, q)
                return
            case .colon where segment == p:
                target(segment, q)  // `x: int = 1` has one target; the rest is annotation and value
                return
            case .kLambda:
                return  // from here on, `=` and `:` belong to the lambda
            default:
                break
            }
        }
    }

    /// Marks the names a target list `[s, e)` binds: bare names, possibly
    /// inside tuple/list brackets or after `*`; not names used in subscripts,
    /// calls or attribute chains.
    mutating func target(_ s: Int, _ e: Int) {
        // Bit d of `trailerBits` says whether bracket level d is a call or
        // subscript; deeper than 64 levels counts as a trailer (never binds).
        var trailerBits: UInt64 = 0
        var depth = 0
        var trailers = 0
        for q in s..<e {
            let k = c[q]
            if k.isOpen {
                let trailer = depth >= 64 || (q > s && (c[q - 1].isIdentifier || c[q - 1] == .rparen || c[q - 1] == .rbrack || c[q - 1] == .string))
                if depth < 64 {
                    if trailer { trailerBits |= 1 << UInt64(depth) } else { trailerBits &= ~(1 << UInt64(depth)) }
                }
                depth += 1
                if trailer { trailers += 1 }
            } else if k.isClose {
                guard depth > 0 else { continue }
                depth -= 1
                if depth >= 64 || trailerBits & (1 << UInt64(depth)) != 0 { trailers -= 1 }
            } else if k.isIdentifier && trailers == 0 {
                let afterDot = q > 0 && c[q - 1] == .dot
                let next = q + 1 < e ? c[q + 1] : TokenCode.end
                if !afterDot && next != .dot && next != .lparen && next != .lbrack { role[q] = .binding }
            }
        }
    }

    /// Parameter names in a def or lambda parameter list or a type-parameter
    /// list `[s, e)`: the first name of each comma-separated item.
    mutating func parameters(_ s: Int, _ e: Int) {
        var expectName = true
        var depth = 0
        var q = s
        while q < e {
            let k = c[q]
            q += 1
            if k.isOpen { depth += 1; continue }
            if k.isClose { depth -= 1; continue }
            guard depth == 0 else { continue }
            switch k {
            case .comma:
                expectName = true
            case .star, .doubleStar:
                break
            default:
                if expectName && k.isIdentifier { role[q - 1] = .binding }
                expectName = false
            }
        }
    }

    /// Capture names of a case pattern `[s, e)`; `_` is the wildcard.
    /// Dotted names, class names (`Point(`) and keyword patterns (`x=`) are
    /// left to `walk`.
    mutating func capturePattern(_ s: Int, _ e: Int) {
        for q in s..<e where c[q].isIdentifier && role[q] == .unset {
            let next = code(q + 1)
            if c[q - 1] == .dot || next == .dot || next == .lparen || next == .assign { continue }
            role[q] = c[q] == .softUnderscore ? .softKeyword : .binding
        }
    }

    mutating func importStatement(_ p: Int, _ end: Int) {
        var q = p + 1
        if c[p] == .kFrom {
            while q < end && c[q] != .kImport {
                if c[q].isIdentifier { role[q] = .importPath }
                q += 1
            }
            q += 1
        }
        var itemStart = q
        while q <= end {
            if q == end || c[q] == .comma {
                importItem(itemStart, q)
                itemStart = q + 1
            }
            q += 1
        }
    }

    /// `a.b.c` binds `a`; `a.b as d` binds only `d`.
    mutating func importItem(_ s: Int, _ e: Int) {
        var asAt = e
        for q in s..<e where c[q] == .kAs { asAt = q; break }
        var first = true
        for q in s..<e where c[q].isIdentifier {
            if q > asAt {
                role[q] = .binding
            } else {
                role[q] = first && asAt == e ? .binding : .importPath
                first = false
            }
        }
    }

    /// Roles for every name in `[s, e)` not decided yet, plus the bindings
    /// that expressions introduce (lambda parameters, comprehension targets,
    /// `as` targets, walrus).
    mutating func walk(_ s: Int, _ e: Int) {
        // Bit d of `parenBits` says whether bracket level d is a `(`.
        var parenBits: UInt64 = 0
        var depth = 0
        for q in s..<e {
            let k = c[q]
            if k.isOpen {
                if depth < 64 {
                    if k == .lparen { parenBits |= 1 << UInt64(depth) } else { parenBits &= ~(1 << UInt64(depth)) }
                }
                depth += 1
                continue
            }
            if k.isClose { depth = max(0, depth - 1); continue }
            if k.isKeyword {
                role[q] = .keyword
                switch k {
                case .kLambda: parameters(q + 1, firstAtDepthZero(.colon, after: q, e))
                case .kFor: target(q + 1, firstAtDepthZero(.kIn, after: q, e))
                case .kAs: target(q + 1, asTargetEnd(q + 1, e))
                default: break
                }
                continue
            }
            guard k.isIdentifier && role[q] == .unset else { continue }
            if q > 0 && c[q - 1] == .dot { role[q] = .attribute; continue }
            let next = code(q + 1)
            if next == .walrus { role[q] = .binding; continue }
            if next == .assign && depth > 0 && depth <= 64 && parenBits & (1 << UInt64(depth - 1)) != 0 {
                role[q] = .keywordArgument
                continue
            }
            role[q] = .reference
        }
    }

    /// The first `stop` token after `q` at bracket depth zero (the `:` ending a lambda's
    /// parameters, the `in` ending a for-target), or the closing bracket that ends the
    /// enclosing group, or `e`.
    func firstAtDepthZero(_ stop: TokenCode, after q: Int, _ e: Int) -> Int {
        var depth = 0
        for r in (q + 1)..<e {
            let k = c[r]
            if k.isOpen { depth += 1 } else if k.isClose {
                depth -= 1
                if depth < 0 { return r }
            } else if depth == 0 && k == stop { return r }
        }
        return e
    }

    /// The end of an `as` target starting at `s`.
    func asTargetEnd(_ s: Int, _ e: Int) -> Int {
        var depth = 0
        for r in s..<e {
            let k = c[r]
            if k.isOpen { depth += 1; continue }
            if k.isClose {
                if depth == 0 { return r }
                depth -= 1
                continue
            }
            if depth == 0 && (k == .comma || k == .colon || k == .semicolon || k == .assign || k.isKeyword) { return r }
        }
        return e
    }
}

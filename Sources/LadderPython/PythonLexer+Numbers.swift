import Foundation

extension PythonLexer {
    /// Any numeric literal (Python Language Reference, "Numeric literals"):
    /// `0x`/`0o`/`0b` integers, decimals with `_` separators, floats with
    /// fraction and exponent, and a `j` imaginary suffix. Like CPython, an
    /// `e` not followed by digits ends the number (`1else` is `1`, `else`).
    mutating func scanNumber() {
        let start = i
        let c = b[i]
        if c == 0x30, case let x = at(i + 1) | 0x20, x == 0x78 || x == 0x6F || x == 0x62 {
            i += 2
            while true {
                let d = at(i)
                let ok: Bool
                switch x {
                case 0x78: ok = Self.isDigit(d) || (d | 0x20) &- 0x61 < 6
                case 0x6F: ok = d &- 0x30 < 8
                default: ok = d == 0x30 || d == 0x31
                }
                if ok || (d == 0x5F && i + 1 < n && b[i + 1] != 0x5F && Self.isNameByte(b[i + 1])) {
                    i += 1
                } else {
                    break
                }
            }
            emit(.number, start, i)
            return
        }
        digits()
        if at(i) == 0x2E {
            i += 1
            digits()
        }
        if at(i) | 0x20 == 0x65 {
            let d = at(i + 1)
            if Self.isDigit(d) {
                i += 1
                digits()
            } else if (d == 0x2B || d == 0x2D) && Self.isDigit(at(i + 2)) {
                i += 2
                digits()
            }
        }
        if at(i) | 0x20 == 0x6A { i += 1 }
        emit(.number, start, i)
    }

    /// Decimal digits with single `_` separators between them.
    @inline(__always) mutating func digits() {
        while true {
            let d = at(i)
            if Self.isDigit(d) || (d == 0x5F && Self.isDigit(at(i + 1))) {
                i += 1
            } else {
                return
            }
        }
    }

    /// Operators and delimiters, longest match first (Python Language
    /// Reference, "Operators" and "Delimiters"), tracking bracket depth.
    mutating func scanOperator() {
        let start = i
        let c = b[i]
        let d = at(i + 1)
        var length = 1
        switch c {
        case 0x28, 0x5B, 0x7B:  // ( [ {
            depth += 1
        case 0x29, 0x5D, 0x7D:  // ) ] }
            if depth > depthFloor { depth -= 1 }
        case 0x2A, 0x2F, 0x3C, 0x3E:  // * / < >
            if d == c {
                length = at(i + 2) == 0x3D ? 3 : 2     // ** // << >> and their `=` forms
            } else if d == 0x3D {
                length = 2                            // *= /= <= >=
            }
        case 0x2D:  // -
            if d == 0x3D || d == 0x3E { length = 2 }  // -= ->
        case 0x2B, 0x25, 0x26, 0x7C, 0x5E, 0x40, 0x3D, 0x21, 0x3A:  // + % & | ^ @ = ! :
            if d == 0x3D { length = 2 }               // += %= &= |= ^= @= == != :=
        case 0x2E:  // .
            if d == 0x2E && at(i + 2) == 0x2E { length = 3 }
        case 0x2C, 0x3B, 0x7E:  // , ; ~
            break
        default:
            i += 1
            emit(.errorToken, start, i)
            return
        }
        i += length
        emit(.op, start, i)
    }
}

/// JSON text exactly as Python's `json.dumps(..., ensure_ascii=False)`
/// writes it (with `indent=2` for summaries, default separators for rows),
/// so a reparsed summary is byte-comparable with one the study's script
/// wrote. Numbers follow Python's `repr`: `0.85`, `1.0`, `1e-05`, `1e+16`.
enum PythonJSON {
    /// `json.dumps(value, indent=2, ensure_ascii=False)`.
    static func pretty(_ value: OrderedJSON) -> String {
        var out = ""
        write(value, into: &out, indent: 0, pretty: true)
        return out
    }

    /// `json.dumps(value, ensure_ascii=False)`.
    static func compact(_ value: OrderedJSON) -> String {
        var out = ""
        write(value, into: &out, indent: 0, pretty: false)
        return out
    }

    private static func write(_ value: OrderedJSON, into out: inout String, indent: Int, pretty: Bool) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let literal): out += literal
        case .string(let s): out += quote(s)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "["
            for (k, item) in items.enumerated() {
                if k > 0 { out += pretty ? "," : ", " }
                if pretty { newline(&out, indent + 1) }
                write(item, into: &out, indent: indent + 1, pretty: pretty)
            }
            if pretty { newline(&out, indent) }
            out += "]"
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            out += "{"
            for (k, m) in members.enumerated() {
                if k > 0 { out += pretty ? "," : ", " }
                if pretty { newline(&out, indent + 1) }
                out += quote(m.key)
                out += ": "
                write(m.value, into: &out, indent: indent + 1, pretty: pretty)
            }
            if pretty { newline(&out, indent) }
            out += "}"
        }
    }

    private static func newline(_ out: inout String, _ level: Int) {
        out += "\n"
        out += String(repeating: "  ", count: level)
    }

    static func quote(_ s: String) -> String {
        // A String holds no lone surrogate, so only these bytes need escapes.
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 != 0x22 && $0 != 0x5C }) { return "\"" + s + "\"" }
        return quote(s.unicodeScalars.map(\.value))
    }

    /// A quoted string; a lone surrogate (possible in a Python `str`) is
    /// written as its `\udXXX` escape so the output stays valid UTF-8.
    static func quote(_ cps: [UInt32]) -> String {
        var out = String.UnicodeScalarView()
        out.append("\"")
        for c in cps {
            switch c {
            case 0x22: out.append(contentsOf: "\\\"".unicodeScalars)
            case 0x5C: out.append(contentsOf: "\\\\".unicodeScalars)
            case 0x0A: out.append(contentsOf: "\\n".unicodeScalars)
            case 0x0D: out.append(contentsOf: "\\r".unicodeScalars)
            case 0x09: out.append(contentsOf: "\\t".unicodeScalars)
            case 0x08: out.append(contentsOf: "\\b".unicodeScalars)
            case 0x0C: out.append(contentsOf: "\\f".unicodeScalars)
            default:
                if c < 0x20 || (0xD800...0xDFFF).contains(c) {
                    let hex = String(c, radix: 16)
                    out.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).unicodeScalars)
                } else {
                    out.append(Unicode.Scalar(c)!)
                }
            }
        }
        out.append("\"")
        return String(out)
    }

    /// Python's `repr(float)`, and `NaN`/`Infinity`/`-Infinity` as `json` writes them.
    static func float(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        if d == 0 { return d.sign == .minus ? "-0.0" : "0.0" }
        // Swift's description is the shortest round-tripping digit string,
        // the same digits CPython's repr picks; only the layout differs.
        let text = "\(abs(d))"
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...])!
        }
        var digits = mantissa.filter { $0 != "." }
        let pointAt = mantissa.firstIndex(of: ".").map { mantissa.distance(from: mantissa.startIndex, to: $0) } ?? mantissa.count
        var decimalExponent = pointAt + exponent  // value = 0.digits × 10^decimalExponent
        while digits.first == "0" && digits.count > 1 {
            digits.removeFirst()
            decimalExponent -= 1
        }
        while digits.last == "0" && digits.count > 1 { digits.removeLast() }
        let sign = d < 0 ? "-" : ""
        let sciExponent = decimalExponent - 1
        if sciExponent < -4 || sciExponent >= 16 {
            var m = String(digits.first!)
            if digits.count > 1 { m += "." + digits.dropFirst() }
            let e = abs(sciExponent)
            return sign + m + "e" + (sciExponent < 0 ? "-" : "+") + (e < 10 ? "0" : "") + String(e)
        }
        if decimalExponent <= 0 {
            return sign + "0." + String(repeating: "0", count: -decimalExponent) + digits
        }
        if digits.count <= decimalExponent {
            return sign + digits + String(repeating: "0", count: decimalExponent - digits.count) + ".0"
        }
        let cut = digits.index(digits.startIndex, offsetBy: decimalExponent)
        return sign + digits[..<cut] + "." + digits[cut...]
    }

    /// A number literal from a JSON file re-written as Python would after
    /// `json.load`: integers stay integers, anything else becomes `repr(float)`.
    static func normalize(numberLiteral literal: String) -> String {
        if literal.contains(where: { ".eEIN".contains($0) }) {
            return float(Double(literal) ?? (literal.hasPrefix("-") ? -.infinity : .infinity))
        }
        if let i = Int(literal) { return String(i) }
        return literal  // beyond Int: Python keeps every digit, and so do we
    }

    static func normalizingNumbers(_ v: OrderedJSON) -> OrderedJSON {
        switch v {
        case .number(let literal): return .number(normalize(numberLiteral: literal))
        case .array(let items): return .array(items.map(normalizingNumbers))
        case .object(let members): return .object(members.map { .init($0.key, normalizingNumbers($0.value)) })
        default: return v
        }
    }
}

import Foundation

/// The offline provider: word-level translation from a glossary. Identifiers
/// are split at `_` and camelCase humps and each word found in the glossary
/// is replaced (joined with `_`); in comments, docstrings and strings each
/// ASCII word found is replaced, except words that touch code-like neighbours
/// (`_`, digits, `.`, `/`, `\`, `%`, `{`, `}`), which are left alone so
/// escapes, paths, formats and dotted names survive. No network, no cost.
struct GlossaryTranslator: SegmentTranslator {
    let table: [String: String]

    func segments(_ kind: SegmentKind, _ texts: [String], label: String, stats: inout CallStats) throws -> [String] {
        stats.calls += 1
        return texts.map { kind == .identifiers ? identifier($0) : prose($0) }
    }

    func wholeFile(_ source: String, label: String, stats: inout CallStats) throws -> String {
        throw CallFailure(.refused, "the glossary provider translates segments only")
    }

    /// `read_file` → `leer_archivo` (when both words are in the glossary); unknown words stay.
    func identifier(_ name: String) -> String {
        let lead = name.prefix { $0 == "_" }
        let core = name.dropFirst(lead.count)
        let trail = core.reversed().prefix { $0 == "_" }
        let middle = core.dropLast(trail.count)
        var changed = false
        var parts: [String] = []
        for part in middle.split(separator: "_", omittingEmptySubsequences: false) {
            var words: [String] = []
            var partChanged = false
            for w in Self.humps(String(part)) {
                if let t = table[w.lowercased()] {
                    words.append(t.split(separator: " ").joined(separator: "_"))
                    partChanged = true
                } else {
                    words.append(w)
                }
            }
            changed = changed || partChanged
            parts.append(words.joined(separator: partChanged ? "_" : ""))
        }
        guard changed else { return name }
        return String(lead) + parts.joined(separator: "_") + String(trail)
    }

    /// `fileName` → [file, Name]; `HTTPServer` → [HTTP, Server]; digits stay with their word.
    static func humps(_ s: String) -> [String] {
        let chars = Array(s)
        var out: [String] = []
        var current = ""
        for (i, c) in chars.enumerated() {
            if !current.isEmpty, c.isUppercase {
                let prev = chars[i - 1]
                let next = i + 1 < chars.count ? chars[i + 1] : nil
                if prev.isLowercase || prev.isNumber || (prev.isUppercase && next?.isLowercase == true) {
                    out.append(current)
                    current = ""
                }
            }
            current.append(c)
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    func prose(_ text: String) -> String {
        let u = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        func asciiLetter(_ c: Unicode.Scalar) -> Bool { (c.value | 0x20) >= 0x61 && (c.value | 0x20) <= 0x7A }
        func codeLike(_ c: Unicode.Scalar?) -> Bool {
            guard let c else { return false }
            return c == "_" || c == "." || c == "/" || c == "\\" || c == "%" || c == "{" || c == "}"
                || (c.value >= 0x30 && c.value <= 0x39) || (c.value >= 0x80 && c.properties.isAlphabetic)
        }
        var i = 0
        while i < u.count {
            guard asciiLetter(u[i]) else { out.append(u[i]); i += 1; continue }
            var j = i
            while j < u.count && asciiLetter(u[j]) { j += 1 }
            let word = String(String.UnicodeScalarView(u[i..<j]))
            let before = i > 0 ? u[i - 1] : nil, after = j < u.count ? u[j] : nil
            let placeholder = before == "(" && i >= 2 && u[i - 2] == "%"
            if !codeLike(before) && !codeLike(after) && !placeholder, let t = table[word.lowercased()] {
                let upper = u[i].value >= 0x41 && u[i].value <= 0x5A
                out.append(contentsOf: (upper ? t.prefix(1).uppercased() + t.dropFirst() : t).unicodeScalars)
            } else {
                out.append(contentsOf: u[i..<j])
            }
            i = j
        }
        return String(out)
    }
}

/// SIB-200: the strict extractor and the refined (piece-splitting) one.
extension TableScorer {
    /// Strip the table's characters and lower-case; then a sci/tech prefix,
    /// a native sci/tech phrase, a bare sci/tech sub-category, the first
    /// canonical category contained in the line, an exact alias; else none.
    func sibStrict(_ firstLine: [UInt32]) -> Outcome {
        let line = unicode.lower(PyText.strip(firstLine, sibStrip))
        if sibScitechPrefixes.contains(where: { PyText.hasPrefix(line, $0) }) {
            return Outcome(answer: sibScitech, via: .scitechPrefix)
        }
        if sibScitechNative.contains(where: { PyText.contains(line, $0) }) {
            return Outcome(answer: sibScitech, via: .scitechNative)
        }
        let exact = line.count <= sibExactLimit  // else neither lookup can match
        if exact && sibScitechBare.contains(line) {
            return Outcome(answer: sibScitech, via: .scitechSubcategory)
        }
        for category in sibCategories where PyText.contains(line, category.text) {
            return Outcome(answer: category.answer, via: .substring)
        }
        if exact, let answer = sibAliases[line] {
            return Outcome(answer: answer, via: .alias)
        }
        return .none
    }

    /// Split the stripped first line into pieces (conjunctions become '/',
    /// then split on the split characters) and look each piece up: exactly
    /// one distinct category wins, two or more are a hedge (no answer), none
    /// falls back to the canonical names contained in the line (exactly one).
    func sibRefined(_ firstLine: [UInt32]) -> Outcome {
        let line = PyText.strip(firstLine, sibStrip)
        if line.isEmpty { return .none }
        var joined = line
        for conjunction in sibConjunctions { joined = PyText.replace(joined, conjunction, with: slash) }
        var found: Int?
        var start = 0
        // Pieces between split characters, as `re.split` gives them; each is
        // trimmed in place (whitespace, strip characters, whitespace).
        for end in 0...joined.count where end == joined.count || sibSplit.contains(joined[end]) {
            defer { start = end + 1 }
            var a = start
            var b = end
            while a < b, unicode.isSpace(joined[a]) { a += 1 }
            while b > a, unicode.isSpace(joined[b - 1]) { b -= 1 }
            if a == b { continue }  // `if p.strip()`: blank pieces are dropped
            while a < b, sibStrip.contains(joined[a]) { a += 1 }
            while b > a, sibStrip.contains(joined[b - 1]) { b -= 1 }
            while a < b, unicode.isSpace(joined[a]) { a += 1 }
            while b > a, unicode.isSpace(joined[b - 1]) { b -= 1 }
            // Lower-casing never shortens a text, so a longer piece is no term.
            guard b - a <= sibTermLimit, let answer = sibTerms[unicode.lower(joined[a..<b])] else { continue }
            if let already = found, already != answer { return Outcome(answer: nil, via: .hedge) }
            found = answer
        }
        if let found { return Outcome(answer: found, via: .term) }
        let lower = unicode.lower(line)
        var hit: Int?
        for category in sibCategories where PyText.contains(lower, category.text) {
            if let already = hit, already != category.answer { return .none }
            hit = category.answer
        }
        return hit.map { Outcome(answer: $0, via: .substring) } ?? .none
    }
}

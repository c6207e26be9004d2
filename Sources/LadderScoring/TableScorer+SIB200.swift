/// SIB-200: the strict extractor and the refined (piece-splitting) one.
extension TableScorer {
    /// Strip the table's characters and lower-case; then a sci/tech prefix,
    /// a native sci/tech phrase, a bare sci/tech sub-category, the first
    /// canonical category contained in the line, an exact alias; else none.
    func sibStrict(_ text: [UInt32]) -> Outcome {
        let line = unicode.lower(PyText.strip(unicode.firstLine(text), sibStrip))
        if sibScitechPrefixes.contains(where: { PyText.hasPrefix(line, $0) }) {
            return Outcome(answer: sibScitech, via: .scitechPrefix)
        }
        if sibScitechNative.contains(where: { PyText.contains(line, $0) }) {
            return Outcome(answer: sibScitech, via: .scitechNative)
        }
        if sibScitechBare.contains(line) {
            return Outcome(answer: sibScitech, via: .scitechSubcategory)
        }
        for category in sibCategories where PyText.contains(line, category.text) {
            return Outcome(answer: category.answer, via: .substring)
        }
        if let answer = sibAliases[line] {
            return Outcome(answer: answer, via: .alias)
        }
        return .none
    }

    /// Split the stripped first line into pieces (conjunctions become '/',
    /// then split on the split characters) and look each piece up: exactly
    /// one distinct category wins, two or more are a hedge (no answer), none
    /// falls back to the canonical names contained in the line (exactly one).
    func sibRefined(_ text: [UInt32]) -> Outcome {
        let line = PyText.strip(unicode.firstLine(text), sibStrip)
        if line.isEmpty { return .none }
        var joined = line
        for conjunction in sibConjunctions { joined = PyText.replace(joined, conjunction, with: slash) }
        var found: Int?
        for part in PyText.split(joined, on: sibSplit) {
            let trimmed = unicode.strip(part)
            if trimmed.isEmpty { continue }
            let piece = unicode.strip(PyText.strip(trimmed, sibStrip))
            guard let answer = sibTerms[unicode.lower(piece)] else { continue }
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

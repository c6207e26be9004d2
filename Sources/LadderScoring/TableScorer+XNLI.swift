/// XNLI: the strict extractor (tiers 1a, 1b) and the refined one (plus tiers 2, 3).
extension TableScorer {
    func xnliStrict(_ line: [UInt32]) -> Outcome {
        tierOne(unicode.lower(line)) ?? .none
    }

    func xnliRefined(_ line: [UInt32]) -> Outcome {
        let lower = unicode.lower(line)
        if let found = tierOne(lower) { return found }
        // Tier 2 is skipped when the model denies the label ("没有entailment").
        if !xnliNegations.contains(where: { PyText.contains(line, $0) }) {
            for label in xnliLabels where PyText.contains(lower, label.text) {
                return Outcome(answer: label.answer, via: .englishSubstring)
            }
        }
        for p in xnliParaphrases where p.regex.occurs(in: line, unicode: unicode) {
            return Outcome(answer: p.answer, via: .paraphrase)
        }
        return .none
    }

    /// Tier 1a: a label as a whole word (`\blabel\b`) in the lower-cased line;
    /// tier 1b: the first native label (lower-cased) contained in it.
    private func tierOne(_ lower: [UInt32]) -> Outcome? {
        for label in xnliLabels where occursAsWord(label.text, in: lower) {
            return Outcome(answer: label.answer, via: .labelWord)
        }
        for native in xnliNative where PyText.contains(lower, native.lowered) {
            return Outcome(answer: native.answer, via: .nativeLabel)
        }
        return nil
    }

    /// `re.search(r"\b" + word + r"\b", s)` for a literal word.
    func occursAsWord(_ word: [UInt32], in s: [UInt32]) -> Bool {
        var from = 0
        while let at = PyText.find(word, in: s, from: from) {
            if !s.isEmpty, unicode.isBoundary(s, at), unicode.isBoundary(s, at + word.count) { return true }
            from = at + 1
        }
        return false
    }
}

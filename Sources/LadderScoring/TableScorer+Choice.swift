/// Multiple choice (X-CSQA, Belebele): the study's `extract_choice`.
extension TableScorer {
    /// Upper-cases the first line, then takes the first `\b([letters])\b`,
    /// else the letter of `ANSWER\s*[:\-]?\s*([letters])`, else none.
    func choice(_ firstLine: [UInt32], _ letters: CodePointSet) -> Outcome {
        // Upper-casing the whole stripped text and then taking its first line
        // equals upper-casing the first line: no case mapping of CPython adds,
        // removes or creates whitespace or a line feed.
        let line = unicode.upper(firstLine)
        let n = line.count
        for i in 0..<n where letters.contains(line[i]) {
            if unicode.isBoundary(line, i) && unicode.isBoundary(line, i + 1) {
                return Outcome(answer: letterAnswers[line[i]], via: .letter)
            }
        }
        var from = 0
        while let at = PyText.find(answerWord, in: line, from: from) {
            if let letter = afterAnswerWord(line, at + answerWord.count, letters) {
                return Outcome(answer: letterAnswers[letter], via: .answerPrefix)
            }
            from = at + 1
        }
        return .none
    }

    /// The letter `\s*[:\-]?\s*([letters])` captures at `start`, trying the
    /// alternatives in the order a backtracking engine does (greedy first),
    /// so the result is the same even when `letters` holds a space, ':' or '-'.
    private func afterAnswerWord(_ line: [UInt32], _ start: Int, _ letters: CodePointSet) -> UInt32? {
        let n = line.count
        var spaceEnd = start
        while spaceEnd < n, unicode.isSpace(line[spaceEnd]) { spaceEnd += 1 }
        for p in stride(from: spaceEnd, through: start, by: -1) {
            if p < n, colonOrDash.contains(line[p]), let l = spacesThenLetter(line, p + 1, letters) { return l }
            if let l = spacesThenLetter(line, p, letters) { return l }
        }
        return nil
    }

    private func spacesThenLetter(_ line: [UInt32], _ start: Int, _ letters: CodePointSet) -> UInt32? {
        let n = line.count
        var end = start
        while end < n, unicode.isSpace(line[end]) { end += 1 }
        for q in stride(from: end, through: start, by: -1) where q < n && letters.contains(line[q]) {
            return line[q]
        }
        return nil
    }
}

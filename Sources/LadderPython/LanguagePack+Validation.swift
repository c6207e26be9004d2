import Foundation

extension LanguagePack {
    /// Everything that would make the pack unsafe to apply or to reverse:
    /// duplicate English words, two English words sharing one translation
    /// (the reverse could not tell them apart), a translation equal to
    /// another entry's English word, and translations the tokenizer could not
    /// read back as whole name tokens. Empty when the pack is sound.
    public static func problems(entries: [Entry], numerals: Numerals?) -> [String] {
        var problems: [String] = []
        var byEnglish: [String: Int] = [:]
        var byTranslation: [String: Int] = [:]
        for (index, entry) in entries.enumerated() {
            let at = "entry \(index + 1) (\(entry.english))"
            if let first = byEnglish[entry.english] {
                problems.append("\(at): English word already translated by entry \(first + 1)")
            } else {
                byEnglish[entry.english] = index
            }
            if let problem = translationProblem(entry.translation) {
                problems.append("\(at): translation '\(entry.translation)' \(problem)")
            }
            if entry.translation == entry.english { continue }
            if let first = byTranslation[entry.translation] {
                problems.append("\(at): translation '\(entry.translation)' collides with entry \(first + 1) (\(entries[first].english))")
            } else {
                byTranslation[entry.translation] = index
            }
        }
        for (index, entry) in entries.enumerated() where entry.translation != entry.english {
            if let other = byEnglish[entry.translation] {
                problems.append("entry \(index + 1) (\(entry.english)): translation '\(entry.translation)' is the English word of entry \(other + 1)")
            }
        }
        if let numerals {
            let digits = Array(numerals.digits)
            if digits.count != 10 || Set(digits).count != 10 || digits.contains(where: { $0.isASCII }) {
                problems.append("numerals: need ten distinct non-ASCII digits, got '\(numerals.digits)'")
            }
        }
        return problems
    }

    /// Why a translation cannot be written into code and read back, or nil.
    /// Words must tokenize as whole names, joined by single spaces or ", ".
    static func translationProblem(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, let last = bytes.last else { return "is empty" }
        if !PythonLexer.isNameStart(first) { return "must start with a letter, '_' or a non-ASCII character" }
        if !PythonLexer.isNameByte(last) { return "must end with a letter, digit, '_' or a non-ASCII character" }
        for (k, c) in bytes.enumerated() where !PythonLexer.isNameByte(c) {
            let previous = bytes[k - 1]
            if c == 0x20 && (PythonLexer.isNameByte(previous) || previous == 0x2C) { continue }
            if c == 0x2C && PythonLexer.isNameByte(previous) && bytes[k + 1] == 0x20 { continue }
            return "has '\(Character(UnicodeScalar(c)))' where only words joined by ' ' or ', ' are allowed"
        }
        if bytes.count <= 2, bytes.allSatisfy({ [0x72, 0x62, 0x75, 0x66].contains($0 | 0x20) }) {
            return "reads as a string prefix before a quote"
        }
        for word in text.split(separator: " ") where word.first?.isASCII == true && word.first?.isNumber == true {
            return "has a word starting with a digit ('\(word)')"
        }
        return nil
    }
}

import Foundation
import LadderPython

/// The translatable parts of one Python file, found with the project's
/// tokenizer (f-strings split, so names inside replacement fields are names),
/// and the means to write translations back.
///
/// Identifiers: names that occur at least once in a free position (not after
/// a dot, not as `name=` inside a call), minus Python's and the pack's words,
/// dunder names, `self`/`cls`, and every name of an import statement. One
/// mapping per file is applied to every use of a name, attribute uses
/// included, except after a name the file imported (`os.path` keeps `path`).
struct SourceSegments {
    struct Comment { var token: Int; var lead: String; var body: String; var tail: String }
    struct Literal { var token: Int; var literal: StringLiteral }

    let source: [UInt8]
    let tokens: [PythonToken]
    /// Candidates, in order of first appearance.
    private(set) var identifiers: [String] = []
    /// Names in the file that keep their spelling (so no translation may take one).
    private(set) var fixedNames: Set<String> = []
    private(set) var comments: [Comment] = []
    private(set) var docstrings: [Literal] = []
    private(set) var strings: [Literal] = []
    /// Per token: a name after a dot whose chain starts at a name the file keeps (an imported module).
    private var foreignAttribute: [Bool]
    /// Per token: part of an import statement (never renamed).
    private var inImport: [Bool] = []

    /// Throws `PythonTokenizeError` when the file does not tokenize.
    init(source: [UInt8], vocabulary: CodeVocabulary) throws {
        self.source = source
        tokens = try PythonTokenizer(source: source, fStringMode: .split).tokenize()
        foreignAttribute = Array(repeating: false, count: tokens.count)
        let text = tokens.map { $0.kind == .name || $0.kind == .op ? $0.text(in: source) : "" }
        let significant = tokens.indices.filter { tokens[$0].kind != .comment && tokens[$0].kind != .nl }

        // Import statements: the names they bind are kept file-wide, and nothing in them is renamed.
        var imported: Set<String> = []
        var inImport = Array(repeating: false, count: tokens.count)
        var lineStart = true
        for k in significant.indices {
            let t = significant[k]
            let tok = tokens[t]
            if tok.kind == .newline || tok.kind == .indent || tok.kind == .dedent { lineStart = true; continue }
            if lineStart && tok.kind == .name && opensImport(at: tok.range.lowerBound, vocabulary) {
                var names: [Int] = []
                var u = k
                while u < significant.count && tokens[significant[u]].kind != .newline && tokens[significant[u]].kind != .endMarker {
                    inImport[significant[u]] = true
                    names.append(significant[u])
                    u += 1
                }
                imported.formUnion(Self.boundByImport(names.map { (tokens[$0].kind, text[$0]) }, vocabulary))
            }
            lineStart = false
        }
        self.inImport = inImport

        // Positions: free uses, attribute chains, keyword arguments.
        var free: Set<String> = []
        var importNames: Set<String> = []
        var order: [String] = []
        var seen: Set<String> = []
        var brackets: [String] = []
        var foreignName = Array(repeating: false, count: tokens.count)
        for k in significant.indices {
            let t = significant[k]
            let tok = tokens[t]
            if tok.kind == .op {
                switch text[t] {
                case "(", "[", "{": brackets.append(text[t])
                case ")", "]", "}": if !brackets.isEmpty { brackets.removeLast() }
                default: break
                }
                continue
            }
            guard tok.kind == .name else { continue }
            let name = text[t]
            if inImport[t] { importNames.insert(name); continue }
            let prev = k > 0 ? significant[k - 1] : -1
            let next = k + 1 < significant.count ? significant[k + 1] : -1
            let afterDot = prev >= 0 && tokens[prev].kind == .op && text[prev] == "."
            if afterDot {
                let base = k >= 2 ? significant[k - 2] : -1
                foreignName[t] = base >= 0 && tokens[base].kind == .name && foreignName[base]
                foreignAttribute[t] = foreignName[t]
            } else {
                foreignName[t] = imported.contains(name) || vocabulary.isReserved(name)
            }
            let keywordArgument = next >= 0 && tokens[next].kind == .op && text[next] == "=" && brackets.last == "("
            if !afterDot && !keywordArgument { free.insert(name) }
            if seen.insert(name).inserted { order.append(name) }
        }
        for name in order {
            if free.contains(name) && !imported.contains(name) && !vocabulary.isReserved(name) {
                identifiers.append(name)
            } else {
                fixedNames.insert(name)
            }
        }
        fixedNames.formUnion(importNames.subtracting(identifiers))

        // Comments and string literals.
        var position = Array(repeating: -1, count: tokens.count)
        for k in significant.indices { position[significant[k]] = k }
        for k in tokens.indices {
            let tok = tokens[k]
            switch tok.kind {
            case .comment:
                if let c = Self.comment(token: k, text: tok.text(in: source), line: tok.line) { comments.append(c) }
            case .string:
                guard let lit = StringLiteral(tok.text(in: source)), !lit.isBytes, !lit.isFormatted,
                      lit.body.unicodeScalars.contains(where: { $0.properties.isAlphabetic }) else { continue }
                if isStatement(position[k], significant: significant) {
                    docstrings.append(Literal(token: k, literal: lit))
                } else {
                    strings.append(Literal(token: k, literal: lit))
                }
            default:
                break
            }
        }
    }

    /// The names an import statement binds: `import a.b` binds `a`, `import a.b as c` binds `c`,
    /// `from m import n` binds `n`, `from m import n as k` binds `k`. The statement starts with
    /// `import`/`from` (English or the pack's words; `tokens` are its significant tokens).
    static func boundByImport(_ tokens: [(PythonToken.Kind, String)], _ v: CodeVocabulary) -> Set<String> {
        guard let first = tokens.first else { return [] }
        var rest = tokens.dropFirst()
        if !v.importWords.contains(first.1) {
            // `from M import ...`: skip to the import word.
            guard let at = rest.firstIndex(where: { $0.0 == .name && v.importWords.contains($0.1) }) else { return [] }
            rest = tokens[(at + 1)...]
        }
        var bound: Set<String> = []
        var part: [String] = []
        func close() {
            guard !part.isEmpty else { return }
            if part.count >= 3, v.asWords.contains(part[part.count - 2]) { bound.insert(part[part.count - 1]) }
            else if let f = part.first, f != "*" { bound.insert(f) }
            part = []
        }
        for (kind, text) in rest {
            if kind == .op && text == "," { close(); continue }
            if kind == .name { part.append(text) }
        }
        close()
        return bound
    }

    private func opensImport(at offset: Int, _ v: CodeVocabulary) -> Bool {
        for w in v.importOpeners where offset + w.count <= source.count && Array(source[offset..<offset + w.count]) == w {
            let end = offset + w.count
            if end == source.count || !Self.isNameByte(source[end]) { return true }
        }
        return false
    }

    /// A string that is a statement of its own: the previous significant token ends a line
    /// (or there is none) and the next one ends this line.
    private func isStatement(_ k: Int, significant: [Int]) -> Bool {
        guard k >= 0 else { return false }
        let before = k > 0 ? tokens[significant[k - 1]].kind : .newline
        let after = k + 1 < significant.count ? tokens[significant[k + 1]].kind : .endMarker
        let opens = before == .newline || before == .indent || before == .dedent
        return opens && (after == .newline || after == .endMarker)
    }

    /// A byte that continues a name (ASCII letter, digit, `_`, or any byte of a non-ASCII character).
    static func isNameByte(_ b: UInt8) -> Bool {
        b >= 0x80 || b == 0x5F || (b >= 0x30 && b <= 0x39) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A)
    }

    static let directives = ["type:", "noqa", "pragma", "pylint:", "fmt:", "mypy:", "isort:", "pyright:", "nosec", "ruff:"]

    /// A comment worth translating: English words, not a shebang, coding line or tool directive.
    static func comment(token: Int, text: String, line: Int) -> Comment? {
        if line == 1 && text.hasPrefix("#!") { return nil }
        if line <= 2 && text.range(of: #"coding[:=]"#, options: .regularExpression) != nil { return nil }
        let lead = String(text.prefix { $0 == "#" || $0 == " " || $0 == "\t" })
        var body = String(text.dropFirst(lead.count))
        let trimmed = body.reversed().prefix { $0 == " " || $0 == "\t" }
        let tail = String(trimmed.reversed())
        body = String(body.dropLast(tail.count))
        let lower = body.lowercased()
        if directives.contains(where: { lower.hasPrefix($0) }) { return nil }
        guard body.unicodeScalars.contains(where: { $0.properties.isAlphabetic }) else { return nil }
        return Comment(token: token, lead: lead, body: body, tail: tail)
    }

    /// The file with identifiers renamed (`names`: original → new) and the given token
    /// replacements (token index → new text) applied.
    func apply(names: [String: String], replacements: [Int: String]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(source.count + source.count / 2)
        var copied = 0
        for t in tokens.indices {
            let tok = tokens[t]
            var new: String?
            if let r = replacements[t] {
                new = r
            } else if tok.kind == .name, !foreignAttribute[t], !inImport[t], let n = names[tok.text(in: source)] {
                new = n
            }
            guard let new else { continue }
            out.append(contentsOf: source[copied..<tok.range.lowerBound])
            out.append(contentsOf: Array(new.utf8))
            copied = tok.range.upperBound
        }
        out.append(contentsOf: source[copied..<source.count])
        return out
    }
}

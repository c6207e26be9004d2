import Foundation

extension Transpiler {
    struct Forward {
        var output: [UInt8] = []
        var counts = TranspileCounts()
        var shadowed: [String] = []
        var collisions: [String] = []
    }

    /// Classifies tokens, decides each name's role, and writes the output.
    func translate(_ b: UnsafeBufferPointer<UInt8>, _ tokens: [PythonToken]) -> Forward {
        var result = Forward()
        let base = b.baseAddress!
        let words = tables.words
        // Scratch arrays over the significant tokens, as raw buffers: this
        // loop runs once per token of every file.
        let capacity = tokens.count
        let sig = UnsafeMutableBufferPointer<Int32>.allocate(capacity: capacity)
        let codes = UnsafeMutableBufferPointer<TokenCode>.allocate(capacity: capacity)
        let entries = UnsafeMutableBufferPointer<Int32>.allocate(capacity: capacity)
        let roles = UnsafeMutableBufferPointer<NameRole>.allocate(capacity: capacity)
        defer {
            sig.deallocate()
            codes.deallocate()
            entries.deallocate()
            roles.deallocate()
        }
        var count = 0
        var suspects: [Int] = []
        tokens.withUnsafeBufferPointer { tokens in
            for t in 0..<tokens.count {
                let tok = tokens[t]
                let start = tok.range.lowerBound
                let length = tok.range.count
                var code = TokenCode.other
                var entry: Int32 = -1
                switch tok.kind {
                case .comment, .nl: continue
                case .name:
                    if tables.mayMatch(b, tok.range) { suspects.append(t) }
                    let w = words.lookup(base + start, length)
                    if w < 0 {
                        code = .name
                    } else {
                        code = w & 0xFF == 0 ? .name : TokenCode(rawValue: UInt8(w & 0xFF))!
                        entry = (w >> 8) - 1
                    }
                case .op: code = TokenCode.op(base + start, length)
                case .number: code = .number
                case .string, .fstringStart, .fstringMiddle, .fstringEnd: code = .string
                case .newline: code = .newline
                case .indent: code = .indent
                case .dedent: code = .dedent
                case .endMarker: code = .end
                case .errorToken: code = .other
                }
                sig[count] = Int32(t)
                codes[count] = code
                entries[count] = entry
                roles[count] = .unset
                count += 1
            }
        }
        if !suspects.isEmpty {
            result.collisions = collisions(b, tokens, suspects)
            if !result.collisions.isEmpty { return result }
        }
        var analysis = NameRoleAnalysis(codes: UnsafeBufferPointer(rebasing: codes[0..<count]),
                                        roles: UnsafeMutableBufferPointer(rebasing: roles[0..<count]))
        analysis.run()

        let categories = tables.categories
        var bound = Array(repeating: false, count: categories.count)
        for j in 0..<count where entries[j] >= 0 && roles[j] == .binding && categories[Int(entries[j])].isBuiltin {
            bound[Int(entries[j])] = true
        }
        result.shadowed = bound.indices.filter { bound[$0] }.map { pack.entries[$0].english }.sorted()

        var out: [UInt8] = []
        out.reserveCapacity(b.count + b.count / 4)
        var copied = 0
        for j in 0..<count {
            let e = Int(entries[j])
            let tok = tokens[Int(sig[j])]
            if codes[j] == .number && tables.hasDigits {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: b[copied..<tok.range.lowerBound]))
                for k in tok.range {
                    let c = b[k]
                    if c &- 0x30 < 10 {
                        out.append(contentsOf: tables.digit(Int(c &- 0x30)))
                        result.counts.numeral += 1
                    } else {
                        out.append(c)
                    }
                }
                copied = tok.range.upperBound
                continue
            }
            guard e >= 0 else { continue }
            let category = categories[e]
            switch roles[j] {
            case .keyword:
                result.counts.add(category)
            case .softKeyword:
                result.counts.add(.softKeyword)
            case .reference where category.isBuiltin && !bound[e]:
                result.counts.add(category)
            default:
                continue
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: b[copied..<tok.range.lowerBound]))
            out.append(contentsOf: tables.translation(e))
            copied = tok.range.upperBound
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: b[copied..<b.count]))
        result.output = out
        return result
    }

    /// Code in the English file that the reverse transpiler would read as a
    /// translation (or as a native digit), e.g. a variable named `o` under
    /// the es pack, where `o` is `or`. Unique texts with their first line.
    func collisions(_ b: UnsafeBufferPointer<UInt8>, _ tokens: [PythonToken], _ suspects: [Int]) -> [String] {
        var found: [String] = []
        var seen: Set<String> = []
        let scan = TranslationScan(tables: tables, b: b, tokens: tokens)
        for t in suspects {
          _ = scan.hits(at: t) { hit in
            let text = String(decoding: UnsafeBufferPointer(rebasing: b[hit.range]), as: UTF8.self)
            guard seen.insert(text).inserted else { return }
            let line = SourceCheck.location(of: hit.range.lowerBound, in: b).line
            let meaning = hit.entry >= 0 ? pack.entries[Int(hit.entry)].english : "digit \(hit.digit)"
            found.append("\(text) (line \(line)) = \(meaning)")
          }
        }
        return found
    }
}

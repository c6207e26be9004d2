/// `re.search(pattern, text) is not None`, by NFA simulation.
extension PyRegex {
    /// True when the pattern occurs anywhere in `text`.
    func occurs(in text: [UInt32], unicode: PythonUnicode) -> Bool {
        if let first = firstChars, !text.contains(where: first.contains) { return false }
        var current = ThreadList(size: program.count)
        var next = ThreadList(size: program.count)
        for i in 0...text.count {
            // Unanchored search: a new attempt starts at every position.
            if add(0, at: i, text, unicode, &current) { return true }
            if i == text.count { break }
            let c = text[i]
            next.clear()
            for pc in current.pcs {
                let advances: Bool
                switch program[pc] {
                case .char(let want): advances = c == want
                case .any: advances = c != 0x0A
                case .set(let k): advances = matches(classes[k], c, unicode)
                default: advances = false
                }
                if advances, add(pc + 1, at: i + 1, text, unicode, &next) { return true }
            }
            swap(&current, &next)
        }
        return false
    }

    struct ThreadList {
        var pcs: [Int] = []
        var mark: [UInt32]
        var generation: UInt32 = 1

        init(size: Int) { mark = [UInt32](repeating: 0, count: size) }

        mutating func clear() {
            pcs.removeAll(keepingCapacity: true)
            generation &+= 1
            if generation == 0 {
                for k in mark.indices { mark[k] = 0 }
                generation = 1
            }
        }
    }

    /// Adds `pc` and everything reachable from it without consuming input;
    /// returns true as soon as the match instruction is reached.
    private func add(_ pc: Int, at i: Int, _ text: [UInt32], _ unicode: PythonUnicode, _ list: inout ThreadList) -> Bool {
        if list.mark[pc] == list.generation { return false }
        list.mark[pc] = list.generation
        switch program[pc] {
        case .match:
            return true
        case .jump(let target):
            return add(target, at: i, text, unicode, &list)
        case .split(let a, let b):
            return add(a, at: i, text, unicode, &list) || add(b, at: i, text, unicode, &list)
        case .assertion(let a):
            return holds(a, at: i, text, unicode) && add(pc + 1, at: i, text, unicode, &list)
        case .char, .any, .set:
            list.pcs.append(pc)
            return false
        }
    }

    private func holds(_ a: Assertion, at i: Int, _ text: [UInt32], _ unicode: PythonUnicode) -> Bool {
        let n = text.count
        switch a {
        case .lineStart, .textStart: return i == 0
        case .textEnd: return i == n
        case .lineEnd: return i == n || (i == n - 1 && text[i] == 0x0A)
        case .boundary: return n > 0 && unicode.isBoundary(text, i)
        case .notBoundary: return n > 0 && !unicode.isBoundary(text, i)
        }
    }

    private func matches(_ cls: CharClass, _ c: UInt32, _ unicode: PythonUnicode) -> Bool {
        var hit = cls.singles.contains(c)
        if !hit { hit = cls.ranges.contains { $0.contains(c) } }
        if !hit {
            for b in cls.builtins {
                switch b {
                case .word(let neg): hit = unicode.isWord(c) != neg
                case .digit(let neg): hit = unicode.isDigit(c) != neg
                case .space(let neg): hit = unicode.isSpace(c) != neg
                }
                if hit { break }
            }
        }
        return hit != cls.negated
    }
}

import LadderCore

/// A regular expression with the syntax and Unicode semantics of Python's
/// `re` for `str` patterns without flags, restricted to the regular subset:
/// literals and escapes, `.`, classes `[...]`, `\d \w \s` and their negations,
/// `\b \B ^ $ \A \Z`, groups, `|`, and greedy or lazy `* + ? {m,n}`.
/// Back-references, look-around, inline flags and possessive or atomic forms
/// are refused when the pattern is compiled.
///
/// Scorers only ask whether a pattern occurs (`re.search(...) is not None`),
/// which does not depend on the order a backtracking engine tries
/// alternatives, so matching is a Thompson-NFA simulation: linear in the
/// text, no pathological backtracking on user-supplied patterns.
struct PyRegex: Sendable {
    enum Assertion: Sendable, Equatable {
        case boundary, notBoundary, lineStart, lineEnd, textStart, textEnd
    }

    enum Builtin: Sendable, Equatable {
        case word(Bool), digit(Bool), space(Bool)  // Bool: negated
    }

    struct CharClass: Sendable, Equatable {
        var negated = false
        var singles = CodePointSet()
        var ranges: [ClosedRange<UInt32>] = []
        var builtins: [Builtin] = []
    }

    indirect enum Node: Sendable {
        case empty
        case char(UInt32)
        case any
        case set(CharClass)
        case concat([Node])
        case alt([Node])
        case repeated(Node, min: Int, max: Int?)
        case assertion(Assertion)
    }

    enum Inst: Sendable {
        case char(UInt32)
        case any
        case set(Int)
        case split(Int, Int)
        case jump(Int)
        case assertion(Assertion)
        case match
    }

    let pattern: String
    let program: [Inst]
    let classes: [CharClass]
    /// Every match starts with one of these code points (nil when a match
    /// may start with a class, `.`, or be empty). Lets `occurs` skip the NFA
    /// for texts that contain none of them, which is most texts.
    let firstChars: CodePointSet?

    /// Compiles `pattern`; a pattern outside the supported subset throws
    /// `LadderError.badInput` naming `origin` and the offending position.
    init(_ pattern: String, origin: String) throws {
        var parser = PyRegexParser(pattern: pattern, origin: origin)
        let tree = try parser.parseWhole()
        var compiler = PyRegexCompiler()
        try compiler.emit(tree, origin: origin)
        compiler.program.append(.match)
        self.pattern = pattern
        self.program = compiler.program
        self.classes = compiler.classes
        self.firstChars = Self.firstChars(of: compiler.program)
    }

    private static func firstChars(of program: [Inst]) -> CodePointSet? {
        var set = CodePointSet()
        var seen = Set<Int>()
        var stack = [0]
        while let pc = stack.popLast() {
            guard seen.insert(pc).inserted else { continue }
            switch program[pc] {
            case .char(let c): set.insert(c)
            case .split(let a, let b): stack.append(a); stack.append(b)
            case .jump(let t): stack.append(t)
            case .assertion: stack.append(pc + 1)  // zero-width: look past it
            case .any, .set, .match: return nil
            }
        }
        return set
    }
}

/// Turns a regex tree into NFA instructions.
struct PyRegexCompiler {
    var program: [PyRegex.Inst] = []
    var classes: [PyRegex.CharClass] = []
    /// Counted repeats are unrolled; this bounds the unrolled size.
    static let maxInstructions = 100_000

    mutating func emit(_ node: PyRegex.Node, origin: String) throws {
        guard program.count < Self.maxInstructions else {
            throw LadderError.badInput("\(origin): pattern is too large once its counted repeats are expanded")
        }
        switch node {
        case .empty:
            break
        case .char(let c):
            program.append(.char(c))
        case .any:
            program.append(.any)
        case .set(let cls):
            classes.append(cls)
            program.append(.set(classes.count - 1))
        case .assertion(let a):
            program.append(.assertion(a))
        case .concat(let parts):
            for p in parts { try emit(p, origin: origin) }
        case .alt(let branches):
            var jumps: [Int] = []
            for (k, branch) in branches.enumerated() {
                if k == branches.count - 1 {
                    try emit(branch, origin: origin)
                } else {
                    let split = program.count
                    program.append(.split(split + 1, -1))
                    try emit(branch, origin: origin)
                    jumps.append(program.count)
                    program.append(.jump(-1))
                    program[split] = .split(split + 1, program.count)
                }
            }
            for j in jumps { program[j] = .jump(program.count) }
        case .repeated(let body, let min, let max):
            for _ in 0..<min { try emit(body, origin: origin) }
            if let max {
                var splits: [Int] = []
                for _ in min..<max {
                    splits.append(program.count)
                    program.append(.split(program.count + 1, -1))
                    try emit(body, origin: origin)
                }
                for s in splits { program[s] = .split(s + 1, program.count) }
            } else {
                let loop = program.count
                program.append(.split(loop + 1, -1))
                try emit(body, origin: origin)
                program.append(.jump(loop))
                program[loop] = .split(loop + 1, program.count)
            }
        }
    }
}

import Foundation

/// What one cell's scan remembers so that a repeated answer costs a hash and
/// a compare: each distinct spelling of a raw output with its outcome under
/// every scorer, and each distinct spelling of a gold with the answer it
/// equals under every scorer.
///
/// Outcomes depend only on the first line of the decoded text, so a raw
/// output met for the first time is decoded and its first line looked up in
/// a second memo (distinct outputs often share a first line) before it is
/// scored. Nothing is shared between cells.
struct CellMemo {
    let scorers: [TableScorer]
    let kinds: [TableScorer.Kind?]
    let unicode: PythonUnicode?
    let keepGoldJSON: Bool
    let keepFirstLines: Bool
    /// Distinct raw outputs (and first lines) remembered; 0 remembers none.
    let limit: Int
    /// How the rows counted so far were answered (see `MemoCounts`).
    private(set) var counts = MemoCounts()
    /// Per raw entry: `scoredHere` or `lineHere` until a row has counted
    /// it, then `counted` (later rows with its bytes are raw-memo hits).
    private var entryHow: [UInt8] = []
    private var transientHow: UInt8 = 0
    private static let scoredHere: UInt8 = 0, lineHere: UInt8 = 1, counted: UInt8 = 2

    /// First lines longer than this many code points are not remembered.
    static let lineMemoLength = 48

    /// An entry number for a string gold that was not remembered (memo full).
    static let transient = -2
    /// The entry number of a gold that is not a string: never correct.
    static let notAString = -1

    private var raws: SliceMemo
    /// `outcomes[entry * scorers.count + k]`.
    private var outcomes: [TableScorer.Outcome] = []
    private var firstLines: [[UInt32]] = []
    private var lines: [[LineKey: TableScorer.Outcome]]
    private var transientOutcomes: [TableScorer.Outcome]
    private var transientLine: [UInt32] = []

    private var golds: SliceMemo
    /// `goldAnswers[entry * scorers.count + k]`: the index of scorer k's
    /// answer whose code points equal the gold, or -1.
    private var goldAnswers: [Int] = []
    private var goldJSONs: [String] = []
    private var transientGoldAnswers: [Int]
    private var transientGoldJSON = ""

    init(scorers: [TableScorer], benchmark: Benchmark, base: UnsafePointer<UInt8>, limit: Int, keepGoldJSON: Bool, keepFirstLines: Bool) {
        self.scorers = scorers
        kinds = scorers.map { $0.kind(of: benchmark) }
        unicode = scorers.first?.unicode
        self.keepGoldJSON = keepGoldJSON
        self.keepFirstLines = keepFirstLines
        self.limit = limit
        raws = SliceMemo(base: base, limit: limit)
        golds = SliceMemo(base: base, limit: limit)
        lines = Array(repeating: [:], count: scorers.count)
        transientOutcomes = Array(repeating: .none, count: scorers.count)
        transientGoldAnswers = Array(repeating: -1, count: scorers.count)
    }

    /// Reads the raw output string at `s.pos` and returns its entry (or
    /// `transient`), decoding and scoring it only when its bytes are new.
    mutating func readRaw(_ s: inout JSONScanner) throws -> Int {
        let open = s.pos
        guard let base = s.bytes.baseAddress else { throw s.error("expected a string") }
        let n = s.bytes.count
        if let (close, hash) = SliceMemo.scanString(base, n, from: open &+ 1),
           let e = raws.find(open &+ 1, close &- open &- 1, hash: hash) {
            s.pos = close &+ 1
            return e
        }
        let text = try s.readCodePoints()
        let line = unicode?.firstLine(text) ?? []
        // Long first lines (an answer with its reasons) rarely repeat:
        // remembering them costs more than scoring them again.
        let key = line.count <= Self.lineMemoLength ? LineKey(line) : nil
        let count = scorers.count
        let entry = insert(&raws, open, base, n)
        // A benchmark no scorer reads is not answered by the memo either.
        var scored = !kinds.contains { $0 != nil }
        for k in 0..<count {
            var outcome = TableScorer.Outcome.none
            if let kind = kinds[k] {
                if let key, let known = lines[k][key] {
                    outcome = known
                } else {
                    outcome = scorers[k].outcome(firstLine: line, kind)
                    scored = true
                    if let key, lines[k].count < limit { lines[k][key] = outcome }
                }
            }
            if entry == Self.transient { transientOutcomes[k] = outcome } else { outcomes.append(outcome) }
        }
        if keepFirstLines {
            if entry == Self.transient { transientLine = line } else { firstLines.append(line) }
        }
        let how = scored ? Self.scoredHere : Self.lineHere
        if entry == Self.transient { transientHow = how } else { entryHow.append(how) }
        return entry
    }

    /// Reads the gold string at `s.pos` and returns its entry (or `transient`).
    mutating func readGold(_ s: inout JSONScanner) throws -> Int {
        let open = s.pos
        guard let base = s.bytes.baseAddress else { throw s.error("expected a string") }
        let n = s.bytes.count
        if let (close, hash) = SliceMemo.scanString(base, n, from: open &+ 1),
           let e = golds.find(open &+ 1, close &- open &- 1, hash: hash) {
            s.pos = close &+ 1
            return e
        }
        let gold = try s.readCodePoints()
        let entry = insert(&golds, open, base, n)
        for k in 0..<scorers.count {
            // Answers are interned, so equal code points mean equal index.
            let answer = scorers[k].answers.firstIndex { $0.codePoints == gold } ?? -1
            if entry == Self.transient { transientGoldAnswers[k] = answer } else { goldAnswers.append(answer) }
        }
        let json = keepGoldJSON ? PythonJSON.quote(gold) : ""
        if entry == Self.transient { transientGoldJSON = json } else { goldJSONs.append(json) }
        return entry
    }

    /// Enters the string at `open` that was just decoded, hence valid.
    private func insert(_ memo: inout SliceMemo, _ open: Int, _ base: UnsafePointer<UInt8>, _ n: Int) -> Int {
        guard let (close, hash) = SliceMemo.scanString(base, n, from: open &+ 1) else { return Self.transient }
        return memo.insert(open &+ 1, close &- open &- 1, hash: hash) ?? Self.transient
    }

    /// Counts a row whose raw output is entry `raw` (once per row, so a row
    /// read twice by the reader counts once).
    @inline(__always) mutating func count(raw: Int) {
        let how = raw == Self.transient ? transientHow : entryHow[raw]
        switch how {
        case Self.scoredHere: counts.scored &+= 1
        case Self.lineHere: counts.lineHits &+= 1
        default: counts.rawHits &+= 1
        }
        if raw != Self.transient { entryHow[raw] = Self.counted }
    }

    @inline(__always) func outcome(raw: Int, scorer k: Int) -> TableScorer.Outcome {
        raw == Self.transient ? transientOutcomes[k] : outcomes[raw &* scorers.count &+ k]
    }

    /// Whether `answer` equals the gold (a non-string gold equals nothing).
    @inline(__always) func isCorrect(_ answer: Int, gold: Int, scorer k: Int) -> Bool {
        switch gold {
        case Self.notAString: return false
        case Self.transient: return transientGoldAnswers[k] == answer
        default: return goldAnswers[gold &* scorers.count &+ k] == answer
        }
    }

    func goldJSON(_ gold: Int) -> String {
        gold == Self.transient ? transientGoldJSON : goldJSONs[gold]
    }

    func firstLine(raw: Int) -> [UInt32] {
        raw == Self.transient ? transientLine : firstLines[raw]
    }
}

/// How the rows of a scan were answered: from the memo of raw-output
/// bytes (`rawHits`: neither decoded nor scored), from the memo of first
/// lines (`lineHits`: decoded, not scored), or by running the rules
/// (`scored`; also a row of a benchmark no scorer reads). A count of work
/// done, never part of any output.
public struct MemoCounts: Sendable, Equatable {
    public var rawHits = 0
    public var lineHits = 0
    public var scored = 0

    public init() {}

    /// Rows read.
    public var rows: Int { rawHits + lineHits + scored }
    /// Rows answered without running the rules.
    public var answeredByMemo: Int { rawHits + lineHits }

    static func + (a: MemoCounts, b: MemoCounts) -> MemoCounts {
        var c = a
        c.rawHits += b.rawHits
        c.lineHits += b.lineHits
        c.scored += b.scored
        return c
    }
}

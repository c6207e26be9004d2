import LadderCore

/// A character n-gram language model over Unicode scalars: the demo ladder's
/// trainable model. It learns from a list of texts (the training split's
/// files), predicts each character from the `order − 1` characters before it,
/// and smooths with `NGramSmoothing` down to a uniform distribution over the
/// known alphabet plus an "unknown" class that is shared evenly by every
/// scalar the training text never contained — so any string has a finite
/// probability, including Urdu or Chinese text a model trained on English
/// code has never seen.
///
/// Only the highest-order counts are stored; every shorter count is their
/// marginal (each text is padded at its start, so every position contributes
/// exactly one gram of each length) and is rebuilt on load, so a trained
/// model and the same model read back from its file are the same model.
public struct CharNGramModel: Sendable {
    /// Characters per gram: the prediction plus `order − 1` of context.
    public let order: Int
    public let smoothing: NGramSmoothing
    /// What training used; recorded in the model file.
    public internal(set) var training: TrainingRecord

    /// Counts of grams of every length 1...order, BOS-padded.
    var grams: [NGramKey: Int] = [:]
    /// For every context seen (lengths 0..<order): how often it was seen and
    /// how many distinct characters followed it.
    var contexts: [NGramKey: ContextStats] = [:]
    /// Number of distinct scalars seen in training.
    public internal(set) var alphabetSize = 0

    /// The highest order a model may have (gram keys hold six symbols).
    public static let maximumOrder = NGramKey.capacity
    /// Every Unicode scalar value (U+0000...U+10FFFF less the 2,048 surrogates):
    /// the open alphabet the unknown class is spread over.
    public static let openAlphabetSize = 0x110000 - 0x800

    struct ContextStats: Sendable, Equatable {
        var total = 0
        var types = 0
    }

    /// An untrained model; every character is equally likely until `train`.
    public init(order: Int = 4, smoothing: NGramSmoothing = .wittenBell) throws {
        guard (1...Self.maximumOrder).contains(order) else {
            throw LadderError.badInput("character n-gram order must be 1...\(Self.maximumOrder), got \(order)")
        }
        if case .absoluteDiscounting(let d) = smoothing, !(d > 0 && d <= 1) {
            throw LadderError.badInput("absolute-discounting discount must be in (0, 1], got \(d)")
        }
        self.order = order
        self.smoothing = smoothing
        self.training = TrainingRecord()
    }

    /// The scalars seen in training, in code point order.
    public var alphabet: [Unicode.Scalar] {
        grams.keys.filter { $0.length == 1 }.map { $0.symbol(at: 0) }.sorted().compactMap(NGramKey.scalar)
    }

    /// Number of distinct grams of the highest order (the size of the model).
    public var gramCount: Int { grams.keys.reduce(0) { $1.length == order ? $0 + 1 : $0 } }

    /// The context key for the start of a text: `order − 1` padding symbols.
    var startHistory: NGramKey {
        NGramKey(mostRecentFirst: Array(repeating: NGramKey.start, count: order - 1))
    }

    /// `history` after `symbol`, kept to the `order − 1` most recent symbols.
    @inline(__always)
    func advance(_ history: NGramKey, by symbol: UInt32) -> NGramKey {
        history.prepending(symbol).prefix(order - 1)
    }

    /// The history (most recent first) after reading `text` from a start.
    func history(after text: String) -> NGramKey {
        var h = startHistory
        for s in text.unicodeScalars { h = advance(h, by: NGramKey.symbol(s)) }
        return h
    }

    /// Rebuilds shorter grams and the context table from highest-order counts.
    mutating func rebuild(fromFullGrams full: [NGramKey: Int]) {
        var all: [NGramKey: Int] = [:]
        all.reserveCapacity(full.count * 2)
        for (gram, count) in full {
            for length in 1...order { all[gram.prefix(length), default: 0] += count }
        }
        var ctx: [NGramKey: ContextStats] = [:]
        for (gram, count) in all {
            let c = gram.dropFirst
            var stats = ctx[c] ?? ContextStats()
            stats.total += count
            stats.types += 1
            ctx[c] = stats
        }
        grams = all
        contexts = ctx
        alphabetSize = all.keys.reduce(0) { $1.length == 1 ? $0 + 1 : $0 }
    }

    /// The highest-order grams with their counts, in the file's fixed order.
    func sortedFullGrams() -> [(key: NGramKey, count: Int)] {
        grams.filter { $0.key.length == order }.map { (key: $0.key, count: $0.value) }.sorted { $0.key < $1.key }
    }
}

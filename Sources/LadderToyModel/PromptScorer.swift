import Foundation
import LadderCore

/// Scores continuations of one prompt. Reading the prompt once and reusing
/// it for every candidate answer keeps answering cheap.
///
/// An n-gram model sees only the last `order − 1` characters of a prompt,
/// so on its own it would give every example of a template the same answer.
/// The cache component (a cache language model, Kuhn & De Mori 1990, "A
/// Cache-Based Natural Language Model for Speech Recognition") lets the
/// rest of the prompt count: the prompt's own n-gram counts, smoothed with
/// interpolated Witten-Bell on top of the trained model, are mixed in with
/// weight `cacheWeight`:
///
///     P(w | h) = (1 − λ) · P_model(w | h) + λ · P_cache(w | h)
///
/// where P_cache starts from P_model(w | h) and interpolates the prompt's
/// counts for every context suffix the prompt contains. Both parts are
/// distributions over all scalars, so their mix is one too. The cache is
/// fixed for the prompt: a continuation's own characters do not enter it,
/// so every candidate is scored against the same statistics.
public struct PromptScorer: Sendable {
    public let model: CharNGramModel
    /// λ, in [0, 1]; 0 is the trained model alone.
    public let cacheWeight: Double
    let history: NGramKey
    let cacheGrams: [NGramKey: Int]
    let cacheContexts: [NGramKey: CharNGramModel.ContextStats]
    let cacheSymbols: Set<UInt32>

    init(model: CharNGramModel, prompt: String, cacheWeight: Double) throws {
        guard cacheWeight >= 0, cacheWeight <= 1 else {
            throw LadderError.badInput("cache weight must be in [0, 1], got \(cacheWeight)")
        }
        self.model = model
        self.cacheWeight = cacheWeight
        self.history = model.history(after: prompt)
        var grams: [NGramKey: Int] = [:]
        var symbols: Set<UInt32> = []
        if cacheWeight > 0 {
            var recent = NGramKey.empty
            var seen = 0
            for scalar in prompt.unicodeScalars {
                let symbol = NGramKey.symbol(scalar)
                symbols.insert(symbol)
                recent = recent.prepending(symbol).prefix(model.order)
                seen += 1
                for length in 1...min(model.order, seen) { grams[recent.prefix(length), default: 0] += 1 }
            }
        }
        var contexts: [NGramKey: CharNGramModel.ContextStats] = [:]
        for (gram, count) in grams {
            var stats = contexts[gram.dropFirst] ?? CharNGramModel.ContextStats()
            stats.total += count
            stats.types += 1
            contexts[gram.dropFirst] = stats
        }
        self.cacheGrams = grams
        self.cacheContexts = contexts
        self.cacheSymbols = symbols
    }

    /// Scalars the prompt contains (empty when the cache is off).
    public var promptAlphabet: [Unicode.Scalar] {
        cacheSymbols.sorted().compactMap(NGramKey.scalar)
    }

    /// Probability that the character right after the prompt is `scalar`.
    public func probability(of scalar: Unicode.Scalar) -> Double {
        probability(NGramKey.symbol(scalar), history: history)
    }

    /// Natural log of the probability of `continuation` right after the prompt.
    public func logProb(of continuation: String) -> Double {
        var h = history
        var total = 0.0
        for scalar in continuation.unicodeScalars {
            let symbol = NGramKey.symbol(scalar)
            total += log(probability(symbol, history: h))
            h = model.advance(h, by: symbol)
        }
        return total
    }

    /// `logProb(of:)` divided by the continuation's length in scalars, so
    /// short and long answers compete on equal terms; −∞ for an empty one.
    public func meanLogProb(of continuation: String) -> Double {
        let n = continuation.unicodeScalars.count
        return n == 0 ? -Double.infinity : logProb(of: continuation) / Double(n)
    }

    func probability(_ symbol: UInt32, history h: NGramKey) -> Double {
        let base = model.probability(symbol, history: h)
        guard cacheWeight > 0 else { return base }
        var p = base
        for k in 0..<model.order {
            let context = h.prefix(k)
            guard let stats = cacheContexts[context] else { break }
            let count = cacheGrams[context.prepending(symbol)] ?? 0
            p = (Double(count) + Double(stats.types) * p) / Double(stats.total + stats.types)
        }
        return (1 - cacheWeight) * base + cacheWeight * p
    }
}

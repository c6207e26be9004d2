import Foundation

extension CharNGramModel {
    /// Scalars the training text never contained; the unknown class is
    /// shared evenly between them.
    public var unseenScalarCount: Int { Self.openAlphabetSize - alphabetSize }

    /// Probability of the next character being `scalar` after `context`
    /// (the context is read from the start of a text, so an empty context
    /// means "at the start of a text").
    public func probability(of scalar: Unicode.Scalar, given context: String) -> Double {
        probability(NGramKey.symbol(scalar), history: history(after: context))
    }

    /// Natural log of the probability of `continuation` following `context`:
    /// the sum over its characters, each predicted from the text before it.
    public func logProb(of continuation: String, given context: String) -> Double {
        var history = history(after: context)
        var total = 0.0
        for scalar in continuation.unicodeScalars {
            let symbol = NGramKey.symbol(scalar)
            total += log(probability(symbol, history: history))
            history = advance(history, by: symbol)
        }
        return total
    }

    /// A scorer for continuations of one prompt, with an optional cache
    /// component built from the prompt itself; see `PromptScorer`.
    public func scorer(for prompt: String, cacheWeight: Double = 0) throws -> PromptScorer {
        try PromptScorer(model: self, prompt: prompt, cacheWeight: cacheWeight)
    }

    /// Probability of `symbol` after `history`: its own estimate when it was
    /// seen in training, else its even share of the unknown class.
    func probability(_ symbol: UInt32, history: NGramKey) -> Double {
        let p = classProbability(symbol, history: history)
        return grams[NGramKey(low: UInt64(symbol), high: 0)] != nil ? p : p / Double(unseenScalarCount)
    }

    /// The interpolated estimate, from the uniform distribution over the
    /// alphabet plus the unknown class up through every context suffix that
    /// training saw (a longer context is only seen if its shorter suffix was).
    func classProbability(_ symbol: UInt32, history: NGramKey) -> Double {
        var p = 1.0 / Double(alphabetSize + 1)
        for k in 0..<order {
            let context = history.prefix(k)
            guard let stats = contexts[context] else { break }
            let count = grams[context.prepending(symbol)] ?? 0
            p = smoothing.interpolate(count: Double(count), total: Double(stats.total),
                                      types: Double(stats.types), lower: p)
        }
        return p
    }
}

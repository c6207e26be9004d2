import LadderCore

extension CharNGramModel {
    /// Trains from scratch on `texts`, replacing anything learnt before.
    ///
    /// The texts are visited in an order shuffled by `seed`. Without a budget
    /// every text is counted in full, and since counts do not depend on
    /// order the seed then changes nothing but the recorded seed. With
    /// `maxChars`, texts are taken in that order until the budget is spent
    /// (the last one cut to fit), so the seed decides which files the model
    /// learns from — the toy counterpart of a training run's data order.
    @discardableResult
    public mutating func train(texts: [String], seed: UInt64, maxChars: Int? = nil,
                               checkpoint: () throws -> Void = {}) throws -> TrainingRecord {
        if let budget = maxChars, budget <= 0 {
            throw LadderError.badInput("max_chars must be a positive number of characters, got \(budget)")
        }
        var visit = Array(texts.indices)
        var generator = SeededGenerator(seed: seed)
        generator.shuffle(&visit)

        var full: [NGramKey: Int] = [:]
        var remaining = maxChars ?? Int.max
        var used = 0
        var characters = 0
        let start = startHistory
        for index in visit where remaining > 0 {
            try checkpoint()
            var history = start
            var counted = 0
            for scalar in texts[index].unicodeScalars {
                if counted == remaining { break }
                let gram = history.prepending(NGramKey.symbol(scalar))
                full[gram, default: 0] += 1
                history = gram.prefix(order - 1)
                counted += 1
            }
            if counted > 0 { used += 1 }
            characters += counted
            if maxChars != nil { remaining -= counted }
        }
        rebuild(fromFullGrams: full)
        training = TrainingRecord(seed: seed, maxChars: maxChars, textsOffered: texts.count,
                                  textsUsed: used, charactersUsed: characters)
        return training
    }

    /// A model of the given shape trained on `texts`; see `train(texts:seed:maxChars:)`.
    public static func trained(on texts: [String], order: Int = 4, smoothing: NGramSmoothing = .wittenBell,
                               seed: UInt64, maxChars: Int? = nil, checkpoint: () throws -> Void = {}) throws -> CharNGramModel {
        var model = try CharNGramModel(order: order, smoothing: smoothing)
        try model.train(texts: texts, seed: seed, maxChars: maxChars, checkpoint: checkpoint)
        return model
    }
}

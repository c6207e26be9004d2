import LadderCore

/// How answers are produced.
public enum EvalMode: String, Sendable, CaseIterable {
    /// Greedy generation of at most `max_new_tokens` tokens; the text is the raw output.
    case generate
    /// Every option scored as the continuation `" " + option`; the best one is the raw output.
    case loglikelihood
}

/// Everything that decides an evaluation's rows besides the model and the files.
public struct EvalSettings: Sendable, Equatable {
    public var matrix: EvalMatrix
    public var mode: EvalMode
    public var maxNewTokens: Int
    /// The first `limit` examples per benchmark × data language; nil for all.
    public var limit: Int?
    /// Prompts per model call. Rows depend on it in the last bits of their scores
    /// (sums run in another order for other shapes), so it is part of the step.
    public var batchSize: Int

    public init(matrix: EvalMatrix, mode: EvalMode = .loglikelihood, maxNewTokens: Int = 10, limit: Int? = nil, batchSize: Int = 8) throws {
        guard maxNewTokens > 0 else { throw LadderError.badInput("max_new_tokens must be at least 1, got \(maxNewTokens)") }
        guard batchSize > 0 else { throw LadderError.badInput("batch_size must be at least 1, got \(batchSize)") }
        if let limit, limit <= 0 { throw LadderError.badInput("limit must be positive, got \(limit)") }
        for (name, list) in [("benchmarks", matrix.benchmarks.map(\.rawValue)), ("templates", matrix.templates),
                             ("data_langs", matrix.dataLangs), ("instr_langs", matrix.instrLangs)] where list.isEmpty {
            throw LadderError.badInput("\(name) must name at least one")
        }
        self.matrix = matrix
        self.mode = mode
        self.maxNewTokens = maxNewTokens
        self.limit = limit
        self.batchSize = batchSize
    }
}

import Foundation
import LadderCore
import LadderModel
import LadderSpec

/// Typed reads of an engine's parameters with defaults and aliases; a value of
/// the wrong type is a bad-input error naming the engine and the parameter.
struct ModelParams {
    let engine: String
    let params: [String: Value]

    func value(_ name: String, aliases: [String] = []) -> Value? {
        for n in [name] + aliases { if let v = params[n], v != .null { return v } }
        return nil
    }

    func int(_ name: String, _ d: Int, aliases: [String] = []) throws -> Int {
        guard let v = value(name, aliases: aliases) else { return d }
        guard let i = v.intValue, v.stringValue == nil else { throw bad(name, "a whole number", v) }
        return i
    }

    func double(_ name: String, _ d: Double, aliases: [String] = []) throws -> Double {
        guard let v = value(name, aliases: aliases) else { return d }
        guard let x = v.doubleValue, v.stringValue == nil, x.isFinite else { throw bad(name, "a number", v) }
        return x
    }

    func bool(_ name: String, _ d: Bool) throws -> Bool {
        guard let v = value(name) else { return d }
        guard let b = v.boolValue else { throw bad(name, "true or false", v) }
        return b
    }

    func string(_ name: String, _ d: String?) throws -> String? {
        guard let v = value(name) else { return d }
        guard let s = v.stringValue else { throw bad(name, "a string", v) }
        return s
    }

    func strings(_ name: String, _ d: [String]) throws -> [String] {
        guard let v = value(name) else { return d }
        if let s = v.stringValue { return [s] }
        let list = v.arrayValue?.compactMap(\.stringValue)
        guard let list, list.count == v.arrayValue?.count else { throw bad(name, "a list of strings", v) }
        return list
    }

    func bad(_ name: String, _ type: String, _ v: Value) -> LadderError {
        .badInput("\(engine): parameter `\(name)` must be \(type), got \(v.canonicalJSON)")
    }

    /// Seed as the unsigned value the model code uses.
    func seed() throws -> UInt64 { UInt64(bitPattern: Int64(try int("seed", 0))) }

    /// The optimizer and loop settings shared by pretrain and lora-train.
    func trainingSettings(learningRate: Double, epochs: Int, batchSize: Int, warmupRatio: Double, weightDecay: Double) throws -> TrainingSettings {
        let scheduleName = try string("lr_scheduler_type", "cosine") ?? "cosine"
        guard let schedule = LRSchedule(rawValue: scheduleName) else {
            throw LadderError.badInput("\(engine): lr_scheduler_type '\(scheduleName)' is not one of \(LRSchedule.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let optimizer = OptimizerSettings(learningRate: try double("learning_rate", learningRate, aliases: ["lr"]),
                                          weightDecay: try double("weight_decay", weightDecay),
                                          warmupRatio: try double("warmup_ratio", warmupRatio), schedule: schedule,
                                          maxGradNorm: try double("max_grad_norm", 1.0))
        let settings = TrainingSettings(epochs: try int("epochs", epochs, aliases: ["num_train_epochs"]), batchSize: try int("batch_size", batchSize),
                                        gradientAccumulationSteps: try int("gradient_accumulation_steps", 1),
                                        optimizer: optimizer, seed: try seed(), evalSteps: try int("eval_steps", 0))
        do { try settings.validate() } catch let e as LadderError { throw LadderError.badInput("\(engine): \(e.description.replacingOccurrences(of: "training: ", with: ""))") }
        return settings
    }

    func maxSeqLength(_ d: Int) throws -> Int {
        let n = try int("max_seq_length", d)
        guard n >= 2 else { throw LadderError.badInput("\(engine): max_seq_length must be at least 2") }
        return n
    }
}

/// Parameters shared by the two training engines, declared once.
enum TrainingParameterSpecs {
    static func specs(learningRate: Double, epochs: Int, batchSize: Int, warmupRatio: Double, weightDecay: Double, maxSeqLength: Int) -> [ParameterSpec] {
        [
            ParameterSpec("seed", .int, default: .int(0), doc: "seeds initial weights, shuffles and dropout; same seed, same bytes"),
            ParameterSpec("learning_rate", .number, default: .double(learningRate), aliases: ["lr"], doc: "peak learning rate of AdamW"),
            ParameterSpec("epochs", .int, default: .int(epochs), aliases: ["num_train_epochs"], doc: "passes over the training sequences"),
            ParameterSpec("batch_size", .int, default: .int(batchSize), doc: "sequences per micro-batch"),
            ParameterSpec("gradient_accumulation_steps", .int, default: .int(1), doc: "micro-batches per optimizer step"),
            ParameterSpec("warmup_ratio", .number, default: .double(warmupRatio), doc: "fraction of optimizer steps of linear warm-up"),
            ParameterSpec("lr_scheduler_type", .string, default: .string("cosine"), allowed: LRSchedule.allCases.map(\.rawValue),
                          doc: "decay after warm-up (transformers' schedules)"),
            ParameterSpec("weight_decay", .number, default: .double(weightDecay), doc: "AdamW's decoupled weight decay"),
            ParameterSpec("max_grad_norm", .number, default: .double(1.0), doc: "clip the global gradient norm to this (0: no clipping)"),
            ParameterSpec("max_seq_length", .int, default: .int(maxSeqLength), doc: "tokens per training sequence"),
            ParameterSpec("eval_steps", .int, default: .int(0), doc: "held-out loss every N optimizer steps (0: before and after training only)"),
        ]
    }
}

extension TrainingReport {
    /// Wall time and throughput, for the attempt's record (never for output files).
    var timingMetrics: [String: Value] {
        ["train_seconds": .double((seconds * 1000).rounded() / 1000),
         "train_tokens_per_second": .double(tokensPerSecond.rounded()),
         "train_gflops_per_second": .double((gflopsPerSecond * 100).rounded() / 100),
         "train_gflop": .double((Double(flops) / 1e7).rounded() / 100)]
    }
}

import Foundation
import LadderCore

/// Writes a step key's canonical text directly, field by field in key order, with
/// the same bytes as `CanonicalKey` over `PlannedStep.ingredients`
/// (`{"encoding":"ladder-key-v1","fields":{"engine":…,"engine.data":…,
/// "engine.fingerprint":…,"inputs":{…},"params":{…}}}`) but without building the
/// nested values again for every step. `StepKeyTests` hold the two equal.
enum StepKeyBytes {
    static func head(implementation: String) -> [UInt8] {
        var out = Array("{\"encoding\":".utf8)
        Value.quote(CanonicalKey.encodingVersion, into: &out)
        out.append(contentsOf: ",\"fields\":{\"engine\":".utf8)
        Value.quote(implementation, into: &out)
        return out
    }

    static func fingerprint(_ fp: String) -> [UInt8] {
        var out = Array(",\"engine.fingerprint\":".utf8)
        Value.quote(fp, into: &out)
        return out
    }

    static let engineDataPrefix = Array(",\"engine.data\":".utf8)
    static let inputsPrefix = Array(",\"inputs\":{".utf8)
    static let paramsPrefix = Array("},\"params\":".utf8)
    static let stepPrefix = Array("{\"step\":".utf8)
    static let stepsPrefix = Array("{\"steps\":[".utf8)
    static let sourcePrefix = Array("{\"hash\":".utf8)
    static let sourceMiddle = Array(",\"source\":".utf8)
    static let nullBytes = Array("null".utf8)

    /// Appends `"name":INGREDIENT,...` for the inputs in `order` (byte order of their names), each
    /// input's canonical `"name":` given in `names` (a recipe's `inputKeyOrder` and `inputNameBytes`);
    /// an ingredient in `known` (a source input's, the same in every cell) is appended as it is.
    static func writeInputs(_ inputs: [PlannedInput], order: [Int], names: [[UInt8]], known: [[UInt8]?] = [],
                            to out: inout [UInt8]) {
        for (n, i) in order.enumerated() {
            if n > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: names[i])
            if i < known.count, let bytes = known[i] {
                out.append(contentsOf: bytes)
                continue
            }
            writeIngredient(inputs[i].source, to: &out)
        }
    }

    /// Appends one input's canonical key ingredient (`PlannedInputSource.keyIngredient`).
    static func writeIngredient(_ source: PlannedInputSource, to out: inout [UInt8]) {
        switch source {
        case .step(let k):
            out.append(contentsOf: stepPrefix)
            quoteKey(k, into: &out)
            out.append(UInt8(ascii: "}"))
        case .steps(let ks):
            out.append(contentsOf: stepsPrefix)
            for (j, k) in ks.enumerated() {
                if j > 0 { out.append(UInt8(ascii: ",")) }
                quoteKey(k, into: &out)
            }
            out.append(contentsOf: [UInt8(ascii: "]"), UInt8(ascii: "}")])
        case .source(let name, let hash):
            // `{"hash":…,"source":…}`: the keys in byte order, as `keyIngredient` encodes them.
            out.append(contentsOf: sourcePrefix)
            if let hash { Value.quote(hash, into: &out) } else { out.append(contentsOf: nullBytes) }
            out.append(contentsOf: sourceMiddle)
            Value.quote(name, into: &out)
            out.append(UInt8(ascii: "}"))
        default:
            source.keyIngredient.writeCanonical(to: &out)
        }
    }

    /// A step key is hex: quoted as it is (nothing to escape).
    private static func quoteKey(_ k: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var k = k
        k.withUTF8 { out.append(contentsOf: $0) }
        out.append(UInt8(ascii: "\""))
    }
}

import Foundation
import LadderCore
import LadderSpec

/// One pipeline entry of one condition, made ready for every cell that uses it:
/// the effective template, the engine, the step shape, and the parameters merged
/// (engine settings, then the step's own) and sorted in key order, each constant
/// one with its value and canonical bytes computed once. Cells that match the same
/// `where` rules share a recipe, so per step only the parameters that interpolate
/// the cell are rendered.
final class StepRecipe {
    /// One parameter: its canonical `"name":` prefix and node, and the value and
    /// canonical bytes when the node has no `${...}`.
    struct Slot {
        var name: String
        var node: YAMLNode
        var prefix: [UInt8]
        var constant: (value: Value, bytes: [UInt8])?
    }

    let spec: EffectiveStep
    /// The template's name (what a step's users record).
    let templateName: String
    let info: EngineInfo
    let shape: StepShape
    let slots: [Slot]
    /// The parameters' canonical text as constant chunks around the nodes that interpolate
    /// the cell: `chunks[0] variables[0] chunks[1] ... chunks[n]` (the engine's intern prefix first).
    let chunks: [[UInt8]]
    let variables: [YAMLNode]
    /// The same nodes compiled once (`CompiledNode`), rendered per step.
    let compiled: [CompiledNode]
    /// One entry per step to make: the fan-out variable and value, or a single nil.
    let instances: [(String, Value)?]
    /// The inputs the steps read (removed ones left out), in declaration order, and
    /// their positions in key order (byte order of their names).
    let inputs: [InputDecl]
    let inputKeyOrder: [Int]
    /// Source inputs once resolved (the same in every cell), by position in `inputs`, and
    /// their canonical key ingredient (`StepKeyBytes.writeInputs`).
    var sourceInputs: [PlannedInputSource?]
    var sourceInputBytes: [[UInt8]?]
    /// `"name":` of each input, canonical, by position in `inputs`.
    let inputNameBytes: [[UInt8]]
    /// Whether every input is a source, `previous` or a step of the same cell: then a step's
    /// upstream step numbers can be read without resolving its inputs (`ownCellUpstream`).
    let readsOwnCellOnly: Bool
    /// The last step made or joined from this recipe, with its parameters' canonical text and
    /// its upstream step numbers: a later step with the same two has the same key (consecutive
    /// cells often share a subset or a transpile step).
    var lastParams: [UInt8] = []
    var lastUpstream: [Int32] = []
    var lastStep = -1
    /// Length of the engine's intern prefix, which the parameters' canonical text starts with.
    let internPrefixCount: Int
    /// Whether the engine is an external program (its parameters are not checked by the catalogue).
    let isExternal: Bool
    /// The parameters without `${...}`, in a dictionary with room for all of them, and the
    /// names of the others in slot order (the order `compiled` renders them).
    let constantParams: [String: Value]
    let variableNames: [String]
    /// `{"encoding":"ladder-key-v1","fields":{"engine":"IMPLEMENTATION"`
    let keyHead: [UInt8]
    /// `,"engine.fingerprint":"FINGERPRINT"`, followed by `,"inputs":{`
    let keyFingerprint: [UInt8]
    /// `keyHead` and `keyFingerprint` together: the key's text up to the inputs when the
    /// step has no engine data.
    let keyPrefix: [UInt8]

    init(spec: EffectiveStep, info: EngineInfo, ladder: Ladder) {
        self.spec = spec
        templateName = spec.template.name
        self.info = info
        let resources = (spec.resources ?? Resources()).over(info.resources)
        shape = StepShape(template: spec.template.name, engine: spec.engine, implementation: info.implementation,
                          engineFingerprint: info.fingerprint,
                          resources: Resources(cpus: resources.cpus ?? 1, gpus: resources.gpus ?? 0,
                                               memory: resources.memory, time: resources.time),
                          retry: spec.template.retry ?? info.retry ?? RetryPolicy())
        var merged: [(String, YAMLNode)] = info.settings.map { ($0.key, $0.value) }
        for p in spec.params {
            if let i = merged.firstIndex(where: { $0.0 == p.name }) { merged[i].1 = p.node } else { merged.append((p.name, p.node)) }
        }
        slots = merged.sorted { Value.byteOrder($0.0, $1.0) }.enumerated().map { i, p in
            var prefix: [UInt8] = i == 0 ? [] : [UInt8(ascii: ",")]
            Value.quote(p.0, into: &prefix)
            prefix.append(UInt8(ascii: ":"))
            let constant = Interpolator.containsReference(p.1) ? nil : { () -> (Value, [UInt8]) in
                let v = p.1.toValue()
                return (v, v.canonicalBytes)
            }()
            return Slot(name: p.0, node: p.1, prefix: prefix, constant: constant)
        }
        var chunks: [[UInt8]] = []
        var variables: [YAMLNode] = []
        var chunk = info.internPrefix + [UInt8(ascii: "{")]
        for slot in slots {
            chunk.append(contentsOf: slot.prefix)
            if let c = slot.constant {
                chunk.append(contentsOf: c.bytes)
            } else {
                chunks.append(chunk)
                chunk = []
                variables.append(slot.node)
            }
        }
        chunk.append(UInt8(ascii: "}"))
        chunks.append(chunk)
        self.chunks = chunks
        self.variables = variables
        let locals: Set<String> = spec.template.forEach.map { [$0.variable] } ?? []
        compiled = variables.map { CompiledNode($0, ladder: ladder, locals: locals) }
        instances = spec.instances
        inputs = spec.inputs.filter { if case .removed = $0.ref { return false } else { return true } }
        sourceInputs = Array(repeating: nil, count: inputs.count)
        sourceInputBytes = Array(repeating: nil, count: inputs.count)
        let names = inputs.map(\.name)
        inputKeyOrder = names.indices.sorted { Value.byteOrder(names[$0], names[$1]) }
        inputNameBytes = names.map { n in
            var out: [UInt8] = []
            Value.quote(n, into: &out)
            out.append(UInt8(ascii: ":"))
            return out
        }
        internPrefixCount = info.internPrefix.count
        readsOwnCellOnly = inputs.allSatisfy { decl in
            switch decl.ref {
            case .source, .previous, .step: return true
            default: return false
            }
        }
        isExternal = info.implementation == "external"
        var constants = [String: Value](minimumCapacity: slots.count)
        for slot in slots { if let c = slot.constant { constants[slot.name] = c.value } }
        constantParams = constants
        variableNames = slots.filter { $0.constant == nil }.map(\.name)
        keyHead = StepKeyBytes.head(implementation: info.implementation)
        keyFingerprint = StepKeyBytes.fingerprint(info.fingerprint) + StepKeyBytes.inputsPrefix
        keyPrefix = keyHead + keyFingerprint
    }

    /// Where each parameter was written, for located parameter errors.
    private(set) lazy var locations: [String: SourceLocation] =
        Dictionary(slots.map { ($0.name, $0.node.location) }, uniquingKeysWith: { $1 })
}

/// Which recipe a cell's pipeline entry uses: the condition, the entry, and the
/// `where` rules the cell matches (the only part of the cell an override can see).
struct RecipeID: Hashable {
    var condition: Int
    var entry: Int
    var rules: [Int]
}

/// Parameters seen before for one engine: the shared dictionary (one per distinct
/// canonical encoding), already checked, and the engine's step data for them.
struct InternedParams {
    var params: [String: Value]
    var engineData: Value?
    var engineDataBytes: [UInt8]?
    /// What `plan` reports for steps with these parameters (built-in evaluation engines only).
    var evaluationCells: [EvaluationCell] = []
}

/// One parameter set (its interning key) with the files its source inputs name: the
/// unit an engine's plan-time file check depends on, so each is checked once.
struct SourceCheck: Hashable {
    let params: ByteKey
    let sources: [String: String]
}

/// Bytes as a dictionary key, hashed once in one pass (an array of bytes hashes byte by
/// byte); the dictionary's own hasher then sees only that word.
struct ByteKey: Hashable {
    let bytes: [UInt8]
    let digest: UInt64

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        digest = bytes.withUnsafeBytes(Self.hash)
    }

    /// FNV-1a over 8-byte words, then the tail byte by byte (also what rendered paths are hashed by).
    static func hash(_ raw: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        var i = 0
        while i + 8 <= raw.count {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x0000_0100_0000_01b3
            h ^= h >> 29
            i += 8
        }
        while i < raw.count { h = (h ^ UInt64(raw[i])) &* 0x0000_0100_0000_01b3; i += 1 }
        return h
    }

    func hash(into h: inout Hasher) { h.combine(digest) }
    static func == (a: ByteKey, b: ByteKey) -> Bool { a.digest == b.digest && a.bytes == b.bytes }
}

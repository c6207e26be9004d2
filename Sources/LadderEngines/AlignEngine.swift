import Foundation
import LadderCore
import LadderSpec

/// `align`: intersects the item sets of several dataset steps (by `file_path`)
/// and reports, for each item dropped, which inputs lack it. Every input (or
/// every path of a gathered input) is one set. Output: `items.json` (the kept
/// ids, sorted) and `dropped.jsonl` (`id`, `missing_from`).
public struct AlignEngine: BuiltinEngine {
    public let name = "align"
    public let summary = "intersect the items of several steps; report which steps lack each dropped item"
    public let parameters: [ParameterSpec] = []

    public init() {}

    public func run(_ request: EngineRequest, context: EngineContext) throws -> EngineResult {
        var sets: [(label: String, ids: Set<String>)] = []
        for name in request.inputs.keys.sorted() {
            let input = request.inputs[name]!
            for (i, path) in input.paths.enumerated() {
                let ids: Set<String>
                if input.kind == "items" {
                    ids = Set(input.items ?? [])
                } else {
                    ids = Set(try DatasetDirectory.read(URL(fileURLWithPath: path)).rows.compactMap { $0["file_path"]?.stringValue })
                }
                sets.append((Self.label(input, index: i, name: name), ids))
            }
        }
        guard sets.count >= 2 else { throw LadderError.badInput("align needs at least two item sets; it got \(sets.count)") }
        let all = sets.reduce(into: Set<String>()) { $0.formUnion($1.ids) }
        let kept = all.filter { id in sets.allSatisfy { $0.ids.contains(id) } }.sorted(by: Value.byteOrder)
        var dropped: [Value] = []
        var items = kept.map { ItemRecord(id: $0, status: "ok") }
        for id in all.subtracting(kept).sorted(by: Value.byteOrder) {
            let missing = sets.filter { !$0.ids.contains(id) }.map(\.label)
            dropped.append(.object(["id": .string(id), "missing_from": .array(missing.map(Value.string))]))
            items.append(ItemRecord(id: id, status: "skipped", error: "missing from \(missing.joined(separator: ", "))"))
        }
        let out = URL(fileURLWithPath: request.outputDir)
        try JSONWriter.write(kept, to: out.appendingPathComponent("items.json"))
        try JSONWriter.writeLines(dropped, to: out.appendingPathComponent("dropped.jsonl"))
        context.log("kept \(kept.count) of \(all.count) items across \(sets.count) sets")
        return EngineResult(metrics: ["sets": .int(sets.count), "union": .int(all.count), "kept": .int(kept.count),
                                      "dropped": .int(all.count - kept.count)], items: items)
    }

    /// `condition[cell].template` of the first user when the plan says, else the input name and position.
    static func label(_ input: EngineInput, index: Int, name: String) -> String {
        if let users = input.users, index < users.count, let u = users[index].arrayValue?.first,
           let c = u["condition"]?.stringValue, let t = u["template"]?.stringValue {
            let cell = (u["cell"]?.objectValue ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.text)" }.joined(separator: ",")
            return "\(c)[\(cell)].\(t)"
        }
        return input.paths.count > 1 ? "\(name)[\(index)]" : name
    }
}

import Foundation
import LadderCore
import LadderSpec

/// `import`: brings results that already exist (e.g. the study's published
/// `*_results_{template}.json`) into a ladder as a step's outputs, so scoring,
/// analysis and diffs need no re-run. Param `files`: paths relative to the
/// ladder (may use `${condition}`, `${seed}`, ...: the ladder maps files to
/// cells, nothing is parsed from names); optional `sha256`: {path: hash} pins.
/// Every file's content hash enters the step key. With `allow_missing: true`
/// a missing file is recorded (ledger item `failed`, `import.json`) instead of
/// failing the step, so analysis can list the session as a gap.
public struct ImportEngine: BuiltinEngine {
    public let name = "import"
    public let summary = "bring existing result files into the ladder, pinned by sha256"
    public let parameters: [ParameterSpec] = [
        ParameterSpec("files", .list(.string), required: true, doc: "paths relative to the ladder (may use ${condition}, ${seed}, ...)"),
        ParameterSpec("sha256", .object, doc: "{path: hash} pins, checked against the files"),
        ParameterSpec("allow_missing", .bool, default: .bool(false), doc: "record a missing file as a gap instead of failing"),
    ]

    public init() {}

    static func files(_ params: [String: Value]) throws -> [String] {
        guard let list = params["files"]?.arrayValue?.compactMap(\.stringValue), !list.isEmpty else {
            throw LadderError.badInput("import needs `files`: a list of paths relative to the ladder")
        }
        let names = list.map { ($0 as NSString).lastPathComponent }
        guard Set(names).count == names.count else {
            throw LadderError.badInput("import: two files share a name (\(names.joined(separator: ", "))); outputs keep file names")
        }
        return list
    }

    public func stepData(params: [String: Value], ladder: Ladder) throws -> Value? {
        let pins = params["sha256"]?.objectValue ?? [:]
        var hashes: [String: Value] = [:]
        for f in try Self.files(params) {
            let path = f.hasPrefix("/") ? f : (ladder.directory as NSString).appendingPathComponent(f)
            guard FileManager.default.fileExists(atPath: path) else {
                if params["allow_missing"]?.boolValue == true { hashes[f] = .string("missing"); continue }
                throw LadderError.badInput("import: \(f) does not exist (looked at \(path))")
            }
            let h = try SHA256.hex(fileAt: URL(fileURLWithPath: path))
            if let pin = pins[f]?.stringValue, pin != h {
                throw LadderError.badInput("import: \(f) has sha256 \(h), but the ladder pins \(pin); the file changed")
            }
            hashes[f] = .string(h)
        }
        return .object(["files": .object(hashes)])
    }

    public func run(_ request: EngineRequest, context: EngineContext) throws -> EngineResult {
        let expected = request.engineData?["files"]?.objectValue ?? [:]
        var items: [ItemRecord] = []
        for f in try Self.files(request.params) {
            try context.checkCancelled()
            let src = f.hasPrefix("/") ? f : ((request.ladderDir ?? ".") as NSString).appendingPathComponent(f)
            if expected[f]?.stringValue == "missing" || !FileManager.default.fileExists(atPath: src) {
                guard request.params["allow_missing"]?.boolValue == true else {
                    throw LadderError.stepFailed("import: \(f) does not exist (looked at \(src))")
                }
                items.append(ItemRecord(id: f, status: "failed", error: "missing"))
                context.log("missing \(f) (recorded; allow_missing is set)")
                continue
            }
            let h = try SHA256.hex(fileAt: URL(fileURLWithPath: src))
            if let want = expected[f]?.stringValue, want != h {
                throw LadderError.stepFailed("import: \(f) changed since planning (sha256 \(h), planned \(want))")
            }
            let dest = URL(fileURLWithPath: request.outputDir).appendingPathComponent((f as NSString).lastPathComponent)
            try FileManager.default.copyItem(at: URL(fileURLWithPath: src), to: dest)
            items.append(ItemRecord(id: f, status: "ok", extra: .object(["sha256": .string(h)])))
            context.log("imported \(f) (\(h.prefix(12)))")
        }
        let listing = Value.array(items.map { .object(["file": .string($0.id), "status": .string($0.status)]) })
        try JSONWriter.write(Value.object(["files": listing]),
                             to: URL(fileURLWithPath: request.outputDir).appendingPathComponent("import.json"))
        return EngineResult(metrics: ["files": .int(items.filter { $0.status == "ok" }.count),
                                      "missing": .int(items.filter { $0.status != "ok" }.count)], items: items)
    }
}

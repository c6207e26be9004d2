import Foundation
import LadderCore
import LadderPlan
import LadderPython
import LadderScoring
import LadderSpec

/// The fuzz targets, chosen by `LADDER_FUZZ_TARGET` (default `ladder-yaml`).
/// Each reads any bytes; errors are expected, a crash, a hang or a trap is a bug.
enum FuzzTarget: String {
    /// The bytes as a ladder file: parsed and planned.
    case ladderYAML = "ladder-yaml"
    /// The bytes as Python source: tokenized, transpiled into each built-in
    /// language with the round-trip check on, and the output turned back.
    case pythonRoundTrip = "python-roundtrip"
    /// The bytes as a study results file: read and re-scored by both scorers.
    case resultsJSON = "results-json"

    static let current: FuzzTarget = {
        let name = ProcessInfo.processInfo.environment["LADDER_FUZZ_TARGET"] ?? "ladder-yaml"
        guard let t = FuzzTarget(rawValue: name) else {
            FileHandle.standardError.write(Data("unknown LADDER_FUZZ_TARGET '\(name)': ladder-yaml, python-roundtrip, results-json\n".utf8))
            exit(2)
        }
        return t
    }()
}

/// Built once: language packs, transpilers and the scorers.
enum Fixtures {
    static let packs: [LanguagePack] = LanguagePack.builtinLanguages.compactMap { try? LanguagePack.builtin($0) }
    static let transpilers = packs.map { Transpiler(pack: $0) }
    static let reversers = packs.map { ReverseTranspiler(pack: $0) }
    static let reparser: Reparser? = {
        guard let registry = try? ScorerRegistry() else { return nil }
        let scorers = registry.names.compactMap { try? registry.scorer(named: $0) }
        return try? Reparser(scorers: scorers)
    }()
    static let scratch: URL = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ladder-fuzz-\(getpid())")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }()
}

func fuzzLadder(_ bytes: UnsafeBufferPointer<UInt8>) {
    let text = String(decoding: bytes, as: UTF8.self)
    let builtins = ["subset", "transpile", "align", "import", "reparse", "analysis"]
    do {
        let ladder = try LadderParser(builtinEngines: builtins).parse(text: text, file: "fuzz.yaml", directory: "/nonexistent")
        _ = try Planner(ladder: ladder, catalog: StaticEngineCatalog(builtinNames: builtins), checkFiles: false).plan()
    } catch {}
}

func fuzzPython(_ bytes: UnsafeBufferPointer<UInt8>) {
    let source = Array(bytes)
    let tokenizer = PythonTokenizer(source: source)
    _ = try? tokenizer.tokenize()
    for (transpiler, reverser) in zip(Fixtures.transpilers, Fixtures.reversers) {
        let outcome = transpiler.transpile(source: source, path: "fuzz.py")
        if let out = outcome.output { _ = try? reverser.reverse(source: out) }
    }
}

func fuzzResults(_ bytes: UnsafeBufferPointer<UInt8>) {
    guard let reparser = Fixtures.reparser else { return }
    let file = Fixtures.scratch.appendingPathComponent("xnli_results_template1.json")
    guard (try? Data(buffer: bytes).write(to: file)) != nil else { return }
    _ = try? reparser.reparse(resultsFile: file, outputDirectory: Fixtures.scratch, reparsedAt: nil)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    switch FuzzTarget.current {
    case .ladderYAML: fuzzLadder(bytes)
    case .pythonRoundTrip: fuzzPython(bytes)
    case .resultsJSON: fuzzResults(bytes)
    }
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> Int32
) -> Int32

@main
struct FuzzMain {
    static func main() {
        _ = FuzzTarget.current
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOneInput))
    }
}

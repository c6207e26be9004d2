import Foundation
import LadderCore
import LadderPlan
import LadderSpec

/// One fuzz input: any bytes, read as a ladder, parsed and planned. Errors are
/// expected; a crash, a hang or a trap is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let builtins = ["subset", "transpile", "align", "import", "reparse", "analysis"]
    do {
        let ladder = try LadderParser(builtinEngines: builtins).parse(text: text, file: "fuzz.yaml", directory: "/nonexistent")
        _ = try Planner(ladder: ladder, catalog: StaticEngineCatalog(builtinNames: builtins), checkFiles: false).plan()
    } catch {}
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
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOneInput))
    }
}

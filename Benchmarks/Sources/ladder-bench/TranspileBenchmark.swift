import Foundation
import LadderPython

/// Transpile speed on the CPython standard library of the machine's
/// `python3`, one core, files held in memory. Best of three passes.
/// Reference: Legesher's token backend ran about 163 files/s.
func transpileBenchmark(_ report: inout BenchReport) throws {
    guard let files = stdlibSources(), !files.isEmpty else {
        report.add(BenchFigure(area: "transpile", name: "stdlib files", value: 0, unit: "files",
                               target: "> 0", note: "python3 absent: no standard library to measure on"))
        return
    }
    let megabytes = Double(files.reduce(0) { $0 + $1.count }) / 1_048_576
    let size = "\(files.count) stdlib files, \(String(format: "%.1f", megabytes)) MiB"
    var sink = 0
    let tokenize = try bestOf3 {
        for bytes in files { sink &+= (try? PythonTokenizer(source: bytes).tokenize().count) ?? 0 }
    }
    report.add(BenchFigure(area: "transpile", name: "tokenize (\(size))", value: megabytes / tokenize, unit: "MiB/s",
                           target: "-", note: String(format: "%.0f files/s", Double(files.count) / tokenize)))
    for language in LanguagePack.builtinLanguages {
        let pack = try LanguagePack.builtin(language)
        let verified = Transpiler(pack: pack)
        let forward = Transpiler(pack: pack, options: TranspileOptions(verifyRoundTrip: false))
        var ok = 0
        let withCheck = try bestOf3 {
            ok = 0
            for bytes in files where verified.transpile(source: bytes, path: "f.py").row.status == .ok { ok += 1 }
        }
        let forwardOnly = try bestOf3 {
            for bytes in files { sink &+= forward.transpile(source: bytes, path: "f.py").row.inputBytes }
        }
        report.add(BenchFigure(area: "transpile", name: "\(language), with round-trip check", value: Double(files.count) / withCheck,
                               unit: "files/s", target: "> 5000 files/s", note: "\(ok)/\(files.count) ok; quoted, not measured here: Legesher ~163 files/s"))
        report.add(BenchFigure(area: "transpile", name: "\(language), forward only", value: Double(files.count) / forwardOnly,
                               unit: "files/s", target: "> 5000 files/s", note: size))
    }
    if sink == 42 { print("") }  // keeps the work observable to the optimizer
}

private func bestOf3(_ body: () throws -> Void) throws -> Double {
    var best = Double.infinity
    for _ in 0..<3 { best = min(best, try BenchReport.time(body)) }
    return best
}

/// Every `.py` file of `python3`'s standard library (not site-packages).
private func stdlibSources() -> [[UInt8]]? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return nil }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let root = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    guard process.terminationStatus == 0, let walker = FileManager.default.enumerator(atPath: root) else { return nil }
    var paths: [String] = []
    while let relative = walker.nextObject() as? String {
        if relative.hasSuffix(".py") && !relative.hasPrefix("site-packages") { paths.append(relative) }
    }
    return paths.sorted().compactMap { FileManager.default.contents(atPath: root + "/" + $0).map { [UInt8]($0) } }
}

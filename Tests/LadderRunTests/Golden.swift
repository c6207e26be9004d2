import Foundation
import Testing

/// Golden-file comparison with a record switch: run the tests with
/// `LADDER_RECORD_GOLDEN=1` to rewrite the files under `Golden/`. A test that
/// records also fails, so a recording run can never pass unnoticed.
enum Golden {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static var recording: Bool { ProcessInfo.processInfo.environment["LADDER_RECORD_GOLDEN"] == "1" }

    static func check(_ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = directory.appendingPathComponent(name)
        if recording {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try actual.write(to: url, atomically: true, encoding: .utf8)
            Issue.record("recorded \(name); run again without LADDER_RECORD_GOLDEN to check against it", sourceLocation: sourceLocation)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("no golden file \(url.path); run the tests once with LADDER_RECORD_GOLDEN=1 and review it", sourceLocation: sourceLocation)
            return
        }
        if expected == actual { return }
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let line = zip(e, a).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(e.count, a.count)
        let want = line < e.count ? String(e[line]) : "(end of file)"
        let got = line < a.count ? String(a[line]) : "(end of file)"
        Issue.record("\(name) differs from its golden file at line \(line + 1):\n  expected: \(want.prefix(300))\n  actual:   \(got.prefix(300))\nIf the change is intended, rerun with LADDER_RECORD_GOLDEN=1 and review the diff.",
                     sourceLocation: sourceLocation)
    }
}

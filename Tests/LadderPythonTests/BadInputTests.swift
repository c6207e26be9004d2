import Foundation
import Testing
@testable import LadderPython

private func row(_ bytes: [UInt8], _ options: TranspileOptions = TranspileOptions()) throws -> TranspileOutcome {
    Transpiler(pack: try TestSupport.pack("ur"), options: options).transpile(source: bytes, path: "bad.py")
}

@Test func badFilesBecomeFailedRowsWithReasonAndLocation() throws {
    let cases: [([UInt8], String, String)] = [
        (Array("x = 1\n".utf8) + [0xE9, 0x0A], "invalid-utf8", "line 2, column 0"),
        (Array("x = 1\n y\0 = 2\n".utf8), "nul-byte", "line 2"),
        (Array("def f():\n    return 'abc\n".utf8), "unterminated-string", "line 2, column 11"),
        (Array("s = \"\"\"never closed\n\n".utf8), "unterminated-triple-quoted-string", "line 1"),
        (Array("if x:\n        a\n    b\n".utf8), "inconsistent-dedent", "line 3"),
        (Array("if x:\n\ta\n        b\n".utf8), "inconsistent-tabs", "line 3"),
        (Array("f(1,\n".utf8), "eof-in-multi-line-statement", "line 2"),
    ]
    for (bytes, code, location) in cases {
        let outcome = try row(bytes)
        #expect(outcome.row.status == .failed)
        #expect(outcome.row.reasonCode == code, "\(code)")
        #expect(outcome.row.reason?.contains("bad.py: \(location)") == true, "\(outcome.row.reason ?? "")")
        #expect(outcome.output == nil)
        #expect(outcome.row.inputBytes == bytes.count)
    }
}

@Test func oversizedFilesAreSkippedBeforeAnyWork() throws {
    let outcome = try row(Array(repeating: 0x20, count: 100) + [0x0A], TranspileOptions(maxBytes: 64))
    #expect(outcome.row.status == .skipped)
    #expect(outcome.row.reasonCode == "too-large")
}

@Test func crlfFilesTranslateAndRoundTripWithTheirLineBreaks() throws {
    let source = Array("if x:\r\n    pass\r\nelse:\r\n    y = '''a\r\n'''\r\n".utf8)
    let outcome = try row(source)
    #expect(outcome.row.status == .ok)
    #expect(outcome.row.roundTrip == .identical)
    let out = String(decoding: try #require(outcome.output), as: UTF8.self)
    #expect(out == "اگر x:\r\n    پاس\r\nورنہ:\r\n    y = '''a\r\n'''\r\n")
}

@Test func ownIdentifiersThatReadAsTranslationsAreReportedNotMangled() throws {
    let result = try TestSupport.transpile("o = 1\nprint(o or 2)\n", "es")
    #expect(result.row.status == .skipped)
    #expect(result.row.reasonCode == "identifier-collision")
    #expect(result.row.collisions == ["o (line 1) = or"])
    #expect(result.text == nil)
    let digits = try TestSupport.transpile("x = '۱'\ny۱ = 2\n", "ur")
    #expect(digits.row.collisions == ["۱ (line 2) = digit 1"])
}

@Test func translationsRunningIntoTheFilesOwnWordsFailTheRoundTrip() throws {
    // `not local` becomes `no local`, which reads back as `nonlocal`.
    let result = try TestSupport.transpile("if not local:\n    pass\n", "es")
    #expect(result.row.status == .failed)
    #expect(result.row.reasonCode == "round-trip-mismatch")
    #expect(result.row.roundTrip == .differs)
    #expect(result.row.reason?.contains("line 1") == true)
    let unchecked = try TestSupport.transpile("if not local:\n    pass\n", "es", options: TranspileOptions(verifyRoundTrip: false))
    #expect(unchecked.row.status == .ok && unchecked.row.roundTrip == .notChecked)
}

@Test func ledgerRowsEncodeWithStableFieldNames() throws {
    let result = try TestSupport.transpile("type = 1\nprint(type)\n", "zh")
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let json = String(decoding: try encoder.encode(result.row), as: UTF8.self)
    for field in ["\"status\":\"ok\"", "\"roundTrip\":\"identical\"", "\"shadowedBuiltins\":[\"type\"]",
                  "\"compileCheck\":\"not-run\"", "\"builtinFunction\":1", "\"language\":\"zh\""] {
        #expect(json.contains(field), "\(field) missing from \(json)")
    }
    let decoded = try JSONDecoder().decode(TranspileLedgerRow.self, from: Data(json.utf8))
    #expect(decoded == result.row)
}

@Test(.enabled(if: TestSupport.stdlib != nil, "python3 is absent"))
func compileCheckRunsPythonOnTheReversedFile() throws {
    let options = TranspileOptions(compileCheck: true)
    let good = try TestSupport.transpile("def f(x):\n    return x\n", "zh", options: options)
    #expect(good.row.status == .ok && good.row.compileCheck == .passed)
    let python2 = try TestSupport.transpile("print 'hello'\n", "zh", options: options)
    #expect(python2.row.status == .failed && python2.row.compileCheck == .failed)
    #expect(python2.row.reasonCode == "python-compile-failed")
}

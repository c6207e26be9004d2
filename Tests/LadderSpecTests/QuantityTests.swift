import Foundation
import LadderCore
import LadderSpec
import Testing

/// Memory and time in `resources:` must be finite, non-negative and in range;
/// bad ones are located errors stating the accepted form, never a trap.
struct QuantityTests {
    let parser = LadderParser(builtinEngines: ["subset", "transpile", "reparse"])

    /// The valid test ladder with `resources: {KEY: VALUE}` on its step (line 12, value at column 17 + key length + 2).
    func ladder(_ key: String, _ value: String) -> String {
        LadderParserErrorTests.valid.replacingOccurrences(
            of: "    params: {size: \"${tier.value}\"}",
            with: "    params: {size: \"${tier.value}\"}\n    resources: {\(key): \(value)}")
    }

    func resources(_ key: String, _ value: String) throws -> Resources? {
        try parser.parse(text: ladder(key, value), file: "t.yaml").steps.first?.resources
    }

    func error(_ key: String, _ value: String) throws -> SpecError {
        let yaml = ladder(key, value)
        do {
            _ = try parser.parse(text: yaml, file: "t.yaml")
        } catch let e as SpecError {
            return e.withSource(yaml)
        }
        throw SpecError("expected \(key): \(value) to be refused", at: SourceLocation(file: "t.yaml", line: 0, column: 0))
    }

    static let memoryForm = "memory must be a size like 16G, 512M or a whole number of bytes, from 0 to 4194304T (2^62 bytes)"
    static let timeForm = "time must be a duration like 90s, 30m or 4h (units ms, s, m, h, d), from 0 to 365d"

    @Test func validQuantitiesStillParse() throws {
        #expect(try resources("memory", "16G")?.memory == 16 << 30)
        #expect(try resources("memory", "1.5GiB")?.memory == 3 << 29)
        #expect(try resources("memory", "4096")?.memory == 4096)
        #expect(try resources("memory", "4194304T")?.memory == 1 << 62)
        #expect(try resources("time", "90s")?.time == 90)
        #expect(try resources("time", "6h")?.time == 6 * 3600)
        #expect(try resources("time", "365d")?.time == 365 * 86400)
        #expect(try resources("time", "1ms")?.time == 1)
    }

    @Test func hugeMemoryIsOutOfRange() throws {
        let e = try error("memory", "1e30G")
        #expect(e.message == "\(Self.memoryForm); found '1e30G'")
        #expect(e.hint == "that is more than the largest accepted memory")
        #expect(e.location == SourceLocation(file: "t.yaml", line: 12, column: 25))
        #expect(e.description.contains("\n        resources: {memory: 1e30G}\n" + String(repeating: " ", count: 4 + 24) + "^\n"))
    }

    @Test func memoryJustOverTwoToTheSixtyTwoIsOutOfRange() throws {
        let e = try error("memory", "4194305T")
        #expect(e.message == "\(Self.memoryForm); found '4194305T'")
        #expect(e.hint == "that is more than the largest accepted memory")
    }

    @Test func negativeMemoryIsRefused() throws {
        let e = try error("memory", "-5G")
        #expect(e.message == "\(Self.memoryForm); found '-5G'")
        #expect(e.hint == "memory cannot be negative")
        #expect(e.location == SourceLocation(file: "t.yaml", line: 12, column: 25))
    }

    @Test func infiniteMemoryIsRefused() throws {
        let e = try error("memory", "infG")
        #expect(e.message == "\(Self.memoryForm); found 'infG'")
        #expect(e.hint == "the number must be finite")
    }

    @Test func hexMemoryIsNotADecimalNumber() throws {
        let e = try error("memory", "0x10G")
        #expect(e.message == "\(Self.memoryForm); found '0x10G'")
        #expect(e.hint == "write a decimal number followed by one of: TiB, GiB, MiB, KiB, T, G, M, K, B")
    }

    @Test func nanHoursIsRefused() throws {
        let e = try error("time", "nanh")
        #expect(e.message == "\(Self.timeForm); found 'nanh'")
        #expect(e.hint == "the number must be finite")
        #expect(e.location == SourceLocation(file: "t.yaml", line: 12, column: 23))
    }

    @Test func infiniteSecondsIsRefused() throws {
        let e = try error("time", "infs")
        #expect(e.message == "\(Self.timeForm); found 'infs'")
        #expect(e.hint == "the number must be finite")
        #expect(e.location == SourceLocation(file: "t.yaml", line: 12, column: 23))
    }

    @Test func negativeSecondsIsRefused() throws {
        let e = try error("time", "-3s")
        #expect(e.message == "\(Self.timeForm); found '-3s'")
        #expect(e.hint == "time cannot be negative")
        #expect(e.location == SourceLocation(file: "t.yaml", line: 12, column: 23))
    }

    @Test func timeOverAYearIsOutOfRange() throws {
        let e = try error("time", "366d")
        #expect(e.message == "\(Self.timeForm); found '366d'")
        #expect(e.hint == "that is more than the largest accepted time")
    }

    @Test func retryBackoffNamesItselfInTheMessage() throws {
        let yaml = LadderParserErrorTests.valid.replacingOccurrences(
            of: "    params: {size: \"${tier.value}\"}",
            with: "    params: {size: \"${tier.value}\"}\n    retry: {attempts: 2, backoff: -1s}")
        do {
            _ = try parser.parse(text: yaml, file: "t.yaml")
            Issue.record("a negative backoff was accepted")
        } catch let e as SpecError {
            #expect(e.message == "retry.backoff must be a duration like 90s, 30m or 4h (units ms, s, m, h, d), from 0 to 365d; found '-1s'")
            #expect(e.location == SourceLocation(file: "t.yaml", line: 12, column: 35))
        }
    }
}

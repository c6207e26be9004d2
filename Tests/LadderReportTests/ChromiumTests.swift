import Foundation
import Testing
@testable import LadderReport

/// Headless Chromium, when installed (Debian package `chromium`).
enum Chromium {
    static let path: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Runs the browser headless on `arguments`; returns stdout. Each call gets its own profile directory.
    static func run(_ arguments: [String], in dir: URL) throws -> String { try runCapturing(arguments, in: dir).stdout }

    /// Also returns standard error, where `--enable-logging=stderr` puts the page's console messages.
    static func runCapturing(_ arguments: [String], in dir: URL) throws -> (stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path!)
        let profile = dir.appendingPathComponent("profile-\(UUID().uuidString)")
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
                             "--user-data-dir=\(profile.path)"] + arguments
        let errURL = dir.appendingPathComponent("stderr-\(UUID().uuidString).txt")
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = Pipe()
        process.standardOutput = out
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: data, as: UTF8.self), (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
    }
}

@Test(.enabled(if: Chromium.path != nil, "chromium is not installed (apt-get install -y chromium); skipping the real-browser test"))
func reportRendersInHeadlessChromium() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ladder-report-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let page = dir.appendingPathComponent("report.html")
    let html = try HTMLReport.render(ReportFixture.snapshot(), options: HTMLReport.Options(scorerOrder: ["strict-v1", "refined-v1"]))
    try html.write(to: page, atomically: true, encoding: .utf8)

    // The browser's DOM after parsing: the text a reader sees, in order, and the charts as SVG elements.
    let dom = try Chromium.run(["--dump-dom", page.absoluteString], in: dir)
    let headings = ["Summary", "Conditions and what each isolates", "Accuracy per arm", "Run status and timings", "Δ vs baseline", "Accuracy per cell, scorer to scorer",
                    "Seed spread per condition", "Conclusions that flip between scorers", "Significance", "Gaps", "Provenance"]
    var cursor = dom.startIndex
    for h in headings {
        let found = dom.range(of: h, range: cursor..<dom.endIndex)
        #expect(found != nil, "heading '\(h)' missing or out of order in the rendered DOM")
        if let found { cursor = found.upperBound }
    }
    #expect(dom.contains("a prompt whose answers hedge between labels"))
    #expect(dom.components(separatedBy: "<svg").count - 1 >= 6)

    // A screenshot at a phone-to-laptop width, tall enough to reach the heatmap below the accuracy section:
    // it must show more than background, and the heatmap's own colours.
    let shot = dir.appendingPathComponent("shot.png")
    _ = try Chromium.run(["--screenshot=\(shot.path)", "--window-size=800,2600", page.absoluteString], in: dir)
    let image = try PNGImage(data: try Data(contentsOf: shot))
    #expect(image.width == 800 && image.height == 2600)
    let background = image.rgb(0, 0)
    var inked = 0, blue = 0, orange = 0
    for y in Swift.stride(from: 0, to: image.height, by: 2) {
        for x in Swift.stride(from: 0, to: image.width, by: 2) {
            let (r, g, b) = image.rgb(x, y)
            if (r, g, b) != background { inked += 1 }
            if abs(r - 0x00) < 12 && abs(g - 0x72) < 12 && abs(b - 0xB2) < 12 { blue += 1 }
            if abs(r - 0xD5) < 12 && abs(g - 0x5E) < 12 && abs(b - 0x00) < 12 { orange += 1 }
        }
    }
    let sampled = (image.width / 2) * (image.height / 2)
    #expect(Double(inked) / Double(sampled) > 0.03, "screenshot is (nearly) blank: \(inked) of \(sampled) sampled pixels differ from the background")
    #expect(blue > 50, "no win-blue heatmap squares visible (\(blue) pixels)")
    #expect(orange > 50, "no loss-orange heatmap squares visible (\(orange) pixels)")
}

@Test(.enabled(if: Chromium.path != nil, "chromium is not installed (apt-get install -y chromium); skipping the real-browser test"))
func twoRunReportRendersInHeadlessChromiumWithoutConsoleErrors() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ladder-report-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let page = dir.appendingPathComponent("compare.html")
    let html = try ComparisonReport.render(ReportFixture.snapshot(), ReportFixture.snapshot(ReportFixture.Settings(seedsLR: "1e-4", runId: "run-b")),
                                           scorerOrder: ["strict-v1", "refined-v1"])
    try html.write(to: page, atomically: true, encoding: .utf8)
    let (dom, log) = try Chromium.runCapturing(["--enable-logging=stderr", "--v=0", "--dump-dom", page.absoluteString], in: dir)
    var cursor = dom.startIndex
    for h in ["What changed", "Effect on accuracy", "Cells that moved", "Conclusions that flip between A and B"] {
        let found = dom.range(of: h, range: cursor..<dom.endIndex)
        #expect(found != nil, "heading '\(h)' missing or out of order in the rendered DOM")
        if let found { cursor = found.upperBound }
    }
    let consoleLines = log.split(separator: "\n").filter { $0.contains("CONSOLE") || $0.contains("Uncaught") }
    #expect(consoleLines.isEmpty, "console messages: \(consoleLines.prefix(3))")
    let shot = dir.appendingPathComponent("shot.png")
    _ = try Chromium.run(["--screenshot=\(shot.path)", "--window-size=800,1400", page.absoluteString], in: dir)
    let image = try PNGImage(data: try Data(contentsOf: shot))
    let background = image.rgb(0, 0)
    var inked = 0, loss = 0
    for y in Swift.stride(from: 0, to: image.height, by: 2) {
        for x in Swift.stride(from: 0, to: image.width, by: 2) {
            let (r, g, b) = image.rgb(x, y)
            if (r, g, b) != background { inked += 1 }
            if abs(r - 0xD5) < 12 && abs(g - 0x5E) < 12 && abs(b - 0x00) < 12 { loss += 1 }
        }
    }
    #expect(Double(inked) / Double((image.width / 2) * (image.height / 2)) > 0.03, "screenshot is (nearly) blank")
    #expect(loss > 5, "the drop of cond-seeds is shown in the loss colour (\(loss) pixels)")
}

@Test func pngDecoderReadsAStoredBlockImage() throws {
    // 2×1 RGB, filter 0, zlib stream with one stored block: pixels (255,0,0) and (0,0,255).
    let raw: [UInt8] = [0, 255, 0, 0, 0, 0, 255]
    var zlib: [UInt8] = [0x78, 0x01, 0x01, UInt8(raw.count), 0, ~UInt8(raw.count), 0xff] + raw
    zlib += [0, 0, 0, 0]
    func chunk(_ type: String, _ body: [UInt8]) -> [UInt8] {
        let n = body.count
        return [UInt8(n >> 24), UInt8((n >> 16) & 0xff), UInt8((n >> 8) & 0xff), UInt8(n & 0xff)] + Array(type.utf8) + body + [0, 0, 0, 0]
    }
    let png = [137, 80, 78, 71, 13, 10, 26, 10] + chunk("IHDR", [0, 0, 0, 2, 0, 0, 0, 1, 8, 2, 0, 0, 0]) + chunk("IDAT", zlib) + chunk("IEND", [])
    let image = try PNGImage(data: Data(png))
    #expect(image.width == 2 && image.height == 1)
    #expect(image.rgb(0, 0) == (255, 0, 0))
    #expect(image.rgb(1, 0) == (0, 0, 255))
}

import Foundation
import Testing
@testable import LadderScoring

/// The data compiled into the binary (`EmbeddedTables.swift`, written by
/// scripts/embed-data.py) is byte for byte the files in `Sources/LadderScoring/Tables/`,
/// so a binary copied anywhere behaves as the source tree says.
@Suite struct EmbeddedTablesTests {
    static let folder = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/LadderScoring/Tables")

    @Test func embeddedFilesEqualTheSourceFolder() throws {
        guard FileManager.default.fileExists(atPath: Self.folder.path) else {
            print("skipped: \(Self.folder.path) is absent")
            return
        }
        let onDisk = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path)
            .filter { !$0.hasPrefix(".") }.sorted()
        #expect(EmbeddedTables.names == onDisk, "run scripts/embed-data.py: the file list changed")
        for name in onDisk {
            let bytes = try Data(contentsOf: Self.folder.appendingPathComponent(name))
            #expect(EmbeddedTables.data(name) == bytes, "run scripts/embed-data.py: Tables/\(name) changed")
        }
    }

    @Test func anUnknownNameHasNoData() {
        #expect(EmbeddedTables.data("no-such-file.json") == nil)
    }
}

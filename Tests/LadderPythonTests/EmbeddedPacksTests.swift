import Foundation
import Testing
@testable import LadderPython

/// The data compiled into the binary (`EmbeddedPacks.swift`, written by
/// scripts/embed-data.py) is byte for byte the files in `Sources/LadderPython/Packs/`,
/// so a binary copied anywhere behaves as the source tree says.
@Suite struct EmbeddedPacksTests {
    static let folder = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/LadderPython/Packs")

    @Test func embeddedFilesEqualTheSourceFolder() throws {
        guard FileManager.default.fileExists(atPath: Self.folder.path) else {
            print("skipped: \(Self.folder.path) is absent")
            return
        }
        let onDisk = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path)
            .filter { !$0.hasPrefix(".") }.sorted()
        #expect(EmbeddedPacks.names == onDisk, "run scripts/embed-data.py: the file list changed")
        for name in onDisk {
            let bytes = try Data(contentsOf: Self.folder.appendingPathComponent(name))
            #expect(EmbeddedPacks.data(name) == bytes, "run scripts/embed-data.py: Packs/\(name) changed")
        }
    }

    @Test func anUnknownNameHasNoData() {
        #expect(EmbeddedPacks.data("no-such-file.json") == nil)
    }
}

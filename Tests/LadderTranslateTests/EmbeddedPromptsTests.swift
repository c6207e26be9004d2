import Foundation
import Testing
@testable import LadderTranslate

/// The data compiled into the binary (`EmbeddedPrompts.swift`, written by
/// scripts/embed-data.py) is byte for byte the files in `Sources/LadderTranslate/Prompts/`,
/// so a binary copied anywhere behaves as the source tree says.
@Suite struct EmbeddedPromptsTests {
    static let folder = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/LadderTranslate/Prompts")

    @Test func embeddedFilesEqualTheSourceFolder() throws {
        guard FileManager.default.fileExists(atPath: Self.folder.path) else {
            print("skipped: \(Self.folder.path) is absent")
            return
        }
        let onDisk = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path)
            .filter { !$0.hasPrefix(".") }.sorted()
        #expect(EmbeddedPrompts.names == onDisk, "run scripts/embed-data.py: the file list changed")
        for name in onDisk {
            let bytes = try Data(contentsOf: Self.folder.appendingPathComponent(name))
            #expect(EmbeddedPrompts.data(name) == bytes, "run scripts/embed-data.py: Prompts/\(name) changed")
        }
    }

    @Test func anUnknownNameHasNoData() {
        #expect(EmbeddedPrompts.data("no-such-file.json") == nil)
    }
}

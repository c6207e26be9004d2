import Foundation
import Testing
@testable import LadderToyModel

/// Paths and small corpora the tests share.
enum Fixtures {
    /// The repository root, found from this file (through any symlinks).
    static let repoRoot = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The SIB-200 copies the demo ladder uses.
    static let sib200 = repoRoot.appendingPathComponent("ladders/demo-data/sib200")

    /// The study's scorer tables, kept outside the repository.
    static let sharedScorers = repoRoot.appendingPathComponent("../shared/data/scorers").standardizedFileURL

    /// A few Python-like texts, different enough that a budget and a seed
    /// change what the model learns.
    static let pythonTexts: [String] = [
        "def add(a, b):\n    return a + b\n",
        "class Point:\n    def __init__(self, x, y):\n        self.x = x\n        self.y = y\n",
        "import os\nfor name in os.listdir('.'):\n    print(name)\n",
        "while True:\n    if done():\n        break\n",
        "try:\n    value = int(text)\nexcept ValueError:\n    value = None\n",
        "with open(path) as handle:\n    data = handle.read()\n",
    ]

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("toymodel-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Sum of next-character probabilities over the whole open alphabet:
    /// every scalar in `alphabet` on its own, plus all others, which share
    /// one value (`representative` must be one of them).
    static func totalProbability(alphabet: Set<Unicode.Scalar>, representative: Unicode.Scalar,
                                 probability: (Unicode.Scalar) -> Double) -> Double {
        precondition(!alphabet.contains(representative))
        let known = alphabet.reduce(0.0) { $0 + probability($1) }
        let others = Double(CharNGramModel.openAlphabetSize - alphabet.count)
        return known + others * probability(representative)
    }
}

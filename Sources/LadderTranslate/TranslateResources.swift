import Foundation
import LadderCore
import LadderPython

/// The versioned data a translate step reads: the language pack of its
/// `lang`, the prompt template (chat providers) and the glossary (when
/// named). `identity` is what enters the step key (`stepData`): each file's
/// name, version and SHA-256.
public struct TranslateResources: Sendable {
    public let pack: LanguagePack
    public let template: PromptTemplate?
    public let glossary: Glossary?

    public init(settings: TranslateSettings, ladderDirectory: String?) throws {
        pack = try LanguagePack.builtin(settings.lang)
        if settings.provider.isChat {
            let t = try PromptTemplate.load(settings.promptTemplate, ladderDirectory: ladderDirectory)
            _ = try t.languageName(settings.lang)
            template = t
        } else {
            template = nil
        }
        if let g = settings.glossary {
            let glossary = try Glossary.load(g, ladderDirectory: ladderDirectory)
            _ = try glossary.table(settings.lang)
            self.glossary = glossary
        } else {
            glossary = nil
        }
    }

    public var identity: Value {
        var o: [String: Value] = ["pack": .object(["name": .string(pack.name), "version": .string(pack.version),
                                                   "sha256": .string(pack.fingerprint)])]
        if let template { o["prompt_template"] = template.identity }
        if let glossary { o["glossary"] = glossary.identity }
        return .object(o)
    }

    /// Checks that the files are the ones the step was planned with (`stepData`); nil skips the check.
    public func check(planned: Value?) throws {
        guard let planned, planned != identity else { return }
        for k in ["prompt_template", "glossary", "pack"] where planned[k] != nil && planned[k] != identity[k] {
            throw LadderError.stepFailed("translate: the \(k.replacingOccurrences(of: "_", with: " ")) changed since the step was planned (planned \(planned[k]?["sha256"]?.text ?? "none"), now \(identity[k]?["sha256"]?.text ?? "none")); run again")
        }
    }
}

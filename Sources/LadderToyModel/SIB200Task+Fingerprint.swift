import LadderCore

extension SIB200Task {
    /// Version of the answering procedure (candidate scoring, tie rule,
    /// stratified limit). Change it when the procedure changes.
    public static let procedureVersion = "sib200-toy-1"

    /// SHA-256 over everything that decides this task's answers besides the
    /// model and the data files: the procedure version, every prompt
    /// phrasing, every candidate form, the cache weight and calibration.
    /// An engine puts it in its version fingerprint, so editing an
    /// instruction sentence re-runs evaluation and nothing else.
    public var fingerprint: String {
        // Length-prefixed fields, so no two different tables encode alike.
        var text = ""
        func field(_ name: String, _ value: String) {
            text += "\(name.utf8.count):\(name)=\(value.utf8.count):\(value);"
        }
        field("procedure", Self.procedureVersion)
        for lang in SIB200Phrasing.byLanguage.keys.sorted() {
            let p = SIB200Phrasing.byLanguage[lang]!
            for (name, value) in [("instruction", p.instruction), ("question", p.question), ("textCue", p.textCue),
                                  ("topicCue", p.topicCue), ("answerCue", p.answerCue), ("gap", p.gap),
                                  ("listSeparator", p.listSeparator)] {
                field("phrasing.\(lang).\(name)", value)
            }
        }
        for category in SIB200Labels.categories { field("category", category) }
        for lang in SIB200Labels.native.keys.sorted() {
            for category in SIB200Labels.categories { field("native.\(lang).\(category)", SIB200Labels.native[lang]?[category] ?? "") }
        }
        field("cacheWeight", String(cacheWeight.bitPattern, radix: 16))
        field("calibrated", calibrated ? "1" : "0")
        return SHA256.hex(text)
    }
}

/// The wording of the prompts in one instruction language.
///
/// These sentences were written for this project (they are not the study's
/// prompts, which the demo does not need): a plain instruction, a question,
/// and the cues before the text and the answer, in English, Simplified
/// Chinese, Spanish and Urdu.
struct SIB200Phrasing: Sendable {
    /// Template 1's instruction, ending where the category list begins.
    let instruction: String
    /// Template 2's question, followed by the inline category list.
    let question: String
    let textCue: String
    /// Template 1's answer cue.
    let topicCue: String
    /// Template 2's answer cue.
    let answerCue: String
    /// What follows a cue: a space, except after the full-width colon.
    let gap: String
    /// Between categories in template 2's inline list.
    let listSeparator: String

    static let byLanguage: [String: SIB200Phrasing] = [
        "en": SIB200Phrasing(
            instruction: "Classify the topic of the following text. Answer with exactly one of these categories:",
            question: "Which category best describes the text above? Choose one of:",
            textCue: "Text:", topicCue: "Topic:", answerCue: "Answer:", gap: " ", listSeparator: ", "),
        "zh": SIB200Phrasing(
            instruction: "请判断下面这段文字的主题。只用下列类别中的一个回答：",
            question: "哪个类别最能描述上面这段文字？请从以下选项中选择一个：",
            textCue: "文本：", topicCue: "主题：", answerCue: "答案：", gap: "", listSeparator: "、"),
        "es": SIB200Phrasing(
            instruction: "Clasifica el tema del siguiente texto. Responde con exactamente una de estas categorías:",
            question: "¿Qué categoría describe mejor el texto anterior? Elige una de:",
            textCue: "Texto:", topicCue: "Tema:", answerCue: "Respuesta:", gap: " ", listSeparator: ", "),
        "ur": SIB200Phrasing(
            instruction: "درج ذیل متن کے موضوع کی درجہ بندی کریں۔ ان زمروں میں سے صرف ایک کے ساتھ جواب دیں:",
            question: "کون سا زمرہ اوپر دیے گئے متن کو سب سے بہتر بیان کرتا ہے؟ ان میں سے ایک چنیں:",
            textCue: "متن:", topicCue: "موضوع:", answerCue: "جواب:", gap: " ", listSeparator: "، "),
    ]
}

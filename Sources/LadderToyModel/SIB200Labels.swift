/// The surface forms the demo model may answer with: the seven English
/// category names, and for Chinese, Spanish and Urdu instructions a native
/// name of each category.
///
/// Native forms are taken from the term tables of the study's refined-v1
/// SIB-200 extractor (`scorers/refined-v1.json`, from
/// github.com/legesher/research, `expedition-tiny-aya/evaluation/`) wherever
/// that table has one; the science/technology forms are also in the strict-v1
/// extractor's native phrase list. Single native words such as 政治, política
/// or سیاست are read by refined-v1 and refused by strict-v1, so the two
/// scorers genuinely disagree on this model's outputs, as they did on the
/// study's. Three forms are not in either table and were chosen here:
/// 健康 (zh health), geografía (es geography) and جغرافیہ (ur geography);
/// neither scorer reads them, which is an honest parse failure.
public enum SIB200Labels {
    /// The categories in `labels.txt` order.
    public static let categories = [
        "science/technology", "travel", "politics", "sports", "health", "entertainment", "geography",
    ]

    /// Category → native surface form, per instruction language.
    public static let native: [String: [String: String]] = [
        "zh": [
            "science/technology": "科学/技术", "travel": "旅行", "politics": "政治", "sports": "体育",
            "health": "健康", "entertainment": "娱乐", "geography": "地理",
        ],
        "es": [
            "science/technology": "ciencia/tecnología", "travel": "viajes", "politics": "política",
            "sports": "deportes", "health": "salud", "entertainment": "entretenimiento", "geography": "geografía",
        ],
        "ur": [
            "science/technology": "سائنس/ٹکنالوجی", "travel": "سفر", "politics": "سیاست", "sports": "کھیل",
            "health": "صحت", "entertainment": "تفریح", "geography": "جغرافیہ",
        ],
    ]

    /// The category names as a prompt in `instrLang` lists them.
    static func listed(in instrLang: String, template: SIB200Template, categories: [String]) -> [String] {
        guard template == .template2, let forms = native[instrLang] else { return categories }
        return categories.map { forms[$0] ?? $0 }
    }

    /// Every answer the model may give under `instrLang` instructions:
    /// English names first, then native ones, each with the category it means.
    public static func candidates(instrLang: String, categories: [String] = categories) -> [(text: String, category: String)] {
        var out = categories.map { (text: $0, category: $0) }
        if let forms = native[instrLang] {
            out += categories.compactMap { c in forms[c].map { (text: $0, category: c) } }
        }
        return out
    }
}

import Foundation
import Testing
@testable import LadderPython

private func es(_ source: String) throws -> String {
    let result = try TestSupport.transpile(source, "es")
    return try #require(result.text, "not ok: \(result.row.reason ?? "")")
}

@Test func keywordsAreTranslatedEverywhereIncludingMultiWordForms() throws {
    let source = "if a:\n    pass\nelif b:\n    value = not a\nelse:\n    raise\n"
    #expect(try es(source) == "si a:\n    pasar\nsi no, si b:\n    value = no a\nentonces:\n    subir\n")
}

@Test func stringsCommentsAndFStringsAreNeverTouched() throws {
    let source = "print('if else', b\"for\", f\"{print(len(x))} if\")  # for x in range(3)\n'''\nwhile True\n'''\n"
    let out = try es(source)
    #expect(out == "imprimir('if else', b\"for\", f\"{print(len(x))} if\")  # for x in range(3)\n'''\nwhile True\n'''\n")
}

@Test func builtinsAreNotTranslatedAfterADotOrAsKeywordArgumentNames() throws {
    #expect(try es("obj.print(len(items), type=3)\n") == "obj.print(longitud(items), type=3)\n")
    #expect(try es("class Meta(type, metaclass=abc):\n    pass\n") == "clase Meta(tipo, metaclass=abc):\n    pasar\n")
}

@Test func namesInImportStatementsAreModulesNotBuiltins() throws {
    #expect(try es("from .type import value\nimport string.list as mod\n") == "desde .type importar value\nimportar string.list como mod\n")
}

/// Each line binds `list`, so no `list` in the file may become `lista`;
/// `len` stays a builtin reference as a control.
@Test(arguments: [
    "list = []", "list += [1]", "list: int = 3", "first, *list = data", "(list, other) = data", "[list] = data",
    "def f(value, *list, key=None): pass", "def f(list=1, /): pass", "lambda list: list", "def list(): pass",
    "class list: pass", "import list", "import list.sub", "from mod import list", "from mod import (thing as list)",
    "for list in data: pass", "for k, list in data: pass", "values = [k for list in data]", "with ctx() as list: pass",
    "with ctx() as (first, list): pass", "try:\n    pass\nexcept E as list:\n    pass", "global list", "nonlocal list",
    "if (list := 3): pass", "match data:\n    case [first, list]:\n        pass", "match data:\n    case {'k': list}:\n        pass",
    "match data:\n    case Point(x=list):\n        pass",
])
func everyBindingFormShadowsTheBuiltinFileWide(binding: String) throws {
    let source = "\(binding)\nprint(len(list))\n"
    let result = try TestSupport.transpile(source, "es")
    let out = try #require(result.text, "\(binding): \(result.row.reason ?? "")")
    #expect(!out.contains("lista"), "\(binding) -> \(out)")
    #expect(out.contains("imprimir(longitud(list))"), "\(binding) -> \(out)")
    #expect(result.row.shadowedBuiltins == ["list"], "\(binding)")
}

/// Uses that look like bindings but bind nothing new.
@Test(arguments: ["obj.list = 1", "table[list] = 1", "call(list=1)", "list[0] = 1", "list.append(1)",
                  "del table[list]", "match data:\n    case list():\n        pass", "print(list == 1)"])
func nonBindingUsesKeepTheBuiltinTranslated(use: String) throws {
    let result = try TestSupport.transpile("\(use)\nvalue = list(1)\n", "es")
    let out = try #require(result.text)
    #expect(out.contains("value = lista(1)"), "\(use) -> \(out)")
    #expect(result.row.shadowedBuiltins.isEmpty, "\(use)")
}

@Test func softKeywordsAreTranslatedOnlyWhereTheyActAsKeywords() throws {
    let statement = "match command:\n    case [action]:\n        pass\n    case _:\n        pass\n"
    #expect(try es(statement) == "coincidir command:\n    caso [action]:\n        pasar\n    caso _:\n        pasar\n")
    let names = "match = re.match(text)\ncase = match.group(1)\nprint(match, case)\n"
    #expect(try es(names) == "match = re.match(text)\ncase = match.group(1)\nimprimir(match, case)\n")
    #expect(try es("type Alias = int\nvalue = type(x)\n") == "tipo Alias = entero\nvalue = tipo(x)\n")
}

@Test func underscoreIsTranslatedOnlyAsTheWildcardPattern() throws {
    let pack = try LanguagePack(name: "t", language: "t", version: "1", entries: [
        .init(english: "_", translation: "WILD", category: .softKeyword, status: "t", source: "t"),
        .init(english: "match", translation: "MATCH", category: .softKeyword, status: "t", source: "t"),
        .init(english: "case", translation: "CASE", category: .softKeyword, status: "t", source: "t"),
    ])
    let source = "_ = 1\nmatch x:\n    case [_, y]:\n        pass\n    case _:\n        print(_)\n"
    let outcome = Transpiler(pack: pack).transpile(source: Array(source.utf8), path: "t.py")
    let out = String(decoding: try #require(outcome.output), as: UTF8.self)
    #expect(out == "_ = 1\nMATCH x:\n    CASE [WILD, y]:\n        pass\n    CASE WILD:\n        print(_)\n")
    #expect(outcome.row.counts.softKeyword == 5)  // match, case, _, case, _
}

@Test func numeralsUseThePacksDigitsOnlyInNumberLiterals() throws {
    let result = try TestSupport.transpile("x1 = 10 + 0x1F + 2.5e-3j\nlabel = '10'\n", "ur")
    #expect(result.text == "x1 = ۱۰ + ۰x۱F + ۲.۵e-۳j\nlabel = '10'\n")
    #expect(result.row.counts.numeral == 7)
    #expect(result.row.roundTrip == .identical)
    let plain = try TestSupport.transpile("x = 10\n", "ur", options: TranspileOptions(numerals: false))
    #expect(plain.text == "x = 10\n")
}

@Test func countsFollowCategories() throws {
    let result = try TestSupport.transpile("def f():\n    return len(x) is None or NotImplemented\nraise ValueError\n", "zh")
    let counts = result.row.counts
    #expect(counts.keyword == 6)  // def, return, is, None, or, raise
    #expect(counts.builtinFunction == 1)
    #expect(counts.builtinConstant == 1)
    #expect(counts.exceptionClass == 1)
    #expect(counts.total == 9)
}

@Test func reverseTranspilerMatchesLongestFirst() throws {
    let back = ReverseTranspiler(pack: try TestSupport.pack("es"))
    #expect(try back.reverse(text: "si no, si es instancia(x, y):\n    eliminar atributo(x, 'si')\n")
            == "elif isinstance(x, y):\n    delattr(x, 'si')\n")
    let ur = ReverseTranspiler(pack: try TestSupport.pack("ur"))
    #expect(try ur.reverse(text: "کے لیے x اندر حد(۱۰):\n    پاس # کے لیے\n") == "for x in range(10):\n    pass # کے لیے\n")
}

/// The built-in engines, in `ladder engine list` order.
public enum BuiltinEngines {
    public static let all: [any BuiltinEngine] = [
        SubsetEngine(),
        TranspileEngine(),
        TranslateEngine(),
        AlignEngine(),
        ImportEngine(),
        ReparseEngine(),
        AnalysisEngine(),
        NGramTrainEngine(),
        NGramEvalEngine(),
        PretrainEngine(),
        LoRATrainEngine(),
        EvalEngine(),
        ShellEngine(),
    ]
}

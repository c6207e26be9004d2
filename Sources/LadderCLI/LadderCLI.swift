public enum LadderMain { public static func main() {} }

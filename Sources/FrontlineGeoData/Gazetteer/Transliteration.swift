/// Romanisation of Ukrainian (and Russian) Cyrillic.
public enum Transliteration {
    /// Ukrainian national transliteration, Cabinet of Ministers resolution No. 55 of 27 January 2010
    /// ("KMU 2010"): Харків → Kharkiv, Куп'янськ → Kupiansk, Ізюм → Izium, Балаклія → Balakliia.
    /// Є, Ї, Й, Ю, Я take their word-initial forms (Ye, Yi, Y, Yu, Ya) at the start of a word and
    /// ie, i, i, iu, ia elsewhere; "зг" is written "zgh"; the soft sign and apostrophe are dropped.
    /// Letters only Russian has (Ы, Э, Ё, Ъ) get their common romanisation; other text is kept.
    public static func kmu2010(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var atWordStart = true
        var previousLower: Character? = nil
        for character in text {
            let lower = Character(character.lowercased())
            let isUpper = character != lower
            var latin: String
            if let initial = wordInitial[lower], atWordStart {
                latin = initial
            } else if lower == "г", previousLower == "з" {
                latin = "gh"
            } else if let mapped = table[lower] {
                latin = mapped
            } else {
                latin = String(character)
            }
            if isUpper, let first = latin.first {
                latin = first.uppercased() + latin.dropFirst()
            }
            out += latin
            // Apostrophes sit inside words (Куп'янськ): they don't start a new one.
            if lower.isLetter || apostrophes.contains(lower) {
                atWordStart = false
            } else {
                atWordStart = true
            }
            previousLower = lower
        }
        return out
    }

    static let apostrophes: Set<Character> = ["'", "’", "ʼ", "`", "‘", "\u{2BB}"]

    private static let wordInitial: [Character: String] = [
        "є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya",
    ]

    private static let table: [Character: String] = [
        "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie", "ж": "zh",
        "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n",
        "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
        "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu", "я": "ia",
        "'": "", "’": "", "ʼ": "",
        // Russian-only letters, for Russian spellings of Ukrainian places and for Russian places.
        "ы": "y", "э": "e", "ё": "e", "ъ": "",
    ]
}

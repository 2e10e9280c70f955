/// Romanisation of Ukrainian (and Russian) Cyrillic.
public enum Transliteration {
    /// Ukrainian national transliteration, Cabinet of Ministers resolution No. 55 of 27 January 2010
    /// ("KMU 2010"): Харків → Kharkiv, Куп'янськ → Kupiansk, Ізюм → Izium, Балаклія → Balakliia.
    /// Є, Ї, Й, Ю, Я take their word-initial forms (Ye, Yi, Y, Yu, Ya) at the start of a word and
    /// ie, i, i, iu, ia elsewhere; "зг" is written "zgh"; the soft sign and apostrophe are dropped.
    /// Letters only Russian has (Ы, Э, Ё, Ъ) get their common romanisation; other text is kept.
    public static func kmu2010(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var atWordStart = true
        var previous: UInt32 = 0
        for scalar in text.unicodeScalars {
            let (lower, isUpper) = lowercased(scalar.value)
            if let latin = romanise(lower, atWordStart: atWordStart, previous: previous) {
                for (i, byte) in latin.utf8.enumerated() {
                    let upper = isUpper && i == 0 && byte >= 0x61 && byte <= 0x7A
                    out.append(Unicode.Scalar(upper ? byte - 0x20 : byte))
                }
            } else {
                out.append(scalar)
            }
            // Combining marks (Караджи́) belong to the letter before; apostrophes sit inside words.
            switch letterClass(scalar) {
            case .mark: break
            case .letter: atWordStart = false
            case .other: atWordStart = !isApostrophe(scalar.value)
            }
            previous = lower
        }
        return String(out)
    }

    enum LetterClass { case letter, mark, other }

    /// Alphabetic, a combining mark, or neither. ASCII and the Cyrillic letters are classified
    /// without Unicode's property tables, which a start-up folding 40,000 names feels.
    @inline(__always)
    static func letterClass(_ scalar: Unicode.Scalar) -> LetterClass {
        switch scalar.value {
        case 0x41...0x5A, 0x61...0x7A, 0x0400...0x0481, 0x048A...0x04FF: return .letter
        case 0...0x7F: return .other
        default:
            if scalar.properties.generalCategory == .nonspacingMark { return .mark }
            return scalar.properties.isAlphabetic ? .letter : .other
        }
    }

    /// The KMU 2010 romanisation of one lowercase Cyrillic letter or apostrophe, or nil for any
    /// other scalar.
    static func romanise(_ lower: UInt32, atWordStart: Bool, previous: UInt32) -> String? {
        if atWordStart, let initial = wordInitial(lower) { return initial }
        if lower == 0x0433, previous == 0x0437 { return "gh" }  // зг → zgh
        switch lower {
        case 0x0400...0x04FF: return cyrillic[Int(lower - 0x0400)]
        case 0x27, 0x2019, 0x2BC: return ""  // the apostrophes KMU 2010 drops: ' ’ ʼ
        default: return nil
        }
    }

    /// Lowercase for the Cyrillic block (and ASCII), and whether the scalar was uppercase.
    @inline(__always)
    static func lowercased(_ value: UInt32) -> (UInt32, Bool) {
        switch value {
        case 0x0410...0x042F: (value + 0x20, true)  // А…Я
        case 0x0400...0x040F: (value + 0x50, true)  // Ѐ…Џ (Є, І, Ї, Ё among them)
        case 0x0490: (0x0491, true)  // Ґ
        case 0x41...0x5A: (value + 0x20, true)
        default: (value, false)
        }
    }

    static func isApostrophe(_ value: UInt32) -> Bool {
        apostropheScalars.contains(value)  // six values: a scan, no hashing
    }

    /// ' ’ ʼ ` ‘ ʻ
    static let apostropheScalars: [UInt32] = [0x27, 0x2019, 0x2BC, 0x60, 0x2018, 0x2BB]
    static let apostrophes = Set(apostropheScalars.map { Character(Unicode.Scalar($0)!) })

    private static func wordInitial(_ lower: UInt32) -> String? {
        switch lower {
        case 0x0454: "ye"
        case 0x0457: "yi"
        case 0x0439: "y"
        case 0x044E: "yu"
        case 0x044F: "ya"
        default: nil
        }
    }

    /// The romanisation of each scalar of the Cyrillic block (U+0400…U+04FF), by offset: an
    /// array, because a start-up folding 40,000 names feels a hash lookup per letter.
    private static let cyrillic: [String?] = {
        let letters: [(Character, String)] = [
            ("а", "a"), ("б", "b"), ("в", "v"), ("г", "h"), ("ґ", "g"), ("д", "d"), ("е", "e"), ("є", "ie"),
            ("ж", "zh"), ("з", "z"), ("и", "y"), ("і", "i"), ("ї", "i"), ("й", "i"), ("к", "k"), ("л", "l"),
            ("м", "m"), ("н", "n"), ("о", "o"), ("п", "p"), ("р", "r"), ("с", "s"), ("т", "t"), ("у", "u"),
            ("ф", "f"), ("х", "kh"), ("ц", "ts"), ("ч", "ch"), ("ш", "sh"), ("щ", "shch"), ("ь", ""),
            ("ю", "iu"), ("я", "ia"),
            // Russian-only letters, for Russian spellings of Ukrainian places and for Russian places.
            ("ы", "y"), ("э", "e"), ("ё", "e"), ("ъ", ""),
        ]
        var byOffset = [String?](repeating: nil, count: 0x100)
        for (letter, latin) in letters {
            let value = letter.unicodeScalars.first!.value
            precondition((0x0400...0x04FF).contains(value), "\(letter) is not in the Cyrillic block")
            byOffset[Int(value - 0x0400)] = latin
        }
        return byOffset
    }()
}

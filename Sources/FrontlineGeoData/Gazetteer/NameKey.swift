import Foundation

/// A spelling-insensitive key for place names, so that the spellings in use for one place meet:
/// Izium / Izyum / Ізюм, Kupiansk / Kupyansk / Kup'yans'k / Куп'янськ, Balakliia / Balakliya.
///
/// Steps: Cyrillic is romanised (KMU 2010); case and diacritics are dropped; apostrophes and soft
/// signs vanish; "y" becomes "i" and doubled vowels "ii" collapse, because KMU 2010 writes
/// ia/iu/ii where older systems (GeoNames, BGN/PCGN) write ya/yu/iy/yy; "kh" becomes "h" (Харків →
/// Kharkiv, older "Harkiv"); runs of other characters become one space.
public enum NameKey {
    public static func fold(_ name: String) -> String {
        foldASCII(name) ?? foldCyrillic(name) ?? foldUnicode(name)
    }

    /// Names in ASCII and the Cyrillic letters KMU 2010 romanises become ASCII after
    /// transliteration; fold those byte by byte too. Nil for any other text.
    static func foldCyrillic(_ name: String) -> String? {
        for scalar in name.unicodeScalars where scalar.value >= 0x80 {
            let (lower, _) = Transliteration.lowercased(scalar.value)
            guard Transliteration.romanise(lower, atWordStart: false, previous: 0) != nil else { return nil }
        }
        return foldASCII(Transliteration.kmu2010(name))
    }

    static func foldUnicode(_ name: String) -> String {
        let latin = Transliteration.kmu2010(name)
            .folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        // Most names are ASCII once their diacritics are gone (Posëlok, Qarağy): fold them byte
        // by byte, as ASCII names are.
        if let ascii = foldASCII(latin) { return ascii }
        return foldLatin(latin)
    }

    /// The general case, character by character, for romanised text with diacritics folded.
    static func foldLatin(_ latin: String) -> String {
        let lower = latin.lowercased()
        var letters: [Character] = []
        letters.reserveCapacity(lower.count)
        var pendingSpace = false
        for character in lower {
            if Transliteration.apostrophes.contains(character) || character == "\"" || character == "”" || character == "“" {
                continue
            }
            if character.isLetter || character.isNumber {
                if pendingSpace && !letters.isEmpty { letters.append(" ") }
                pendingSpace = false
                letters.append(character == "y" ? "i" : character)
            } else {
                pendingSpace = true
            }
        }
        var key = String(letters)
        // Order matters: "kh" first, then collapse the doubled i's that y → i produced.
        key = key.replacingOccurrences(of: "kh", with: "h")
        while key.contains("ii") { key = key.replacingOccurrences(of: "ii", with: "i") }
        return key
    }

    /// The same folding for plain-ASCII names, byte by byte: most of GeoNames' spellings are
    /// ASCII, and the gazetteer folds ~100,000 of them at start-up. Nil for any other text.
    static func foldASCII(_ name: String) -> String? {
        var name = name
        return name.withUTF8 { foldASCII(bytes: $0) }
    }

    /// ``foldASCII(_:)`` over UTF-8 bytes, written straight into the key's storage: the key is
    /// never longer than the name (characters only vanish or merge, and a space replaces at
    /// least one character).
    static func foldASCII(bytes: UnsafeBufferPointer<UInt8>) -> String? {
        for byte in bytes where byte >= 0x80 { return nil }
        return String(unsafeUninitializedCapacity: bytes.count) { out in
            var count = 0
            var pendingSpace = false
            for var byte in bytes {
                if byte >= 0x41 && byte <= 0x5A { byte += 0x20 }  // A-Z → a-z
                let isAlnum = (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
                if byte == 0x27 || byte == 0x60 || byte == 0x22 { continue }  // ' ` " vanish
                guard isAlnum else { pendingSpace = true; continue }
                if pendingSpace && count > 0 { out[count] = 0x20; count += 1 }
                pendingSpace = false
                if byte == 0x79 { byte = 0x69 }  // y → i
                if byte == 0x68, count > 0, out[count - 1] == 0x6B { out[count - 1] = 0x68; continue }  // kh → h
                if byte == 0x69, count > 0, out[count - 1] == 0x69 { continue }  // ii → i
                out[count] = byte
                count += 1
            }
            return count
        }
    }
}

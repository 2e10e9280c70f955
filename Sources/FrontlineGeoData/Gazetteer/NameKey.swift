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
        let latin = Transliteration.kmu2010(name)
            .folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .lowercased()
        var letters: [Character] = []
        letters.reserveCapacity(latin.count)
        var pendingSpace = false
        for character in latin {
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
}

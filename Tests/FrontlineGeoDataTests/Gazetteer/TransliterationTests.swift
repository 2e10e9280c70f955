import Foundation
import Testing
@testable import FrontlineGeoData

struct TransliterationTests {
    /// Examples from the table of Cabinet of Ministers resolution No. 55 (27 January 2010).
    @Test(arguments: [
        ("Алушта", "Alushta"), ("Андрій", "Andrii"), ("Борщагівка", "Borshchahivka"), ("Вінниця", "Vinnytsia"),
        ("Гадяч", "Hadiach"), ("Згорани", "Zghorany"), ("Ґалаґан", "Galagan"), ("Рівне", "Rivne"),
        ("Єнакієве", "Yenakiieve"), ("Наталія", "Nataliia"), ("Житомир", "Zhytomyr"), ("Закарпаття", "Zakarpattia"),
        ("Медвин", "Medvyn"), ("Іршава", "Irshava"), ("Їжакевич", "Yizhakevych"), ("Кадиївка", "Kadyivka"),
        ("Йосипівка", "Yosypivka"), ("Стрий", "Stryi"), ("Олексій", "Oleksii"), ("Київ", "Kyiv"),
        ("Миколаїв", "Mykolaiv"), ("Ніжин", "Nizhyn"), ("Одеса", "Odesa"), ("Ужгород", "Uzhhorod"),
        ("Фастів", "Fastiv"), ("Шостка", "Shostka"), ("Харків", "Kharkiv"), ("Біла Церква", "Bila Tserkva"),
        ("Чернівці", "Chernivtsi"), ("Гоща", "Hoshcha"), ("Юрій", "Yurii"), ("Юрківка", "Yurkivka"),
        ("Яготин", "Yahotyn"), ("Костянтин", "Kostiantyn"), ("Знам'янка", "Znamianka"), ("Феодосія", "Feodosiia"),
        ("Русь", "Rus"), ("Львів", "Lviv"),
        // Places of this project.
        ("Куп'янськ", "Kupiansk"), ("Ізюм", "Izium"), ("Балаклія", "Balakliia"), ("Вовчанськ", "Vovchansk"),
        ("Куп’янськ-Вузловий", "Kupiansk-Vuzlovyi"),
    ])
    func kmu2010(cyrillic: String, latin: String) {
        #expect(Transliteration.kmu2010(cyrillic) == latin)
    }

    @Test func latinTextIsUnchanged() {
        #expect(Transliteration.kmu2010("Kupiansk 2025") == "Kupiansk 2025")
    }

    @Test func spellingsFoldToOneKey() {
        let groups = [
            ["Izium", "Izyum", "Ізюм", "IZIUM"],
            ["Kupiansk", "Kupyansk", "Kup'yans'k", "Куп'янськ", "Kup”yans’k"],
            ["Balakliia", "Balakliya", "Балаклія"],
            ["Sievierodonetsk", "Syevyerodonets'k", "Сєвєродонецьк"],
            ["Zaporizhzhia", "Zaporizhzhya", "Запоріжжя"],
            ["Kupiansk-Vuzlovyi", "Kupyansk-Vuzlovyy", "Kupiansk Vuzlovyi"],
        ]
        for group in groups {
            let keys = Set(group.map(NameKey.fold))
            #expect(keys.count == 1, "\(group) folded to \(keys)")
        }
        #expect(NameKey.fold("Izium") != NameKey.fold("Kupiansk"))
    }
}

extension TransliterationTests {
    /// The byte-level folds (ASCII names, Cyrillic names, and names that are ASCII once their
    /// diacritics are folded) must agree with the general, character-by-character fold on every
    /// spelling shipped.
    @Test func fastPathsAgreeWithTheGeneralFold() throws {
        let names = try GeoData.embedded().settlements.flatMap { [$0.name] + $0.alternateNames }
            + ["Kup'yans'k", "KHARKHIV", "Zaporizhzhiia", "a--b  c", "Kh", "yy", "Vuzlovyy", "Posëlok", "Qarağy", "Караджи́"]
        var fast = 0
        for name in names {
            let general = NameKey.foldLatin(Transliteration.kmu2010(name)
                .folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil))
            #expect(NameKey.fold(name) == general, "\(name)")
            if NameKey.foldASCII(name) != nil || NameKey.foldCyrillic(name) != nil { fast += 1 }
        }
        #expect(fast > 10_000)
    }
}

"""A seedable synthetic registry of displaced people, with the true person kept for scoring.

Households share family name, father, mother, place, address and phone — the trap for a model
that counts shared fields. About a tenth of people are registered twice, the second time with
what registration really does to a record: another transliteration, the name in its own
script, typos, dropped particles, swapped given and family names, day and month swapped, a year
off, only a year, 1 January for an estimated date, blanks and a new phone.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

# Each entry: spellings of one name; the first is the usual Latin form, a non-Latin entry is
# the name in its own script.
ARABIC_MALE = [
    ["Mohammed", "Muhammad", "Mohamed", "Mohammad", "Mohamad", "محمد"],
    ["Ahmed", "Ahmad", "Ahmet", "أحمد"],
    ["Mahmoud", "Mahmud", "Mahmood", "محمود"],
    ["Hassan", "Hasan", "Hasaan", "حسن"],
    ["Hussein", "Hussain", "Husain", "Hossein", "حسين"],
    ["Ali", "Aly", "علي"],
    ["Omar", "Umar", "Omer", "عمر"],
    ["Khaled", "Khalid", "Khalled", "خالد"],
    ["Youssef", "Yusuf", "Yousef", "Yousif", "يوسف"],
    ["Ibrahim", "Ebrahim", "Ibraheem", "إبراهيم"],
    ["Mustafa", "Mostafa", "Moustafa", "مصطفى"],
    ["Abdullah", "Abdallah", "Abdulla", "عبدالله"],
    ["Abdul Rahman", "Abdulrahman", "Abd al-Rahman", "Abdelrahman"],
    ["Tariq", "Tarek", "Tarik", "طارق"],
    ["Walid", "Waleed", "وليد"],
    ["Saleh", "Salih", "صالح"],
    ["Jamal", "Gamal", "Jamaal", "جمال"],
    ["Said", "Saeed", "Sayed", "سعيد"],
    ["Hamza", "Hamzah", "حمزة"],
    ["Karim", "Kareem", "كريم"],
    ["Bilal", "Belal", "بلال"],
    ["Yasser", "Yasir", "Yaser", "ياسر"],
    ["Osama", "Usama", "Ousama", "أسامة"],
    ["Faisal", "Faysal", "Feisal", "فيصل"],
    ["Nabil", "Nabeel", "نبيل"],
    ["Samir", "Sameer", "Semir", "سمير"],
    ["Adnan", "Adnaan", "عدنان"],
    ["Ziad", "Ziyad", "Zeyad", "زياد"],
]
ARABIC_FEMALE = [
    ["Fatima", "Fatma", "Fatimah", "فاطمة"],
    ["Aisha", "Aysha", "Aicha", "عائشة"],
    ["Maryam", "Mariam", "Meryem", "مريم"],
    ["Zainab", "Zeinab", "Zaynab", "زينب"],
    ["Nour", "Noor", "Nur", "نور"],
    ["Khadija", "Khadijah", "Khadiga", "خديجة"],
    ["Amina", "Aminah", "Ameena", "أمينة"],
    ["Huda", "Hoda", "هدى"],
    ["Rania", "Ranya", "رانيا"],
    ["Layla", "Leila", "Laila", "ليلى"],
    ["Samira", "Sameera", "سميرة"],
    ["Hanan", "Hanaan", "حنان"],
    ["Rasha", "Racha", "رشا"],
    ["Salma", "Selma", "سلمى"],
    ["Yasmin", "Yasmeen", "Jasmin", "ياسمين"],
    ["Dalia", "Dalya", "داليا"],
]
ARABIC_FAMILY = [
    ["Al-Hassan", "Alhasan", "El-Hassan", "Hassan", "الحسن"],
    ["Al-Ahmad", "Alahmad", "Al Ahmed", "الأحمد"],
    ["Al-Khalil", "Alkhalil", "El Khalil", "الخليل"],
    ["Haddad", "Hadad", "Al-Haddad", "حداد"],
    ["Al-Najjar", "Najjar", "Alnajar", "النجار"],
    ["Al-Masri", "Masri", "El-Masry", "المصري"],
    ["Khoury", "Khouri", "Khuri", "خوري"],
    ["Al-Sayed", "Elsayed", "Al Sayyed", "السيد"],
    ["Al-Tamimi", "Tamimi", "Altamimi", "التميمي"],
    ["Al-Obeidi", "Obaidi", "Al-Ubaidi", "العبيدي"],
    ["Abu Ali", "Abou Ali", "Abuali", "أبو علي"],
    ["Darwish", "Darwich", "Derwish", "درويش"],
    ["Al-Jabouri", "Jubouri", "Al-Jubouri", "الجبوري"],
    ["Al-Rashid", "Rashid", "Alrasheed", "الرشيد"],
    ["Mansour", "Mansur", "Mansoor", "منصور"],
    ["Saleh", "Salih", "Al-Saleh", "الصالح"],
    ["Qasim", "Kassem", "Qassem", "قاسم"],
    ["Al-Shami", "Shami", "Elshami", "الشامي"],
    ["Hamdan", "Hamdaan", "حمدان"],
    ["Al-Zoubi", "Zoubi", "Al-Zubi", "الزعبي"],
    ["Bin Laden", "Binladen", "Ben Laden"],
    ["Al-Hamad", "Hamad", "Alhamad", "الحمد"],
    ["Nasser", "Nasser", "Naser", "ناصر"],
    ["Al-Homsi", "Homsi", "Elhomsi", "الحمصي"],
]
ARABIC_PLACES = [["Aleppo", "Halab", "حلب"], ["Homs", "Hims", "حمص"], ["Idlib", "Edlib", "إدلب"],
                 ["Deir ez-Zor", "Deir Ezzor", "Dayr az Zawr"], ["Raqqa", "Al-Raqqa", "الرقة"],
                 ["Mosul", "Al-Mawsil", "الموصل"], ["Baghdad", "Bagdad", "بغداد"],
                 ["Daraa", "Deraa", "درعا"], ["Khartoum", "Khartum", "الخرطوم"],
                 ["Hama", "Hamah", "حماة"], ["Damascus", "Dimashq", "دمشق"]]

AFGHAN_MALE = [
    ["Mohammad", "Mohammed", "Muhammad", "محمد"],
    ["Ahmad", "Ahmed", "احمد"],
    ["Abdul Rahim", "Abdulrahim", "Abdurahim"],
    ["Gul Agha", "Gulagha", "Gol Agha"],
    ["Zahir", "Zaheer", "Zahir"],
    ["Nazir", "Nazeer", "Nasir"],
    ["Habibullah", "Habibulla", "Habibollah"],
    ["Hamidullah", "Hamidulla", "Hamidollah"],
    ["Najibullah", "Najibulla", "Najeebullah"],
    ["Rahmatullah", "Rahmatulla", "Rahmatollah"],
    ["Abdul Karim", "Abdulkarim", "Abdul Kareem"],
    ["Sayed", "Said", "Sayyed"],
    ["Wali", "Walli", "Vali"],
    ["Jawad", "Javad", "Jawaad"],
    ["Farid", "Fareed", "Ferid"],
    ["Bashir", "Basheer", "Bashir"],
    ["Shafiq", "Shafiq", "Shafeeq"],
    ["Khan", "Khaan", "Kan"],
    ["Noor Ahmad", "Nur Ahmad", "Noorahmad"],
    ["Zabihullah", "Zabiullah", "Zabihulla"],
]
AFGHAN_FEMALE = [
    ["Fatima", "Fatema", "Fatimah"], ["Zahra", "Zohra", "Zahraa"], ["Maryam", "Mariam", "Marjam"],
    ["Shabana", "Shabnam", "Shabanah"], ["Malalai", "Malalay", "Malala"], ["Parwana", "Parvana"],
    ["Gulalai", "Gulalay", "Gulali"], ["Nargis", "Narges", "Nargess"], ["Farzana", "Farzanah"],
    ["Roya", "Ruya", "Roia"], ["Sima", "Seema", "Simah"], ["Laila", "Leila", "Layla"],
]
AFGHAN_FAMILY = [
    ["Ahmadzai", "Ahmadzay", "Ahmedzai"], ["Popal", "Popalzai", "Popel"], ["Barakzai", "Barakzay"],
    ["Hotak", "Hotaki", "Hotakey"], ["Safi", "Saafi", "Safee"], ["Stanikzai", "Stanekzai"],
    ["Noori", "Nuri", "Noorie"], ["Rahimi", "Raheemi", "Rahemi"], ["Karimi", "Kareemi", "Karemi"],
    ["Hashimi", "Hashemi", "Hashimy"], ["Sultani", "Soltani", "Sultany"], ["Amiri", "Ameeri"],
    ["Wardak", "Wardag", "Vardak"], ["Mohammadi", "Mohamadi", "Muhammadi"],
    ["Haidari", "Haideri", "Heydari"], ["Yusufzai", "Yousafzai", "Yousufzai"],
    ["Achakzai", "Achekzai"], ["Durrani", "Durani", "Dorrani"],
]
AFGHAN_PLACES = [["Kabul", "Kabol"], ["Herat", "Harat"], ["Kandahar", "Qandahar"],
                 ["Jalalabad", "Jelalabad"], ["Mazar-i-Sharif", "Mazar e Sharif", "Mazari Sharif"],
                 ["Kunduz", "Qunduz"], ["Ghazni", "Ghazny"], ["Khost", "Khowst"]]

SOMALI_MALE = [
    ["Mohamed", "Maxamed", "Mohammed", "Mahamed"], ["Abdi", "Cabdi", "Abdy"],
    ["Hassan", "Xasan", "Hasan"], ["Ali", "Cali", "Aly"], ["Omar", "Cumar", "Umar"],
    ["Ahmed", "Axmed", "Ahmad"], ["Abdullahi", "Cabdullahi", "Abdulahi"],
    ["Hussein", "Xuseen", "Hussen"], ["Yusuf", "Yuusuf", "Yousuf"], ["Ismail", "Ismaaciil", "Ismael"],
    ["Osman", "Cusmaan", "Othman"], ["Farah", "Faarax", "Fara"], ["Abdirahman", "Cabdiraxmaan"],
    ["Mahad", "Mahaad"], ["Guled", "Guuled"], ["Liban", "Libaan"], ["Jama", "Jaamac", "Jamac"],
]
SOMALI_FEMALE = [
    ["Fadumo", "Faadumo", "Fatuma"], ["Halima", "Xaliimo", "Halimo"], ["Amina", "Aamina", "Aminah"],
    ["Khadra", "Khadro", "Qadra"], ["Hodan", "Hodaan"], ["Asha", "Caasha", "Aisha"],
    ["Sahra", "Saxra", "Sahara"], ["Hawa", "Xawa", "Hawo"], ["Ifrah", "Ifraax"],
    ["Nasra", "Nasro"], ["Ubah", "Ubax"], ["Deeqa", "Deka", "Diiqa"],
]
SOMALI_FAMILY = [
    ["Warsame", "Warsama", "Warsamé"], ["Farah", "Faarax", "Fara"], ["Abdi", "Cabdi", "Abdy"],
    ["Hussein", "Xuseen", "Hussen"], ["Jama", "Jaamac", "Jamac"], ["Osman", "Cusmaan", "Othman"],
    ["Mohamud", "Maxamuud", "Mahmoud"], ["Ali", "Cali", "Aly"], ["Egal", "Cigaal", "Igal"],
    ["Nur", "Nuur", "Noor"], ["Duale", "Dualeh", "Duaale"], ["Aden", "Aadan", "Adan"],
    ["Hersi", "Xirsi", "Hirsi"], ["Samatar", "Samatar", "Sammatar"], ["Ismail", "Ismaaciil"],
]
SOMALI_PLACES = [["Mogadishu", "Muqdisho", "Mogadiscio"], ["Kismayo", "Kismaayo", "Chisimaio"],
                 ["Baidoa", "Baydhabo"], ["Beledweyne", "Beledweyn", "Beled Weyne"],
                 ["Galkayo", "Gaalkacyo"], ["Hargeisa", "Hargeysa"], ["Bosaso", "Boosaaso"]]

CYRILLIC_MALE = [
    ["Oleksandr", "Aleksandr", "Alexander", "Олександр", "Александр"],
    ["Serhiy", "Sergey", "Sergii", "Сергій", "Сергей"],
    ["Mykola", "Nikolai", "Nikolay", "Микола", "Николай"],
    ["Andriy", "Andrei", "Andrii", "Андрій", "Андрей"],
    ["Dmytro", "Dmitry", "Dmitriy", "Дмитро", "Дмитрий"],
    ["Volodymyr", "Vladimir", "Volodimir", "Володимир", "Владимир"],
    ["Oleksiy", "Aleksei", "Alexey", "Олексій", "Алексей"],
    ["Yuriy", "Yuri", "Iurii", "Юрій", "Юрий"],
    ["Ivan", "Iwan", "Іван", "Иван"],
    ["Viktor", "Victor", "Віктор", "Виктор"],
    ["Mykhailo", "Mikhail", "Mykhaylo", "Михайло", "Михаил"],
    ["Vasyl", "Vasily", "Vasiliy", "Василь", "Василий"],
    ["Ihor", "Igor", "Ігор", "Игорь"],
    ["Petro", "Pyotr", "Petr", "Петро", "Пётр"],
    ["Bohdan", "Bogdan", "Богдан"],
    ["Taras", "Тарас"],
    ["Yevhen", "Evgeny", "Yevgeniy", "Євген", "Евгений"],
    ["Roman", "Роман"],
]
CYRILLIC_FEMALE = [
    ["Olena", "Elena", "Yelena", "Олена", "Елена"], ["Iryna", "Irina", "Ірина", "Ирина"],
    ["Tetiana", "Tatiana", "Tatyana", "Тетяна", "Татьяна"],
    ["Nataliia", "Natalia", "Natalya", "Наталія", "Наталья"],
    ["Kateryna", "Ekaterina", "Yekaterina", "Катерина", "Екатерина"],
    ["Yuliia", "Yulia", "Iuliia", "Юлія", "Юлия"], ["Hanna", "Anna", "Ганна", "Анна"],
    ["Svitlana", "Svetlana", "Світлана", "Светлана"], ["Oksana", "Oxana", "Оксана"],
    ["Liudmyla", "Lyudmila", "Людмила"], ["Halyna", "Galina", "Галина"],
    ["Anastasiia", "Anastasia", "Анастасія", "Анастасия"], ["Mariia", "Maria", "Марія", "Мария"],
    ["Viktoriia", "Viktoria", "Victoria", "Вікторія", "Виктория"],
]
CYRILLIC_FAMILY = [
    ["Shevchenko", "Shevchenco", "Шевченко"], ["Kovalenko", "Kowalenko", "Коваленко"],
    ["Bondarenko", "Bondarenco", "Бондаренко"], ["Tkachenko", "Tkachenco", "Ткаченко"],
    ["Kravchenko", "Kravchenco", "Кравченко"], ["Melnyk", "Melnik", "Мельник"],
    ["Boyko", "Boiko", "Бойко"], ["Kovalchuk", "Kovalchuck", "Ковальчук"],
    ["Ivanov", "Ivanow", "Иванов"], ["Petrov", "Petrow", "Петров"],
    ["Sydorenko", "Sidorenko", "Сидоренко"], ["Marchenko", "Marchenco", "Марченко"],
    ["Savchenko", "Savchenco", "Савченко"], ["Rudenko", "Rudenco", "Руденко"],
    ["Lysenko", "Lisenko", "Лисенко"], ["Moroz", "Морозъ", "Мороз"],
    ["Polishchuk", "Polischuk", "Поліщук"], ["Hrytsenko", "Gritsenko", "Грищенко"],
    ["Pavlenko", "Pavlenco", "Павленко"], ["Kuzmenko", "Kuzmenco", "Кузьменко"],
]
CYRILLIC_PLACES = [["Kharkiv", "Kharkov", "Харків"], ["Mariupol", "Mariupil", "Маріуполь"],
                   ["Donetsk", "Donetske", "Донецьк"], ["Luhansk", "Lugansk", "Луганськ"],
                   ["Kherson", "Cherson", "Херсон"], ["Zaporizhzhia", "Zaporozhye", "Запоріжжя"],
                   ["Mykolaiv", "Nikolaev", "Миколаїв"], ["Sumy", "Сумы"]]

WEST_MALE = [
    ["Mamadou", "Mamadu", "Mohamadou"], ["Ibrahima", "Ebrima", "Ibrahim"],
    ["Ousmane", "Usman", "Osman"], ["Abdoulaye", "Abdullahi", "Abdulai"],
    ["Moussa", "Musa", "Mousa"], ["Boubacar", "Abubakar", "Bubacarr"], ["Amadou", "Ahmadou", "Amadu"],
    ["Alieu", "Aliou", "Alio"], ["Lamine", "Alamine", "Lamin"], ["Sekou", "Sekouba", "Seku"],
    ["Alpha", "Alfa"], ["Modou", "Modu", "Mbodou"], ["Ousainou", "Ousman", "Usainu"],
    ["Souleymane", "Sulayman", "Suleiman"], ["Bakary", "Bakari", "Bakarry"],
]
WEST_FEMALE = [
    ["Fatoumata", "Fatou", "Fatumata"], ["Aminata", "Aminatou", "Aminatta"],
    ["Mariama", "Mariam", "Mariamma"], ["Aissatou", "Aisatou", "Isatou"],
    ["Kadiatou", "Khadijatou", "Kadijatu"], ["Hawa", "Awa", "Hawah"], ["Binta", "Bintou"],
    ["Oumou", "Umu", "Oumu"], ["Ramatoulaye", "Ramatulai", "Ramatu"], ["Adama", "Adam"],
    ["Kumba", "Koumba"], ["Ndeye", "Ndey", "Ndèye"],
]
WEST_FAMILY = [
    ["Diallo", "Jallow", "Djalo", "Jalloh"], ["Bah", "Ba", "Baa"], ["Barry", "Bari", "Barrie"],
    ["Sow", "Sowe", "Sou"], ["Camara", "Kamara", "Camarra"], ["Traore", "Traoré", "Trawally"],
    ["Keita", "Keyta", "Keïta"], ["Kone", "Koné", "Konneh"], ["Toure", "Touré", "Touray"],
    ["Cisse", "Cissé", "Ceesay"], ["Conde", "Condé", "Kondeh"], ["Sylla", "Silla", "Sila"],
    ["Ndiaye", "Njie", "Ndiay"], ["Diop", "Jobe", "Diope"], ["Fofana", "Fofanah", "Fofanna"],
    ["Coulibaly", "Kulibali", "Kouribaly"], ["Sesay", "Sessay", "Sisay"], ["Jalloh", "Diallo"],
]
WEST_PLACES = [["Conakry", "Konakry"], ["Bamako", "Bamacco"], ["Dakar", "Dakkar"],
               ["Banjul", "Bathurst"], ["Freetown", "Free Town"], ["Labe", "Labé"],
               ["Kankan", "Kan-Kan"], ["Kayes", "Kaye"], ["Serekunda", "Serrekunda"]]


@dataclass(frozen=True)
class Culture:
    name: str
    male: list[list[str]]
    female: list[list[str]]
    family: list[list[str]]
    places: list[list[str]]
    phone_prefix: str
    script_share: float  # share of duplicate records written in the native script
    family_is_fathers_name: bool = False  # Somali/Afghan style: the "family" name is a patronym


CULTURES = (
    Culture("arabic", ARABIC_MALE, ARABIC_FEMALE, ARABIC_FAMILY, ARABIC_PLACES, "963", 0.15),
    Culture("afghan", AFGHAN_MALE, AFGHAN_FEMALE, AFGHAN_FAMILY, AFGHAN_PLACES, "93", 0.0),
    Culture("somali", SOMALI_MALE, SOMALI_FEMALE, SOMALI_FAMILY, SOMALI_PLACES, "252", 0.0, True),
    Culture("cyrillic", CYRILLIC_MALE, CYRILLIC_FEMALE, CYRILLIC_FAMILY, CYRILLIC_PLACES, "380", 0.2),
    Culture("west_african", WEST_MALE, WEST_FEMALE, WEST_FAMILY, WEST_PLACES, "224", 0.0),
)
CULTURE_WEIGHTS = np.array([0.3, 0.2, 0.15, 0.2, 0.15])
_KEYBOARD = "abcdefghijklmnopqrstuvwxyz"


def _latin(spellings: list[str]) -> list[str]:
    return [s for s in spellings if s.isascii() or all(ord(c) < 0x370 for c in s)]


class _Writer:
    """Draws spellings and corruptions from one random generator."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng

    def pick(self, items: list) -> object:
        return items[int(self.rng.integers(len(items)))]

    def spelling(self, spellings: list[str], *, native: bool) -> str:
        latin = _latin(spellings)
        if native and len(latin) < len(spellings):
            return self.pick([s for s in spellings if s not in latin])
        return str(self.pick(latin))

    def free_variant(self, name: str) -> str:
        """A transliteration variant no table lists: vowels, doubling, particles, spacing, case."""
        rng = self.rng
        out = name
        roll = rng.random()
        if roll < 0.25:
            swaps = [("ou", "u"), ("u", "ou"), ("ee", "i"), ("i", "ee"), ("e", "a"), ("a", "e"),
                     ("o", "u"), ("y", "i"), ("i", "y"), ("kh", "h"), ("q", "k"), ("j", "dj")]
            src, dst = swaps[int(rng.integers(len(swaps)))]
            if src in out.lower():
                idx = out.lower().index(src)
                out = out[:idx] + dst + out[idx + len(src) :]
        elif roll < 0.45:
            letters = [i for i, c in enumerate(out) if c.isalpha() and c.lower() not in "aeiou"]
            if letters:
                i = int(self.pick(letters))
                out = out[: i + 1] + out[i].lower() + out[i + 1 :]
        elif roll < 0.6:
            for particle in ("Al-", "El-", "Al ", "Abu ", "Bin "):
                if out.startswith(particle):
                    glued = out.replace(" ", "").replace("-", "")
                    out = out[len(particle) :] if rng.random() < 0.5 else glued
                    break
            else:
                out = out.replace(" ", "") if " " in out else out
        if rng.random() < 0.3:
            out = out.upper()
        return out

    def typo(self, name: str) -> str:
        if len(name) < 3:
            return name
        rng = self.rng
        i = int(rng.integers(1, len(name) - 1))
        kind = rng.random()
        if kind < 0.3:
            return name[:i] + name[i + 1 :]
        if kind < 0.55:
            return name[:i] + str(self.pick(list(_KEYBOARD))) + name[i + 1 :]
        if kind < 0.8:
            return name[:i] + name[i + 1] + name[i] + name[i + 2 :] if i + 1 < len(name) else name
        return name[:i] + str(self.pick(list(_KEYBOARD))) + name[i:]


def _date_text(year: int, month: int, day: int, style: str) -> str:
    if style == "compact":
        return f"{year:04d}{month:02d}{day:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def generate_registry(n_records: int, *, seed: int = 0, duplicate_rate: float = 0.1) -> pd.DataFrame:
    """Records with columns `id`, `person_id`, `household_id` and the record fields."""
    rng = np.random.default_rng(seed)
    writer = _Writer(rng)
    people: list[dict] = []
    n_people = int(n_records / (1 + duplicate_rate))
    household = 0
    while len(people) < n_people:
        household += 1
        culture = CULTURES[int(rng.choice(len(CULTURES), p=CULTURE_WEIGHTS))]
        people.extend(_household(culture, household, writer))
    people = people[:n_people]
    records = []
    for person in people:
        records.append(_record(person, writer, corrupt=False))
    duplicated = rng.random(len(people)) < duplicate_rate
    for index in np.nonzero(duplicated)[0]:
        records.append(_record(people[index], writer, corrupt=True))
    frame = pd.DataFrame.from_records(records)
    frame = frame.sample(frac=1.0, random_state=seed).reset_index(drop=True)
    frame.insert(0, "id", [f"r{i:07d}" for i in range(len(frame))])
    return frame


def _household(culture: Culture, household: int, writer: _Writer) -> list[dict]:
    rng = writer.rng
    family = writer.pick(culture.family)
    father_of_head = writer.pick(culture.male)
    head_name = writer.pick(culture.male)
    mother_name = writer.pick(culture.female)
    place = writer.pick(culture.places)
    phone = culture.phone_prefix + "".join(str(d) for d in rng.integers(0, 10, 8))
    kind = writer.pick(["Camp", "Block", "Street", "Sector"])
    street = f"{int(rng.integers(1, 300))} {kind} {int(rng.integers(1, 60))}"
    head_year = int(rng.integers(1950, 1995))
    base = {
        "household_id": household,
        "culture": culture.name,
        "place": place,
        "phone": phone,
        "address": street,
    }
    members = [
        {
            **base,
            "given": head_name,
            "family": family,
            "father": father_of_head,
            "mother": writer.pick(culture.female),
            "sex": "M",
            "date": (head_year, int(rng.integers(1, 13)), int(rng.integers(1, 29))),
        },
        {
            **base,
            "given": mother_name,
            "family": writer.pick(culture.family) if rng.random() < 0.5 else family,
            "father": writer.pick(culture.male),
            "mother": writer.pick(culture.female),
            "sex": "F",
            "date": (
                head_year + int(rng.integers(-3, 8)),
                int(rng.integers(1, 13)),
                int(rng.integers(1, 29)),
            ),
        },
    ]
    n_children = int(rng.integers(0, 7))
    used: set[str] = set()
    child_family = head_name if culture.family_is_fathers_name and rng.random() < 0.5 else family
    for _ in range(n_children):
        sex = "M" if rng.random() < 0.5 else "F"
        pool = culture.male if sex == "M" else culture.female
        given = writer.pick(pool)
        if given[0] in used or given is head_name:
            given = writer.pick(pool)  # families rarely reuse a name; a second draw keeps some
        used.add(given[0])
        year = min(head_year + int(rng.integers(18, 45)), 2024)
        members.append(
            {
                **base,
                "given": given,
                "family": child_family,
                "father": head_name,
                "mother": mother_name,
                "sex": sex,
                "date": (year, int(rng.integers(1, 13)), int(rng.integers(1, 29))),
            }
        )
    for i, member in enumerate(members):
        member["person_id"] = f"p{household:07d}_{i}"
    return members


def _record(person: dict, writer: _Writer, *, corrupt: bool) -> dict:
    rng = writer.rng
    culture = next(c for c in CULTURES if c.name == person["culture"])
    native = corrupt and rng.random() < culture.script_share

    def name(spellings: list[str], *, p_variant: float) -> str:
        text = writer.spelling(spellings, native=native) if rng.random() < p_variant else spellings[0]
        if corrupt and not native and rng.random() < 0.25:
            text = writer.free_variant(text)
        if corrupt and rng.random() < 0.12:
            text = writer.typo(text)
        return text

    p_variant = 0.7 if corrupt else 0.35
    given = name(person["given"], p_variant=p_variant)
    family = name(person["family"], p_variant=p_variant)
    if corrupt and rng.random() < 0.06:
        given, family = family, given
    father = name(person["father"], p_variant=p_variant)
    mother = name(person["mother"], p_variant=p_variant)
    year, month, day = person["date"]
    date_text = _date_text(year, month, day, "iso" if rng.random() < 0.8 else "compact")
    if rng.random() < 0.08:  # an estimated age: 1 January of a year, sometimes a year off
        date_text = f"{year + (int(rng.integers(-1, 2)) if corrupt else 0):04d}-01-01"
    if corrupt:
        roll = rng.random()
        if roll < 0.12 and day <= 12:
            date_text = _date_text(year, day, month, "iso")
        elif roll < 0.22:
            date_text = _date_text(year + int(rng.choice([-1, 1])), month, day, "iso")
        elif roll < 0.30:
            date_text = f"{year:04d}"
        elif roll < 0.34:
            date_text = f"{year:04d}-{month:02d}"
        elif roll < 0.38:
            date_text = _date_text(year, month, max(1, min(28, day + int(rng.choice([-1, 1])))), "iso")
    phone = person["phone"]
    if rng.random() < 0.3:
        phone = "+" + phone if rng.random() < 0.5 else "0" + phone[len(culture.phone_prefix) :]
    if corrupt and rng.random() < 0.3:
        phone = culture.phone_prefix + "".join(str(d) for d in rng.integers(0, 10, 8))
    record = {
        "person_id": person["person_id"],
        "household_id": person["household_id"],
        "given_name": given,
        "family_name": family,
        "father_name": father,
        "mother_name": mother,
        "sex": person["sex"],
        "birth_date": date_text,
        "birth_place": writer.spelling(person["place"], native=native),
        "address": person["address"],
        "phone": phone,
    }
    blanks = {
        "father_name": 0.15,
        "mother_name": 0.35,
        "birth_place": 0.25,
        "address": 0.4,
        "phone": 0.3,
        "sex": 0.05,
        "birth_date": 0.03,
    }
    for field, share in blanks.items():
        if rng.random() < share * (1.5 if corrupt else 1.0):
            record[field] = ""
    return record


def true_pairs(frame: pd.DataFrame) -> set[tuple[str, str]]:
    """All pairs of record ids that belong to one person (id_l < id_r)."""
    pairs: set[tuple[str, str]] = set()
    for ids in frame.groupby("person_id")["id"].agg(list):
        ids = sorted(ids)
        for i in range(len(ids)):
            for j in range(i + 1, len(ids)):
                pairs.add((ids[i], ids[j]))
    return pairs


def tracing_requests(frame: pd.DataFrame, n: int, *, seed: int = 1) -> pd.DataFrame:
    """What an enquirer knows: names (any spelling), a birth year give or take, maybe a place
    or the father's name. `person_id` is kept to score the answer."""
    rng = np.random.default_rng(seed)
    writer = _Writer(rng)
    sample = frame.sample(n=n, random_state=seed)
    rows = []
    for i, record in enumerate(sample.itertuples(index=False)):
        given, family = record.given_name, record.family_name
        if rng.random() < 0.4:
            given = writer.free_variant(given)
        if rng.random() < 0.4:
            family = writer.free_variant(family)
        if rng.random() < 0.1:
            given = writer.typo(given)
        year = record.birth_date[:4]
        if year and rng.random() < 0.4:
            year = str(int(year) + int(rng.choice([-2, -1, 1, 2])))
        rows.append(
            {
                "id": f"q{i:06d}",
                "person_id": record.person_id,
                "given_name": given,
                "family_name": family,
                "birth_date": year if rng.random() < 0.9 else "",
                "birth_place": record.birth_place if rng.random() < 0.4 else "",
                "father_name": record.father_name if rng.random() < 0.4 else "",
                "sex": record.sex if rng.random() < 0.5 else "",
            }
        )
    return pd.DataFrame(rows)


def _spelling_groups() -> dict[str, list[str]]:
    """Each written form -> all spellings of its name (or place), across the cultures."""
    groups: dict[str, list[str]] = {}
    for culture in CULTURES:
        for table in (culture.male, culture.female, culture.family, culture.places):
            for spellings in table:
                for spelling in spellings:
                    groups.setdefault(spelling, spellings)
    return groups


def enquiry_requests(frame: pd.DataFrame, n: int, *, seed: int = 1) -> pd.DataFrame:
    """Tracing requests as an enquirer writes them, for `n` people of a generated registry.

    A relative describes the person from memory, not from a registration: the name in the
    enquirer's own spelling (another transliteration, sometimes the native script, a variant no
    table lists, a typo), given and family names sometimes the other way round or one of them
    missing, a birth year that may be a year off or unknown, and now and then the place
    of birth, the father's or mother's name and the sex. `person_id` is kept to score answers.
    """
    rng = np.random.default_rng(seed)
    writer = _Writer(rng)
    groups = _spelling_groups()
    people = frame.drop_duplicates("person_id").sample(n=n, random_state=seed)
    # Describe the person from any of their records (a duplicate may be the one kept).
    by_person = frame[frame["person_id"].isin(set(people["person_id"]))].groupby("person_id")

    def spelt(text: str, *, p_other: float, p_free: float, p_typo: float) -> str:
        if not text:
            return ""
        group = groups.get(text)
        if group and rng.random() < p_other:
            native = len(_latin(group)) < len(group) and rng.random() < 0.1
            text = writer.spelling(group, native=native)
        if text.isascii() and rng.random() < p_free:
            text = writer.free_variant(text)
        if rng.random() < p_typo:
            text = writer.typo(text)
        return text

    rows = []
    for i, person_id in enumerate(people["person_id"]):
        records = by_person.get_group(person_id)
        record = records.iloc[int(rng.integers(len(records)))]
        given = spelt(record["given_name"], p_other=0.6, p_free=0.3, p_typo=0.08)
        family = spelt(record["family_name"], p_other=0.6, p_free=0.3, p_typo=0.08)
        roll = rng.random()
        if roll < 0.03:
            family = ""
        elif roll < 0.05:
            given = ""
        if rng.random() < 0.1:
            given, family = family, given
        year = record["birth_date"][:4]
        if year:
            roll = rng.random()
            if roll < 0.3:
                year = str(int(year) + int(rng.choice([-1, 1])))
            elif roll < 0.4:
                year = ""

        def sometimes(text: str, share: float) -> str:
            return spelt(text, p_other=0.5, p_free=0.2, p_typo=0.05) if rng.random() < share else ""

        rows.append(
            {
                "id": f"q{i:06d}",
                "person_id": person_id,
                "given_name": given,
                "family_name": family,
                "birth_date": year,
                "birth_place": sometimes(record["birth_place"], 0.35),
                "father_name": sometimes(record["father_name"], 0.35),
                "mother_name": sometimes(record["mother_name"], 0.1),
                "sex": record["sex"] if rng.random() < 0.6 else "",
            }
        )
    return pd.DataFrame(rows)

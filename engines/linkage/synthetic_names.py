"""The name and place tables of the synthetic registry (engines.linkage.generator).

Each entry: spellings of one name; the first is the usual Latin form, a non-Latin entry is the
name in its own script. SHORT_FORMS are the nicknames and short forms people give at one
registration and not at another (Tunde for Babatunde, Sasha for Oleksandr); the engine's own
table (data/nicknames.csv) is a separate, larger list, so that the generator does not simply
replay it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

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
                 ["Jalalabad", "Jalal-Abad", "Jelalabad"],
                 ["Mazar-i-Sharif", "Mazar e Sharif", "Mazari Sharif", "Masar-e Scharif"],
                 ["Kunduz", "Qunduz"], ["Ghazni", "Ghazny"], ["Khost", "Khowst"]]

SOMALI_MALE = [
    ["Mohamed", "Maxamed", "Mohammed", "Mahamed"], ["Abdi", "Cabdi", "Abdy"],
    ["Hassan", "Xasan", "Hasan"], ["Ali", "Cali", "Aly"], ["Omar", "Cumar", "Umar"],
    ["Ahmed", "Axmed", "Ahmad"], ["Abdullahi", "Cabdullahi", "Abdulahi"],
    ["Hussein", "Xuseen", "Hussen"], ["Yusuf", "Yuusuf", "Yousuf"], ["Ismail", "Ismaaciil", "Ismael"],
    ["Osman", "Cusmaan", "Othman"], ["Farah", "Faarax", "Fara"], ["Abdirahman", "Cabdiraxmaan"],
    ["Mahad", "Mahaad"], ["Guled", "Guuled"], ["Liban", "Libaan"], ["Jama", "Jaamac", "Jamac"],
    ["Warsame", "Warsama", "Warsamé"], ["Mohamud", "Maxamuud", "Mahmoud"], ["Egal", "Cigaal", "Igal"],
    ["Nur", "Nuur", "Noor"], ["Duale", "Dualeh", "Duaale"], ["Aden", "Aadan", "Adan"],
    ["Hersi", "Xirsi", "Hirsi"], ["Samatar", "Sammatar"],
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
                 ["Baidoa", "Baydhabo"], ["Beledweyne", "Beledweyn", "Beled Weyne", "Belet Huen"],
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
    ["Olena", "Elena", "Yelena", "Helena", "Олена", "Елена"], ["Iryna", "Irina", "Ірина", "Ирина"],
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
CYRILLIC_PLACES = [["Kharkiv", "Kharkov", "Charkiw", "Харків"], ["Mariupol", "Mariupil", "Маріуполь"],
                   ["Kyiv", "Kiev", "Kyjiw", "Київ"], ["Odesa", "Odessa", "Одеса"],
                   ["Donetsk", "Donetske", "Донецьк"], ["Luhansk", "Lugansk", "Луганськ"],
                   ["Kherson", "Cherson", "Херсон"],
                   ["Zaporizhzhia", "Zaporozhye", "Saporischschja", "Запоріжжя"],
                   ["Mykolaiv", "Nikolaev", "Mykolajiw", "Миколаїв"], ["Sumy", "Сумы"]]

WEST_MALE = [
    ["Mamadou", "Mamadu", "Mohamadou"], ["Babatunde", "Babatounde"], ["Oluwaseun", "Oluseun"],
    ["Ibrahima", "Ebrima", "Ibrahim"],
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



# Eritrea and Ethiopia: no family names. A person is "given name, father's given name,
# grandfather's given name"; forms ask for a family name and get the father's name — or, at
# another office, the grandfather's.
HORN_MALE = [
    ["Tesfaye", "Tesfay", "Tesfai"], ["Haile", "Hayle", "Hailé"], ["Berhane", "Berhan", "Birhane"],
    ["Yohannes", "Yohanes", "Johannes"], ["Mehari", "Mehary"], ["Dawit", "Dawid"],
    ["Gebremedhin", "Gebre Medhin", "Gebremedin"], ["Gebrehiwet", "Gebre Hiwet", "Gebrehiwot"],
    ["Tewelde", "Tewolde", "Teweldé"], ["Kidane", "Kidan", "Kidanè"], ["Mulugeta", "Mulugetta"],
    ["Solomon", "Selomon", "Salomon"], ["Abraham", "Abrham", "Abreham"], ["Samuel", "Semuel"],
    ["Yonas", "Jonas", "Yonnas"], ["Ermias", "Ermiyas"], ["Habtom", "Habtem"],
    ["Amanuel", "Emmanuel", "Amanuél"], ["Filmon", "Philemon", "Filimon"],
    ["Tesfamariam", "Tesfa Mariam", "Tesfamaryam"], ["Woldemichael", "Wolde Michael", "Weldemikael"],
    ["Goitom", "Goytom"], ["Negasi", "Negassi", "Nigusse"], ["Kiflom", "Kiflu"],
]
HORN_FEMALE = [
    ["Selamawit", "Selamawet", "Salamawit"], ["Hiwet", "Hiwot"], ["Senait", "Senayt", "Sennait"],
    ["Mebrat", "Mebrit"], ["Saba", "Sabba"], ["Tsega", "Tsegga"], ["Almaz", "Almas"],
    ["Aster", "Astér"], ["Rahel", "Rachel"], ["Meron", "Merron"], ["Luwam", "Luam"],
    ["Yordanos", "Jordanos"], ["Helen", "Hellen", "Elen"], ["Tigist", "Tigest"],
    ["Freweyni", "Frewoini"], ["Abrehet", "Abrehed"],
]
HORN_PLACES = [["Asmara", "Asmera"], ["Keren", "Kheren"], ["Massawa", "Mitsiwa", "Massaua"],
               ["Mekelle", "Mek'ele", "Makale"], ["Addis Ababa", "Addis Abeba", "Adis Abeba"],
               ["Gondar", "Gonder"], ["Dekemhare", "Dekamhare"], ["Adi Quala", "Adi Kuala"]]

# Short forms and nicknames by the usual spelling of the full name.
SHORT_FORMS: dict[str, list[str]] = {
    # Arabic
    "Mohammed": ["Hamoudi", "Hamada"], "Abdullah": ["Abdo", "Abboud"], "Abdul Rahman": ["Abdo"],
    "Ibrahim": ["Brahim"], "Youssef": ["Jo"], "Khadija": ["Khadouj"], "Fatima": ["Fati", "Fafi"],
    "Maryam": ["Mimi"], "Aisha": ["Aichouche"], "Hussein": ["Hassoun"], "Yasmin": ["Yasi"],
    # Afghan: the compound's first part, or its second
    "Habibullah": ["Habib"], "Hamidullah": ["Hamid"], "Najibullah": ["Najib"],
    "Rahmatullah": ["Rahmat"], "Zabihullah": ["Zabi"], "Abdul Rahim": ["Rahim"],
    "Abdul Karim": ["Karim"], "Noor Ahmad": ["Noor"], "Gul Agha": ["Gul"],
    # Somali
    "Abdullahi": ["Abdi"], "Abdirahman": ["Abdi", "Rahman"], "Ismail": ["Isse"], "Fadumo": ["Fadi"],
    # Ukrainian and Russian
    "Oleksandr": ["Sasha", "Sashko"], "Serhiy": ["Seryozha"], "Mykola": ["Kolya"],
    "Andriy": ["Andriyko"], "Dmytro": ["Dima"], "Volodymyr": ["Volodya", "Vova"],
    "Oleksiy": ["Lyosha", "Alyosha"], "Yuriy": ["Yura"], "Ivan": ["Vanya"], "Viktor": ["Vitya"],
    "Mykhailo": ["Misha"], "Vasyl": ["Vasya"], "Petro": ["Petya"], "Yevhen": ["Zhenya"],
    "Roman": ["Roma"], "Olena": ["Alena", "Lena"], "Iryna": ["Ira"], "Tetiana": ["Tanya"],
    "Nataliia": ["Natasha"], "Kateryna": ["Katya"], "Yuliia": ["Yulya"], "Hanna": ["Anya"],
    "Svitlana": ["Sveta"], "Liudmyla": ["Luda", "Mila"], "Halyna": ["Halya", "Galya"],
    "Anastasiia": ["Nastya"], "Mariia": ["Masha"], "Viktoriia": ["Vika"],
    # West African
    "Babatunde": ["Tunde"], "Oluwaseun": ["Seun"], "Fatoumata": ["Fanta", "Toumata"],
    "Aminata": ["Mina"], "Aissatou": ["Aissa"], "Kadiatou": ["Kadi"], "Ramatoulaye": ["Rama"],
    "Boubacar": ["Bouba"], "Abdoulaye": ["Ablaye", "Laye"], "Ibrahima": ["Iba"],
    # Eritrean and Ethiopian
    "Tesfamariam": ["Tesfa"], "Gebremedhin": ["Gebre"], "Gebrehiwet": ["Gebre"],
    "Woldemichael": ["Wolde"], "Amanuel": ["Aman"], "Selamawit": ["Selam"], "Yohannes": ["John"],
}


@dataclass(frozen=True)
class Culture:
    name: str
    male: list[list[str]]
    female: list[list[str]]
    family: list[list[str]]
    places: list[list[str]]
    phone_prefix: str
    script_share: float  # share of duplicate records written in the native script
    # Patronymic naming (Eritrea, Ethiopia, Somalia): the "family name" is the father's given
    # name, so it differs between a father and his children and between husband and wife.
    patronymic: bool = False


# A patronymic culture's family names are its fathers' given names (its `family` table is
# what other code lists as its surnames).
CULTURES = (
    Culture("arabic", ARABIC_MALE, ARABIC_FEMALE, ARABIC_FAMILY, ARABIC_PLACES, "963", 0.15),
    Culture("afghan", AFGHAN_MALE, AFGHAN_FEMALE, AFGHAN_FAMILY, AFGHAN_PLACES, "93", 0.0),
    Culture("somali", SOMALI_MALE, SOMALI_FEMALE, SOMALI_FAMILY, SOMALI_PLACES, "252", 0.0, True),
    Culture("cyrillic", CYRILLIC_MALE, CYRILLIC_FEMALE, CYRILLIC_FAMILY, CYRILLIC_PLACES, "380", 0.2),
    Culture("west_african", WEST_MALE, WEST_FEMALE, WEST_FAMILY, WEST_PLACES, "224", 0.0),
    Culture("horn", HORN_MALE, HORN_FEMALE, HORN_MALE, HORN_PLACES, "291", 0.0, True),
)
CULTURE_WEIGHTS = np.array([0.28, 0.18, 0.13, 0.2, 0.13, 0.08])

"""Word lists for the demo data: Polish names, Kożuchów streets and nearby villages.

Plain data, no logic beyond the feminine form of a surname.
"""
from __future__ import annotations

MALE_FIRST = (
    "Jan", "Piotr", "Krzysztof", "Andrzej", "Tomasz", "Paweł", "Michał", "Marcin", "Grzegorz",
    "Józef", "Łukasz", "Adam", "Zbigniew", "Jerzy", "Tadeusz", "Mateusz", "Dariusz", "Mariusz",
    "Wojciech", "Ryszard", "Jakub", "Henryk", "Robert", "Rafał", "Kazimierz", "Jacek", "Maciej",
    "Kamil", "Janusz", "Marek", "Stanisław", "Sławomir", "Zdzisław", "Bogdan", "Przemysław",
    "Szymon", "Bartłomiej", "Mirosław", "Zenon", "Władysław",
)
FEMALE_FIRST = (
    "Anna", "Maria", "Katarzyna", "Małgorzata", "Agnieszka", "Barbara", "Ewa", "Krystyna",
    "Elżbieta", "Magdalena", "Joanna", "Zofia", "Monika", "Teresa", "Danuta", "Natalia",
    "Aleksandra", "Karolina", "Marta", "Beata", "Dorota", "Halina", "Jadwiga", "Grażyna",
    "Iwona", "Urszula", "Renata", "Bożena", "Jolanta", "Wiesława", "Paulina", "Justyna",
    "Stanisława", "Łucja", "Sylwia", "Irena",
)
# Masculine forms; -ski/-cki/-dzki take -ska/-cka/-dzka for women, the rest do not change.
SURNAMES = (
    "Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski",
    "Zieliński", "Szymański", "Woźniak", "Dąbrowski", "Kozłowski", "Jankowski", "Mazur",
    "Wojciechowski", "Kwiatkowski", "Krawczyk", "Kaczmarek", "Piotrowski", "Grabowski",
    "Zając", "Pawłowski", "Michalski", "Król", "Wieczorek", "Jabłoński", "Wróbel",
    "Nowakowski", "Majewski", "Olszewski", "Stępień", "Malinowski", "Jaworski", "Adamczyk",
    "Dudek", "Nowicki", "Pawlak", "Górski", "Witkowski", "Walczak", "Sikora", "Baran",
    "Rutkowski", "Michalak", "Szewczyk", "Ostrowski", "Tomaszewski", "Pietrzak", "Zalewski",
    "Wróblewski", "Jasiński", "Marciniak", "Bąk", "Zawadzki", "Sadowski", "Jakubowski",
    "Duda", "Włodarczyk", "Chmielewski", "Borkowski", "Sokołowski", "Szczepański", "Sawicki",
    "Lis", "Kucharski", "Mazurek", "Kubiak", "Kalinowski", "Wysocki", "Czarnecki",
    "Kołodziej", "Urban", "Sobczak", "Konieczny", "Głowacki", "Zakrzewski", "Krajewski",
    "Wilk", "Krupa", "Adamski", "Wasilewski", "Ziółkowski", "Błaszczyk", "Gajewski", "Szulc",
    "Łuczak", "Żak", "Gołębiowski", "Ślusarczyk", "Cieślak", "Kaźmierczak", "Przybylski",
)

TOWN = "Kożuchów"
TOWN_POSTAL = "67-120"
# Streets of Kożuchów: (name, has block flats "12/4")
TOWN_STREETS = (
    ("ul. Elektryczna", False), ("ul. Słowackiego", True), ("ul. Żagańska", False),
    ("ul. Szkolna", False), ("ul. Zielona", False), ("ul. Jana Pawła II", True),
    ("ul. Kopernika", True), ("ul. Głogowska", False), ("ul. Wyspiańskiego", True),
    ("ul. Mickiewicza", True), ("ul. Sienkiewicza", False), ("ul. Konopnickiej", False),
    ("ul. Kolejowa", False), ("ul. Żeromskiego", True), ("ul. Reymonta", False),
    ("ul. Moniuszki", False), ("ul. Polna", False), ("ul. Ogrodowa", False),
    ("ul. Lipowa", False), ("ul. Kasztanowa", False), ("ul. Dworcowa", True),
    ("ul. Bolesława Chrobrego", True), ("ul. Garncarska", False), ("ul. Podgórna", False),
    ("ul. Młyńska", False), ("ul. Piastowska", True), ("ul. Zamkowa", False),
    ("ul. Klasztorna", False), ("ul. Kościuszki", True), ("ul. Armii Krajowej", True),
    ("ul. Słoneczna", False), ("ul. Różana", False), ("ul. Ceglana", False),
    ("pl. Kilińskiego", True), ("Rynek", True),
)
# Villages of the gmina: addressed "Stypułów 45, 67-120 Kożuchów" (no streets);
# True where the village has a sewer network.
VILLAGES = (
    ("Książ Śląski", True), ("Stypułów", False), ("Mirocin Dolny", True),
    ("Mirocin Górny", False), ("Mirocin Średni", False), ("Stary Kożuchów", True),
    ("Podbrzezie Dolne", False), ("Podbrzezie Górne", False), ("Słocina", False),
    ("Czciradz", False), ("Drwalewice", False), ("Radwanów", False), ("Solniki", False),
    ("Bulin", False), ("Cisów", False), ("Sokołów", False), ("Lasocin", True),
)

# Correspondence addresses of customers who live elsewhere: (street, postal code, city)
ELSEWHERE = (
    ("ul. Bohaterów Westerplatte", "65-034", "Zielona Góra"),
    ("ul. Wyszyńskiego", "65-536", "Zielona Góra"),
    ("ul. Zjednoczenia", "65-120", "Zielona Góra"),
    ("ul. Moniuszki", "67-100", "Nowa Sól"),
    ("ul. Wrocławska", "67-100", "Nowa Sól"),
    ("ul. Legnicka", "54-206", "Wrocław"),
    ("ul. Grunwaldzka", "60-780", "Poznań"),
    ("ul. Puławska", "02-515", "Warszawa"),
    ("ul. Żarska", "68-100", "Żagań"),
    ("ul. Świerczewskiego", "67-300", "Szprotawa"),
)

BUSINESS_KINDS = (
    "Piekarnia", "Zakład Stolarski", "Przychodnia Lekarska", "Zakład Usług Remontowych",
    "Warsztat Samochodowy", "Gospodarstwo Ogrodnicze", "Hurtownia Spożywcza",
    "Przedsiębiorstwo Handlowo-Usługowe", "Pensjonat", "Zakład Fryzjerski",
)


def feminine(surname: str) -> str:
    for masc, fem in (("ski", "ska"), ("cki", "cka"), ("dzki", "dzka")):
        if surname.endswith(masc):
            return surname[: -len(masc)] + fem
    return surname


_ASCII = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ")


def ascii_fold(text: str) -> str:
    """For e-mail local parts: "Łucja Kaźmierczak" -> "Lucja Kazmierczak"."""
    return text.translate(_ASCII)

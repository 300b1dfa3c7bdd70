"""Texts of the "Odczyty" page (§9 a, b of the terms). Rule messages come from
services/readings/; these are the page's own words."""

TITLE = "Odczyty"
LEAD = ("Podaj stan wodomierza, sprawdź szacunek najbliższej faktury "
        "i przejrzyj historię odczytów oraz zużycia.")

WINDOW_OPEN_HEADING = "Okno odczytów jest otwarte"
WINDOW_CLOSED_HEADING = "Okno odczytów jest zamknięte"
WINDOW_CLOSED_NOTE = ("Odczyt możesz podać także teraz — zostanie uwzględniony "
                      "w następnym okresie rozliczeniowym.")

METERS_HEADING = "Twoje wodomierze"
METER_SERIAL = "Numer wodomierza"
METER_KIND = "Rodzaj"
METER_ADDRESS = "Adres"
METER_LAST = "Ostatni odczyt"
METER_NO_READING = "brak odczytu"
METER_CERT = "Legalizacja ważna do"
METER_CERT_SOON = ("Legalizacja tego wodomierza kończy się w ciągu 60 dni albo już się skończyła. "
                   "W sprawie wymiany wodomierza skontaktuj się z nami.")
NO_METERS = ("Nie widzimy żadnego wodomierza przypisanego do Twojego konta. "
             "Skontaktuj się z nami — telefonicznie lub e-mailem (dane w stopce strony).")

FORM_HEADING = "Podaj odczyt"
F_METER = "Wodomierz"
F_VALUE = "Stan wodomierza"
F_VALUE_HINT = "W m³, np. 123,456 — przecinek lub kropka, najwyżej 3 miejsca po przecinku."
F_DATE = "Data odczytu"
F_DATE_HINT = "Domyślnie dzisiaj. Nie może być z przyszłości ani wcześniejsza niż ostatni odczyt."
F_PHOTO = "Zdjęcie wodomierza (opcjonalnie)"
F_PHOTO_HINT = "JPEG lub PNG, najwyżej 5 MB. Zdjęcie liczydła pomaga nam sprawdzić odczyt."
F_PHOTO_PICK = "Wybierz zdjęcie"
F_PHOTO_DROP = "albo przeciągnij je tutaj"
F_PHOTO_ADDED = "Dodano zdjęcie:"
F_PHOTO_REMOVE = "Usuń zdjęcie"
F_PHOTO_UPLOADING = "Przesyłanie zdjęcia…"
PHOTO_REJECTED = "Dozwolone jest jedno zdjęcie w formacie JPEG lub PNG, najwyżej 5 MB."
SUBMIT = "Wyślij odczyt"

CONFIRM_HEADING = "Nietypowy odczyt — potwierdź"
CONFIRM_VALUES = "Podany odczyt:"
CONFIRM_SUMMARY = "wodomierz {meter}, stan {value} z dnia {day}"
CONFIRM_BUTTON = "Potwierdzam odczyt"
CONFIRM_CANCEL = "Poprawię stan"

RESULT_HEADING = "Odczyt wysłany"
RESULT_ACCEPTED = "Odczyt został przyjęty."
RESULT_TO_VERIFY = "Odczyt został zapisany i przekazany do weryfikacji."
RESULT_STATUS = "Status odczytu"
RESULT_CONSUMPTION = "Zużycie od ostatniego odczytu"
RESULT_NEXT_PERIOD = "Odczyt zostanie uwzględniony w następnym okresie rozliczeniowym."
ESTIMATE_HEADING = "Szacunek najbliższej faktury"
ESTIMATE_ITEM = "Pozycja"
ESTIMATE_AMOUNT = "Kwota"
ESTIMATE_WATER = "Woda (netto)"
ESTIMATE_SEWAGE = "Ścieki (netto)"
ESTIMATE_SUBSCRIPTION = "Opłata abonamentowa (netto)"
ESTIMATE_NET = "Razem netto"
ESTIMATE_VAT = "VAT"
ESTIMATE_GROSS = "Razem brutto"
ESTIMATE_NO_SEWAGE = "Woda z wodomierza ogrodowego nie jest obciążana opłatą za ścieki."
ESTIMATE_NOTE = ("To szacunek według taryfy „{tariff}”. Kwota na fakturze może się różnić "
                 "(np. inny okres rozliczeniowy lub zmiana taryfy).")

HISTORY_HEADING = "Historia odczytów"
HISTORY_CAPTION = "Odczyty wodomierzy, od najnowszych"
H_DATE = "Data"
H_METER = "Wodomierz"
H_VALUE = "Stan"
H_CONSUMPTION = "Zużycie"
H_SOURCE = "Źródło"
H_STATUS = "Status"
H_NEXT_PERIOD = "następny okres"
NO_HISTORY = ("Nie ma jeszcze żadnych odczytów. Dodaj pierwszy: wpisz stan wodomierza "
              "w formularzu „Podaj odczyt” powyżej i wybierz „Wyślij odczyt”.")
SHOW_MORE = "Pokaż starsze odczyty"
SHOWN = ("Pokazano ", " z ", " odczytów. Starsze są w pliku CSV.")  # around two numbers
CSV_LINK = "Pobierz CSV"
CSV_NOTE = "Pełna historia w pliku CSV (Excel, LibreOffice)."

CHART_HEADING = "Zużycie w okresach rozliczeniowych"
CHART_CAPTION = ("Zużycie wody w m³ w kolejnych okresach, według miesiąca odczytu "
                 "zamykającego okres (wodomierze główne). Te same dane są w tabeli poniżej.")
CHART_CAPTION_GARDEN = ("Podlicznik ogrodowy jest pokazany obok, nie doliczany: jego woda przepłynęła już "
                        "przez wodomierz główny i pomniejsza tylko opłatę za ścieki.")
CHART_TABLE_SUMMARY = "Pokaż dane wykresu w tabeli"
CHART_TABLE_CAPTION = "Zużycie wody w okresach rozliczeniowych"
CHART_PERIOD = "Okres (miesiąc odczytu)"
CHART_CONSUMPTION = "Zużycie [m³]"
CHART_GARDEN = "W tym podlicznik ogrodowy [m³]"
CHART_SERIES = "Zużycie m³"
CHART_SERIES_GARDEN = "Podlicznik ogrodowy m³"
NO_SERIES = "Wykres pojawi się po dwóch przyjętych odczytach tego samego wodomierza."

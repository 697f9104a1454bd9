"""Hand-written cases, one block per phenomenon, written from the phenomenon list alone.

Each line: `query | listed name [; other listed name …]`, then ` | no` for a pair that must not
match. Names are ordinary or public figures' names written by hand in each script; none is taken
from another project's tests.
"""

from __future__ import annotations

from bench.eval.model import Pair, Schema

PER, ORG = "Person", "Organization"

BLOCKS: tuple[tuple[str, Schema, str], ...] = (
    (
        "script_hangul",
        PER,
        """
김철수 | Kim Chol Su
김철수 | Kim Cheol-su
박영호 | Pak Yong Ho
박영호 | Park Young-ho
리명훈 | Ri Myong Hun
이명훈 | Lee Myung-hoon
최현우 | Choe Hyon U
정성민 | Jong Song Min
정성민 | Jeong Seong-min
한지원 | Han Ji Won
윤서준 | Yoon Seo-jun
강동철 | Kang Dong Chol
김철수 | Kim Chol Nam | no
박영호 | Pak Yong Chol | no
리명훈 | Ri Myong Su | no
최현우 | Choe Song Il | no
""",
    ),
    (
        "script_hangul",
        ORG,
        """
단천상업은행 | Tanchon Commercial Bank
청천강해운 | Chongchongang Shipping Company
삼성전자 | Samsung Electronics
현대상선 | Hyundai Merchant Marine
삼성전자 | Samsung Heavy Industries | no
단천상업은행 | Tanchon Shipping Company | no
""",
    ),
    (
        "script_japanese",
        PER,
        """
山田太郎 | Taro Yamada
佐藤健一 | Kenichi Sato
鈴木一郎 | Ichiro Suzuki
田中 美咲 | Misaki Tanaka
タナカ ヒロシ | Hiroshi Tanaka
スズキ ケンジ | Kenji Suzuki
ウラジーミル・プーチン | Vladimir Putin
アレクセイ・イワノフ | Aleksei Ivanov
マリア・ペトロワ | Maria Petrova
やまもと さくら | Sakura Yamamoto
山田太郎 | Jiro Yamada | no
佐藤健一 | Kenichi Kato | no
スズキ ケンジ | Kenji Suzaki | no
ウラジーミル・プーチン | Vladimir Popov | no
""",
    ),
    (
        "script_japanese",
        ORG,
        """
トヨタ自動車 | Toyota Motor Corporation
ソニーグループ | Sony Group
三菱商事 | Mitsubishi Corporation
ロスネフチ | Rosneft
ガスプロム | Gazprom
トヨタ自動車 | Honda Motor | no
ガスプロム | Gazprombank | no
""",
    ),
    (
        "script_greek",
        PER,
        """
Γεώργιος Παπαδόπουλος | Georgios Papadopoulos
Γιώργος Παπαδόπουλος | Giorgos Papadopoulos
Δημήτριος Νικολάου | Dimitrios Nikolaou
Αικατερίνη Γεωργίου | Aikaterini Georgiou
Κωνσταντίνος Αλεξίου | Konstantinos Alexiou
Ιωάννης Βλάχος | Ioannis Vlachos
Νικόλαος Χατζηδάκης | Nikolaos Hatzidakis
Ελένη Καραμανλή | Eleni Karamanli
Βλαντιμίρ Πούτιν | Vladimir Putin
Σεργκέι Λαβρόφ | Sergei Lavrov
Γεώργιος Παπαδόπουλος | Georgios Papadakis | no
Δημήτριος Νικολάου | Dimitrios Nikolaidis | no
Ιωάννης Βλάχος | Ioannis Vlastos | no
Ελένη Καραμανλή | Eleni Karagianni | no
""",
    ),
    (
        "script_greek",
        ORG,
        """
Ποσειδών Ναυτιλιακή Α.Ε. | Poseidon Naftiliaki S.A.
Όμιλος Ολυμπία | Olympia Group
Ναυτιλιακή Εταιρεία Αιγαίον | Aegeon Shipping Company
""",
    ),
    (
        "script_hebrew",
        PER,
        """
דוד כהן | David Cohen
משה לוי | Moshe Levi
משה לוי | Moshe Levy
יוסף מזרחי | Yosef Mizrahi
יוסף מזרחי | Joseph Mizrachi
אברהם פרידמן | Avraham Friedman
שרה גולדברג | Sara Goldberg
יעקב רוזנברג | Yaakov Rosenberg
רחל שפירא | Rachel Shapira
אליהו ביטון | Eliyahu Biton
ולדימיר פוטין | Vladimir Putin
אלכסנדר איבנוב | Aleksandr Ivanov
דוד כהן | David Katz | no
משה לוי | Moshe Levin | no
יוסף מזרחי | Yosef Malka | no
שרה גולדברג | Sara Goldman | no
""",
    ),
    (
        "script_hebrew",
        ORG,
        """
אלביט מערכות | Elbit Systems
צים שירותי ספנות | ZIM Shipping Services
""",
    ),
    (
        "script_georgian",
        PER,
        """
გიორგი ბერიძე | Giorgi Beridze
ნიკოლოზ კაპანაძე | Nikoloz Kapanadze
ლევან გელაშვილი | Levan Gelashvili
თამარ ლომიძე | Tamar Lomidze
დავით ჩხეიძე | Davit Chkheidze
ირაკლი წერეთელი | Irakli Tsereteli
ნინო ხარაიშვილი | Nino Kharaishvili
ზურაბ ჟვანია | Zurab Zhvania
ვლადიმერ პუტინი | Vladimir Putin
გიორგი ბერიძე | Giorgi Baramidze | no
ლევან გელაშვილი | Levan Gvaramia | no
თამარ ლომიძე | Tamar Lordkipanidze | no
დავით ჩხეიძე | Davit Kezerashvili | no
""",
    ),
    (
        "script_georgian",
        ORG,
        """
შპს კავკასია ტრეიდინგი | Kavkasia Trading LLC
სს თელასი | Telasi JSC
""",
    ),
    (
        "script_armenian",
        PER,
        """
Արամ Պետրոսյան | Aram Petrosyan
Գագիկ Սարգսյան | Gagik Sargsyan
Գագիկ Սարգսյան | Gagik Sarkisian
Աննա Հովհաննիսյան | Anna Hovhannisyan
Տիգրան Մարտիրոսյան | Tigran Martirosyan
Դավիթ Գրիգորյան | David Grigorian
Արմեն Խաչատրյան | Armen Khachatryan
Նարեկ Ավետիսյան | Narek Avetisyan
Լիլիթ Ղազարյան | Lilit Ghazaryan
Վլադիմիր Պուտին | Vladimir Putin
Արամ Պետրոսյան | Aram Poghosyan | no
Գագիկ Սարգսյան | Gagik Tsarukyan | no
Տիգրան Մարտիրոսյան | Tigran Margaryan | no
Արմեն Խաչատրյան | Armen Sarkissian | no
""",
    ),
    (
        "script_armenian",
        ORG,
        """
Արմենիա Թրեյդինգ ՍՊԸ | Armenia Trading LLC
""",
    ),
    (
        "script_devanagari",
        PER,
        """
राजेश कुमार | Rajesh Kumar
सुनील शर्मा | Sunil Sharma
अमित पटेल | Amit Patel
प्रिया सिंह | Priya Singh
विजय गुप्ता | Vijay Gupta
अनिल अग्रवाल | Anil Agarwal
सुरेश रेड्डी | Suresh Reddy
मोहम्मद इक़बाल | Mohammad Iqbal
दाऊद इब्राहिम | Dawood Ibrahim
व्लादिमीर पुतिन | Vladimir Putin
राजेश कुमार | Rakesh Kumar | no
सुनील शर्मा | Sunil Verma | no
अमित पटेल | Amit Shah | no
विजय गुप्ता | Vinay Gupta | no
""",
    ),
    (
        "script_devanagari",
        ORG,
        """
टाटा स्टील लिमिटेड | Tata Steel Limited
रिलायंस इंडस्ट्रीज़ | Reliance Industries
""",
    ),
    (
        "script_bengali",
        PER,
        """
রহিম উদ্দিন | Rahim Uddin
করিম হোসেন | Karim Hossain
শেখ হাসান | Sheikh Hasan
আব্দুল মান্নান | Abdul Mannan
ফাতেমা বেগম | Fatema Begum
মোহাম্মদ আলী | Mohammad Ali
সুমন চৌধুরী | Suman Chowdhury
রবীন্দ্রনাথ ঠাকুর | Rabindranath Thakur
রহিম উদ্দিন | Rahim Ullah | no
করিম হোসেন | Kamal Hossain | no
ফাতেমা বেগম | Fatema Khatun | no
সুমন চৌধুরী | Sumon Das | no
""",
    ),
    (
        "script_bengali",
        ORG,
        """
বাংলাদেশ শিপিং কর্পোরেশন | Bangladesh Shipping Corporation
ঢাকা ট্রেডিং লিমিটেড | Dhaka Trading Limited
""",
    ),
    (
        "script_kannada",
        PER,
        """
ರಾಜೇಶ್ ಕುಮಾರ್ | Rajesh Kumar
ಸುರೇಶ್ ಗೌಡ | Suresh Gowda
ಮಂಜುನಾಥ್ ಶೆಟ್ಟಿ | Manjunath Shetty
ಲಕ್ಷ್ಮಿ ನಾರಾಯಣ | Lakshmi Narayana
ಸಿದ್ದರಾಮಯ್ಯ | Siddaramaiah
ವೆಂಕಟೇಶ್ ರಾವ್ | Venkatesh Rao
ಅನಿಲ್ ಕುಂಬ್ಳೆ | Anil Kumble
ಪ್ರಕಾಶ್ ಹೆಗ್ಡೆ | Prakash Hegde
ರಾಜೇಶ್ ಕುಮಾರ್ | Ramesh Kumar | no
ಸುರೇಶ್ ಗೌಡ | Suresh Raina | no
ಮಂಜುನಾಥ್ ಶೆಟ್ಟಿ | Manjunath Rao | no
""",
    ),
    (
        "script_kannada",
        ORG,
        """
ಕಾವೇರಿ ಟ್ರೇಡಿಂಗ್ ಕಂಪನಿ | Kaveri Trading Company
""",
    ),
    (
        "script_khmer",
        PER,
        """
ហ៊ុន សែន | Hun Sen
សម រង្ស៊ី | Sam Rainsy
ជា ស៊ីម | Chea Sim
សុខ ចាន់ | Sok Chan
កឹម សុខា | Kem Sokha
ហេង សំរិន | Heng Samrin
ទៀ បាញ់ | Tea Banh
ចាន់ ថា | Chan Tha
ហ៊ុន សែន | Hun Many | no
សម រង្ស៊ី | Sam Rithy | no
កឹម សុខា | Kem Ley | no
ជា ស៊ីម | Chea Sophara | no
""",
    ),
    (
        "script_myanmar",
        PER,
        """
အောင်ဆန်းစုကြည် | Aung San Suu Kyi
မင်းအောင်လှိုင် | Min Aung Hlaing
သိန်းစိန် | Thein Sein
ထင်ကျော် | Htin Kyaw
ဝင်းမြင့် | Win Myint
စိုးဝင်း | Soe Win
ကျော်ကျော် | Kyaw Kyaw
မောင်မောင် | Maung Maung
မင်းအောင်လှိုင် | Min Ko Naing | no
သိန်းစိန် | Than Shwe | no
ဝင်းမြင့် | Win Htein | no
စိုးဝင်း | Soe Thein | no
""",
    ),
    (
        "script_myanmar",
        ORG,
        """
မြန်မာ့စီးပွားရေးဘဏ် | Myanma Economic Bank
""",
    ),
    (
        "russian_in_arabic_script",
        PER,
        """
فلاديمير بوتين | Vladimir Putin
سيرغي لافروف | Sergei Lavrov
ديمتري ميدفيديف | Dmitry Medvedev
ألكسندر إيفانوف | Aleksandr Ivanov
يفغيني بريغوجين | Yevgeny Prigozhin
إيغور سيتشين | Igor Sechin
رومان أبراموفيتش | Roman Abramovich
أوليغ ديريباسكا | Oleg Deripaska
نيكولاي باتروشيف | Nikolai Patrushev
ميخائيل ميشوستين | Mikhail Mishustin
فلاديمير بوتين | Vladimir Potanin | no
ديمتري ميدفيديف | Dmitry Peskov | no
ألكسندر إيفانوف | Aleksandr Ivanchenko | no
إيغور سيتشين | Igor Shuvalov | no
""",
    ),
    (
        "russian_in_arabic_script",
        ORG,
        """
غازبروم | Gazprom
روسنفت | Rosneft
سبيربنك | Sberbank
""",
    ),
    (
        "typo_short_token",
        PER,
        """
Olga Petorva | Olga Petrova
Anan Kovacs | Anna Kovacs
Karl Webre | Karl Weber
Omar Saleeh | Omar Saleh
Petr Novka | Petr Novak
Ali Hamd | Ali Hamid
Lena Bergg | Lena Berg
Hans Vogle | Hans Vogel
Marco Rosi | Marco Rossi
Yusuf Kyaa | Yusuf Kaya
Ivan Sidorvo | Ivan Sidorov
Jose Lpoez | Jose Lopez
Fatma Dmeir | Fatma Demir
Tarik Aziz | Tariq Aziz
Igor Orlvo | Igor Orlov
Nadia Haddda | Nadia Haddad
""",
    ),
    (
        "typo_short_token",
        ORG,
        """
Nord Steram AG | Nord Stream AG
Areo Link LLC | Aero Link LLC
Sinopec Tehc | Sinopec Tech
Bank Meli | Bank Melli
Spah Bank | Sepah Bank
Tidewater Midle East | Tidewater Middle East
Kish Octo Trading | Kish Ocot Trading
Mahan Aiir | Mahan Air
Rosneft Trdaing SA | Rosneft Trading SA
""",
    ),
    (
        "run_together",
        ORG,
        """
Rosoboron Export | Rosoboronexport
AeroTrade LLC | Aero Trade LLC
GoldenStar Trading | Golden Star Trading
SilkRoad Logistics | Silk Road Logistics
NorthStar Shipping Ltd | North Star Shipping Ltd
TransOil LLC | Trans Oil LLC
Petro Chem Group | Petrochem Group
Sea Bird Shipping | Seabird Shipping
BlueWave FZE | Blue Wave FZE
Vnesh Torg Bank | Vneshtorgbank
Mos Energo | Mosenergo
Euro Chem | EuroChem
NovaTradeLLC | Nova Trade LLC
KavkazCargoOOO | Kavkaz Cargo OOO
Star Light Trading | Starlink Trading | no
""",
    ),
    (
        "run_together",
        PER,
        """
IvanPetrov | Ivan Petrov
AbdulRahman Khalil | Abdul Rahman Khalil
Alrashid Hamza | Al Rashid Hamza
Abubakr Salem | Abu Bakr Salem
MARIAGONZALEZ | Maria Gonzalez
SERGEIKUZNETSOV | Sergei Kuznetsov
Abdelaziz Nour | Abdel Aziz Nour
""",
    ),
    (
        "legal_form",
        ORG,
        """
Polimex | Polimex Sp. z o.o.
Polimex Spółka z ograniczoną odpowiedzialnością | Polimex Sp. z o.o.
OAO Uralkali | Uralkali JSC
PAO Uralkali | Public Joint Stock Company Uralkali
Uralkali Joint Stok Company | Uralkali JSC
Kaspi Trading OOO | LLC Kaspi Trading
Obshchestvo s Ogranichennoy Otvetstvennostyu Vostok | Vostok LLC
Mueller Maschinenbau GmbH | Mueller Maschinenbau Gesellschaft mit beschränkter Haftung
Nordic Freight AB | Nordic Freight Aktiebolag
Kovacs Kft. | Kovacs Korlátolt Felelősségű Társaság
Sahara Trading Co. L.L.C. | Sahara Trading LLC
Delta Shipping S.A. | Delta Shipping Sociedad Anónima
Orion s.r.o. | Orion spol. s r.o.
Marmara Ltd. Şti. | Marmara Limited Şirketi
Baltic Amber UAB | Baltic Amber
Danube Logistics SRL | Danube Logistics S.R.L.
Pacific Ocean Pte Ltd | Pacific Ocean Private Limited
Zenit Limited Liabilty Company | Zenit LLC
Ural Metal Zakrytoe Aktsionernoe Obshchestvo | Ural Metal ZAO
Polimex Sp. z o.o. | Polimex-Mostostal S.A. | no
Vostok LLC | Vostok Bank | no
Delta Shipping S.A. | Delta Airlines Inc. | no
""",
    ),
    (
        "title_prefix",
        PER,
        """
Dr. Ahmad Rahimi | Ahmad Rahimi
Prof. Dr. Hans Keller | Hans Keller
General Ivan Sokolov | Ivan Sokolov
генерал-полковник Сергей Орлов | Sergei Orlov
Министр Андрей Белов | Andrei Belov
Sheikh Abdullah Al-Mansoori | Abdullah Al Mansoori
الشيخ عبدالله المنصوري | Abdullah Al Mansoori
Mullah Akhtar Mohammad | Akhtar Mohammad
Herr Dipl.-Ing. Klaus Richter | Klaus Richter
Monsieur le Ministre Jean Dubois | Jean Dubois
Señor Don Carlos Mendoza | Carlos Mendoza
S.E. l'Ambassadeur Pierre Martin | Pierre Martin
Colonel General Viktor Zarubin | Viktor Zarubin
Minister of Defence Anatoly Serdyuk | Anatoly Serdyuk
Governor Mikhail Voronin | Mikhail Voronin
Haji Abdul Basir | Abdul Basir
Ayatollah Ali Rezaei | Ali Rezaei
Hojatoleslam Mohsen Ghorbani | Mohsen Ghorbani
Brigadier General Hossein Kazemi | Hossein Kazemi
Pan Jan Kowalski | Jan Kowalski
Ing. Petr Dvořák | Petr Dvorak
Mgr. Jana Nováková | Jana Novakova
Господин Олег Смирнов | Oleg Smirnov
Dato' Sri Ahmad Zahid | Ahmad Zahid
Tan Sri Lim Kok Wing | Lim Kok Wing
Alhaji Musa Bello | Musa Bello
Chief Emeka Okafor | Emeka Okafor
H.E. Ambassador Omar Farouk | Omar Farouk
General Sokolov | Ivan Sokolov
Dr. Rahimi | Ahmad Rahimi
Στρατηγός Νικόλαος Παππάς | Nikolaos Pappas
רב אליהו ביטון | Eliyahu Biton
General Ivan Sokolov | Ivan Sokolovsky | no
Dr. Hans Keller | Hans Kellermann | no
Minister Andrei Belov | Andrei Belousov | no
""",
    ),
    (
        "national_spelling",
        PER,
        """
Vladimiras Putinas | Vladimir Putin
Vladimirs Putins | Vladimir Putin
Sergejus Lavrovas | Sergei Lavrov
Sergejs Lavrovs | Sergei Lavrov
Aleksandras Lukašenka | Aleksandr Lukashenko
Aleksandrs Lukašenko | Alexander Lukashenko
Dmitrijus Medvedevas | Dmitry Medvedev
Dmitrijs Medvedevs | Dmitry Medvedev
Igoris Sečinas | Igor Sechin
Igors Sečins | Igor Sechin
Jevgenijus Prigožinas | Yevgeny Prigozhin
Jevgeņijs Prigožins | Yevgeny Prigozhin
Vlagyimir Putyin | Vladimir Putin
Szergej Lavrov | Sergei Lavrov
Dmitrij Medveděv | Dmitry Medvedev
Władimir Putin | Vladimir Putin
Siergiej Ławrow | Sergei Lavrov
Dmitrij Miedwiediew | Dmitry Medvedev
Wladimir Putin | Vladimir Putin
Sergej Lawrow | Sergei Lavrov
Jewgeni Prigoschin | Yevgeny Prigozhin
Ievgueni Prigojine | Yevgeny Prigozhin
Igor Setchine | Igor Sechin
Oļegs Deripaska | Oleg Deripaska
Arkadij Rotenberg | Arkady Rotenberg
Arkadijus Rotenbergas | Arkady Rotenberg
Genadijs Timčenko | Gennady Timchenko
Ališer Usmanov | Alisher Usmanov
Jeļena Petrova | Yelena Petrova
Sergejs Lavrovs | Sergejs Lazarevs | no
Igors Sečins | Igors Šuvalovs | no
Władimir Putin | Władysław Putra | no
Dmitrijus Medvedevas | Dmitrijus Mednikovas | no
""",
    ),
    (
        "missing_middle_or_nickname",
        PER,
        """
Vladimir Putin | Vladimir Vladimirovich Putin
Sergei Lavrov | Sergei Viktorovich Lavrov
Mohammed bin Salman | Mohammed bin Salman bin Abdulaziz Al Saud
Ali Hassan Khalil | Ali Hassan Mohammed Khalil
Juan Carlos Perez | Juan Carlos Perez Gomez
Maria Lopez | Maria Fernanda Lopez
John F. Harrison | John Fitzgerald Harrison
A. K. Sharma | Arun Kumar Sharma
Bill Turner | William Turner
Bob Miller | Robert Miller
Sasha Volkov | Aleksandr Volkov
Misha Orlov | Mikhail Orlov
Volodya Kuznetsov | Vladimir Kuznetsov
Kolya Sidorov | Nikolai Sidorov
Pepe Hernandez | Jose Hernandez
Paco Ruiz | Francisco Ruiz
Chuck Davis | Charles Davis
Tony Russo | Anthony Russo
Dick Walker | Richard Walker
Peggy Moore | Margaret Moore
Liz Carter | Elizabeth Carter
Jim Parker | James Parker
Dima Sokolov | Dmitry Sokolov
Zhenya Popov | Yevgeny Popov
Sveta Ivanova | Svetlana Ivanova
Lucho Garcia | Luis Garcia
Dima Sokolov | Denis Sokolov | no
Tony Russo | Antonio Rossi | no
Bill Turner | Will Tanner | no
""",
    ),
    (
        "number_as_word",
        ORG,
        """
Three Stars Trading LLC | 3 Stars Trading LLC
Seven Seas Shipping | 7 Seas Shipping
First Line Logistics | 1st Line Logistics
Plant Number Five | Plant No. 5
Twenty First Century Holding | 21st Century Holding
Two Rivers Mining Ltd | 2 Rivers Mining Ltd
Nine Dragons Paper | 9 Dragons Paper
Quattro Stagioni SRL | 4 Stagioni SRL
Drei Kronen GmbH | 3 Kronen GmbH
Pyat Zvezd OOO | 5 Zvezd OOO
One Belt Trading | 1 Belt Trading
Eleventh Hour Capital | 11th Hour Capital
Hundred Years Trading | 100 Years Trading
""",
    ),
    (
        "neg_number_differs",
        ORG,
        """
3 Stars Trading LLC | 5 Stars Trading LLC | no
Plant No. 5 | Plant No. 6 | no
Tanker 7 Shipping | Tanker 8 Shipping | no
Eagle 1 Holdings | Eagle 2 Holdings | no
Seven Seas Shipping | Eight Seas Shipping | no
Factory 201 | Factory 210 | no
Unit 8200 Technologies | Unit 8100 Technologies | no
Mercury 21 Ltd | Mercury 12 Ltd | no
Line 2 Logistics | Line 3 Logistics | no
Ocean Star 9 | Ocean Star 19 | no
""",
    ),
    (
        "former_name",
        ORG,
        """
Petrograd Shipyards | Baltic Yard JSC; Petrograd Shipyard
Sibneft OAO | Gazprom Neft PJSC; Sibneft
Vneshtorgbank | VTB Bank PJSC; Vneshtorgbank
Lenmorniiproekt | Morport Design JSC; Lenmorniiproekt OAO
Ural Tractor Works | Chelyabinsk Tractor Plant; Ural Tractor Works
Caspian Freight Line | Kaspi Logistics LLC; Caspian Freight Lines
""",
    ),
    (
        "neg_person_vs_org",
        ORG,
        """
Viktor Orlov Foundation | Viktor Orlov | no
Orlov Holding | Viktor Orlov | no
Petrov & Sons Ltd | Ivan Petrov | no
Stiftung Klaus Richter | Klaus Richter | no
Fundación Carlos Mendoza | Carlos Mendoza | no
Rami Haddad Group | Rami Haddad | no
Ahmad Rahimi Trading Co. | Ahmad Rahimi | no
Viktor Orlov | Viktor Orlov | no
""",
    ),
    (
        "neg_shared_token_hand",
        PER,
        """
Ivan Petrov | Ivan Petrenko | no
Mohammed Saleh | Mohammed Salem | no
Ahmad Karimi | Hamid Karimi | no
Elena Popescu | Elena Popovici | no
Juan Martinez | Javier Martinez | no
""",
    ),
    (
        "neg_shared_token_hand",
        ORG,
        """
Global Trading LLC | Global Mining LLC | no
Aria Shipping Company | Aria Steel Company | no
Eastern Star Trading | Western Star Trading | no
Sepah Investment | Sepanir Investment | no
""",
    ),
)

# (query first, query last, listed first, listed last, label); the query text is given both ways.
STRUCTURED: tuple[tuple[str, str, str, str, bool], ...] = (
    ("Ali", "Hassan", "Hassan", "Ali", False),
    ("James", "Thomas", "Thomas", "James", False),
    ("Martin", "Paul", "Paul", "Martin", False),
    ("George", "Michael", "Michael", "George", False),
    ("Omar", "Khalid", "Khalid", "Omar", False),
    ("Ahmed", "Mahmoud", "Mahmoud", "Ahmed", False),
    ("Henry", "Arthur", "Arthur", "Henry", False),
    ("Ali", "Hassan", "Ali", "Hassan", True),
    ("James", "Thomas", "James", "Thomas", True),
    ("Omar", "Khalid", "Omar", "Khalid", True),
)

# Ordinary names that are on no list: screened against every shared list (at most 2 alerts).
MUST_NOT_MATCH: tuple[tuple[str, Schema], ...] = tuple(
    (name, ORG) for name in (
        "Golden Harvest Foods LLC", "Blue Ocean Logistics Ltd", "Shenzhen Bright Electronics Co., Ltd.",
        "Sunrise Import Export GmbH", "Northern Lights Freight Forwarding AB",
        "Pacific Rim Textiles Pte Ltd", "Green Valley Agro Products Pvt Ltd",
        "Silverline Auto Parts LLC", "Euro Pharma Distribution SRL", "Atlas Industrial Supplies Inc.",
        "Delta Marine Services FZE", "Baltic Timber Export UAB", "Orient Star Packaging Co., Ltd.",
        "Metro Office Furniture Ltd", "Alpine Dairy Products AG", "Rainbow Toys Manufacturing Co.",
        "Prime Logistics Solutions OOO", "Cedar Medical Equipment Trading LLC",
        "Yangtze Hardware Tools Co., Ltd.", "Anatolia Textile Sanayi ve Ticaret A.S.",
        "Mumbai Spices Export Pvt Ltd", "Santos Coffee Exporters Ltda", "Nordic Fish Processing AS",
        "Sahara Building Materials Trading LLC", "Riverside Paper Mills Ltd",
        "Bluebird Electronics Trading 7 LLC", "Lotus Garment Factory No. 3",
        "Continental Tyre Distributors Ltd", "Vistula Steel Trading Sp. z o.o.",
        "Danube Grain Export SRL",
    )
) + tuple(
    (name, PER) for name in (
        "John Smith", "Maria Garcia", "Anna Müller", "Li Wei", "Wang Fang", "Pierre Dubois",
        "Giulia Rossi", "Hans Schmidt", "Yuki Tanaka", "Priya Sharma", "Carlos Rodriguez",
        "Emma Johnson", "Fatima Zahra Benali", "Mehmet Yilmaz", "Katarzyna Nowak", "Jan de Vries",
        "Sofia Papadopoulou", "Lars Andersson", "Nguyen Van Anh", "Ana Silva",
    )
)  # fmt: skip


def pairs() -> list[Pair]:
    found: list[Pair] = []
    for phenomenon, schema, block in BLOCKS:
        for line in block.strip().splitlines():
            fields = [f.strip() for f in line.split(" | ")]
            label = not (len(fields) == 3 and fields[2] == "no")
            candidate = tuple(n.strip() for n in fields[1].split(";"))
            listed_schema: Schema = schema
            if phenomenon == "neg_person_vs_org":
                listed_schema = "Person"
            found.append(
                Pair(
                    "",
                    "handwritten",
                    phenomenon,
                    label,
                    fields[0],
                    candidate,
                    schema,
                    listed_schema,
                )  # fmt: skip
            )
    for first, last, listed_first, listed_last, label in STRUCTURED:
        for query in (f"{first} {last}", f"{last.upper()}, {first}"):
            found.append(
                Pair(
                    "",
                    "handwritten",
                    "structured_first_last",
                    label,
                    query,
                    (f"{listed_first} {listed_last}",),
                    "Person",
                    "Person",
                    (first, last),
                    (listed_first, listed_last),
                )  # fmt: skip
            )
    return [
        Pair(**{**p.__dict__, "id": f"H{i:04d}"})  # type: ignore[arg-type]
        for i, p in enumerate(found, start=1)
    ]

#language: nl

Functionaliteit: personen als GBA persoonslijst

  Scenario: de volledige naam schrijft een reeks spaties als één spatie
    Gegeven de persoon met burgerservicenummer '000000048' heeft de volgende gegevens
    | naam                                 | waarde    |
    | geslachtsaanduiding (04.10)          | M         |
    | voornamen (02.10)                    | Robin Sam |
    | adellijke titel of predicaat (02.20) | G         |
    | voorvoegsel (02.30)                  | van  den  |
    | geslachtsnaam (02.40)                | Aedel     |
    Als personen wordt gezocht met de volgende parameters
    | naam                | waarde                          |
    | type                | RaadpleegMetBurgerservicenummer |
    | burgerservicenummer | 000000048                       |
    | fields              | naam.volledigeNaam              |
    Dan heeft de response een persoon met alleen de volgende 'naam' gegevens
    | naam          | waarde                        |
    | volledigeNaam | Robin Sam graaf van den Aedel |

  Scenario: een gedeeltelijk onbekende geboortedatum is een JaarMaandDatum
    Gegeven de persoon met burgerservicenummer '000000061' heeft de volgende gegevens
    | naam                  | waarde   |
    | geboortedatum (03.10) | 19780300 |
    Als personen wordt gezocht met de volgende parameters
    | naam                | waarde                          |
    | type                | RaadpleegMetBurgerservicenummer |
    | burgerservicenummer | 000000061                       |
    | fields              | geboorte.datum                  |
    Dan heeft de response een persoon met alleen de volgende 'geboorte' gegevens
    | naam              | waarde         |
    | datum.type        | JaarMaandDatum |
    | datum.jaar        | 1978           |
    | datum.maand       | 3              |
    | datum.langFormaat | maart 1978     |

  Scenario: een ouder zonder eigen persoonslijst komt van de persoonslijst van het kind
    Gegeven de persoon met burgerservicenummer '000000073' heeft de volgende gegevens
    | naam                  | waarde |
    | geslachtsnaam (02.40) | Jansen |
    En de persoon heeft een ouder '1' met de volgende gegevens
    | naam                                                | waarde    |
    | burgerservicenummer (01.20)                         | 000000085 |
    | geslachtsnaam (02.40)                               | Jansen    |
    | datum ingang familierechtelijke betrekking (62.10)  | 20200000  |
    Als personen wordt gezocht met de volgende parameters
    | naam                | waarde                          |
    | type                | RaadpleegMetBurgerservicenummer |
    | burgerservicenummer | 000000073                       |
    | fields              | ouders                          |
    Dan heeft de response een persoon met een 'ouder' met de volgende gegevens
    | naam                                                | waarde    |
    | burgerservicenummer                                 | 000000085 |
    | ouderAanduiding                                     | 1         |
    | naam.geslachtsnaam                                  | Jansen    |
    | datumIngangFamilierechtelijkeBetrekking.type        | JaarDatum |
    | datumIngangFamilierechtelijkeBetrekking.jaar        | 2020      |
    | datumIngangFamilierechtelijkeBetrekking.langFormaat | 2020      |

  Abstract Scenario: '<type>' is in onderzoek en voornamen wordt gevraagd
    Gegeven de persoon met burgerservicenummer '000000097' heeft de volgende gegevens
    | naam                            | waarde                    |
    | voornamen (02.10)               | Jan                       |
    | aanduiding in onderzoek (83.10) | <aanduiding in onderzoek> |
    | datum ingang onderzoek (83.20)  | 20020701                  |
    Als personen wordt gezocht met de volgende parameters
    | naam                | waarde                          |
    | type                | RaadpleegMetBurgerservicenummer |
    | burgerservicenummer | 000000097                       |
    | fields              | naam.voornamen                  |
    Dan heeft de response een persoon met de volgende 'naam' gegevens
    | naam                                         | waarde      |
    | voornamen                                    | Jan         |
    | inOnderzoek.voornamen                        | true        |
    | inOnderzoek.datumIngangOnderzoek.type        | Datum       |
    | inOnderzoek.datumIngangOnderzoek.datum       | 2002-07-01  |
    | inOnderzoek.datumIngangOnderzoek.langFormaat | 1 juli 2002 |

    Voorbeelden:
    | aanduiding in onderzoek | type                   |
    | 010000                  | hele categorie persoon |
    | 010200                  | hele groep naam        |
    | 010210                  | voornamen              |

  Scenario: een geslachtsnaam in onderzoek geeft geen inOnderzoek bij voornamen
    Gegeven de persoon met burgerservicenummer '000000097' heeft de volgende gegevens
    | naam                            | waarde   |
    | voornamen (02.10)               | Jan      |
    | aanduiding in onderzoek (83.10) | 010240   |
    | datum ingang onderzoek (83.20)  | 20020701 |
    Als personen wordt gezocht met de volgende parameters
    | naam                | waarde                          |
    | type                | RaadpleegMetBurgerservicenummer |
    | burgerservicenummer | 000000097                       |
    | fields              | naam.voornamen                  |
    Dan heeft de response een persoon met alleen de volgende 'naam' gegevens
    | naam      | waarde |
    | voornamen | Jan    |

  Abstract Scenario: persoon opgeschort met reden "<reden>" wordt niet gevonden bij zoeken
    Gegeven de persoon met burgerservicenummer '000000103' heeft de volgende gegevens
    | geslachtsnaam (02.40) | geboortedatum (03.10) |
    | Maassen               | 19830526              |
    En de persoon heeft de volgende 'inschrijving' gegevens
    | datum opschorting bijhouding (67.10) | reden opschorting bijhouding (67.20) |
    | 20220829                             | <reden>                              |
    Als personen wordt gezocht met de volgende parameters
    | naam                       | waarde                              |
    | type                       | ZoekMetGeslachtsnaamEnGeboortedatum |
    | geslachtsnaam              | Maassen                             |
    | geboortedatum              | 1983-05-26                          |
    | inclusiefOverledenPersonen | true                                |
    | fields                     | burgerservicenummer                 |
    Dan heeft de response 0 personen

    Voorbeelden:
    | reden |
    | F     |
    | W     |

  Scenario: opschorting wegens overlijden telt als overleden bij zoeken
    Gegeven de persoon met burgerservicenummer '000000115' heeft de volgende gegevens
    | geslachtsnaam (02.40) | geboortedatum (03.10) |
    | Maassen               | 19830526              |
    En de persoon heeft de volgende 'inschrijving' gegevens
    | datum opschorting bijhouding (67.10) | reden opschorting bijhouding (67.20) |
    | 20220829                             | O                                    |
    Als personen wordt gezocht met de volgende parameters
    | naam          | waarde                              |
    | type          | ZoekMetGeslachtsnaamEnGeboortedatum |
    | geslachtsnaam | Maassen                             |
    | geboortedatum | 1983-05-26                          |
    | fields        | burgerservicenummer                 |
    Dan heeft de response 0 personen

  Abstract Scenario: aanschrijfwijze en aanhef bij aanduiding naamgebruik "<naamgebruik>"
    Gegeven de persoon met burgerservicenummer '000000127' heeft de volgende gegevens
    | naam                           | waarde        |
    | geslachtsaanduiding (04.10)    | V             |
    | voornamen (02.10)              | Anna          |
    | geslachtsnaam (02.40)          | Groenen       |
    | aanduiding naamgebruik (61.10) | <naamgebruik> |
    En de persoon heeft een 'partner' met de volgende gegevens
    | naam                  | waarde |
    | voorvoegsel (02.30)   | van    |
    | geslachtsnaam (02.40) | Dijk   |
    Als personen wordt gezocht met de volgende parameters
    | naam                | waarde                                         |
    | type                | RaadpleegMetBurgerservicenummer                |
    | burgerservicenummer | 000000127                                      |
    | fields              | adressering.aanschrijfwijze,adressering.aanhef |
    Dan heeft de response een persoon met alleen de volgende 'adressering' gegevens
    | naam                 | waarde            |
    | aanschrijfwijze.naam | <aanschrijfwijze> |
    | aanhef               | <aanhef>          |

    Voorbeelden:
    | naamgebruik | aanschrijfwijze        | aanhef                           |
    | E           | A. Groenen             | Geachte mevrouw Groenen          |
    | P           | A. van Dijk            | Geachte mevrouw Van Dijk         |
    | V           | A. van Dijk-Groenen    | Geachte mevrouw Van Dijk-Groenen |
    | N           | A. Groenen-van Dijk    | Geachte mevrouw Groenen-van Dijk |

  Abstract Scenario: adellijke titel "<titel>" bij geslacht "<geslacht>" in aanschrijfwijze en aanhef
    Gegeven de persoon met burgerservicenummer '000000176' heeft de volgende gegevens
    | naam                                 | waarde     |
    | geslachtsaanduiding (04.10)          | <geslacht> |
    | voornamen (02.10)                    | Anne       |
    | adellijke titel of predicaat (02.20) | <titel>    |
    | voorvoegsel (02.30)                  | van den    |
    | geslachtsnaam (02.40)                | Aedel      |
    Als personen wordt gezocht met de volgende parameters
    | naam                | waarde                                         |
    | type                | RaadpleegMetBurgerservicenummer                |
    | burgerservicenummer | 000000176                                      |
    | fields              | adressering.aanschrijfwijze,adressering.aanhef |
    Dan heeft de response een persoon met alleen de volgende 'adressering' gegevens
    | naam                          | waarde          |
    | aanschrijfwijze.naam          | <naam>          |
    | aanschrijfwijze.aanspreekvorm | <aanspreekvorm> |
    | aanhef                        | <aanhef>        |

    Voorbeelden:
    | titel | geslacht | naam                       | aanspreekvorm            | aanhef                                 |
    | G     | V        | A. gravin van den Aedel    | De hooggeboren vrouwe    | Hooggeboren vrouwe                     |
    | JH    | M        | Jonkheer A. van den Aedel  | De hoogwelgeboren heer   | Hoogwelgeboren heer                    |
    | PS    | O        | A. van den Aedel           | De hoogheid              | Hoogheid                               |
    | R     | V        | A. van den Aedel           |                          | Hoogwelgeboren vrouwe                  |

#language: nl

Functionaliteit: verblijfplaats, adressering en RNI van een persoonslijst

  Scenario: een adres met huisletter en toevoeging in adresregels
    Gegeven de persoon met burgerservicenummer '000000139' heeft de volgende 'verblijfplaats' gegevens
    | functie adres (10.10) |
    | W                     |
    En de 'verblijfplaats' heeft de volgende 'adres' gegevens
    | gemeentecode (92.10) | straatnaam (11.10) | huisnummer (11.20) | huisletter (11.30) | huisnummertoevoeging (11.40) | postcode (11.60) | woonplaats (11.70) |
    | 0518                 | Borgesiusstraat    | 103                | c                  | 2                            | 2497BV           | Scheveningen       |
    Als personen wordt gezocht met de volgende parameters
    | naam                | waarde                                          |
    | type                | RaadpleegMetBurgerservicenummer                 |
    | burgerservicenummer | 000000139                                       |
    | fields              | adressering.adresregel1,adressering.adresregel2 |
    Dan heeft de response een persoon met alleen de volgende 'adressering' gegevens
    | naam        | waarde                 |
    | adresregel1 | Borgesiusstraat 103 c2 |
    | adresregel2 | 2497 BV  SCHEVENINGEN  |

  Scenario: een locatie is een verblijfplaats van het type Locatie
    Gegeven de persoon met burgerservicenummer '000000140' heeft de volgende 'verblijfplaats' gegevens
    | gemeente van inschrijving (09.10) | locatiebeschrijving (12.10) |
    | 0518                              | Woonboot bij de Grote Sloot |
    Als personen wordt gezocht met de volgende parameters
    | naam                | waarde                          |
    | type                | RaadpleegMetBurgerservicenummer |
    | burgerservicenummer | 000000140                       |
    | fields              | verblijfplaats.verblijfadres    |
    Dan heeft de response een persoon met de volgende 'verblijfplaats' gegevens
    | naam                              | waarde                      |
    | type                              | Locatie                     |
    | verblijfadres.locatiebeschrijving | Woonboot bij de Grote Sloot |

  Abstract Scenario: '<type>' is in onderzoek en adresregel1 wordt gevraagd
    Gegeven de persoon met burgerservicenummer '000000152' heeft de volgende 'verblijfplaats' gegevens
    | aanduiding in onderzoek (83.10) | datum ingang onderzoek (83.20) |
    | <aanduiding in onderzoek>       | 20020701                       |
    En de 'verblijfplaats' heeft de volgende 'adres' gegevens
    | gemeentecode (92.10) | straatnaam (11.10) | huisnummer (11.20) |
    | 0518                 | Spui               | 70                 |
    Als personen wordt gezocht met de volgende parameters
    | naam                | waarde                          |
    | type                | RaadpleegMetBurgerservicenummer |
    | burgerservicenummer | 000000152                       |
    | fields              | adressering.adresregel1         |
    Dan heeft de response een persoon met de volgende 'adressering' gegevens
    | naam                                                | waarde      |
    | adresregel1                                         | Spui 70     |
    | inOnderzoek.adresregel1                             | true        |
    | inOnderzoek.datumIngangOnderzoekVerblijfplaats.type        | Datum       |
    | inOnderzoek.datumIngangOnderzoekVerblijfplaats.datum       | 2002-07-01  |
    | inOnderzoek.datumIngangOnderzoekVerblijfplaats.langFormaat | 1 juli 2002 |

    Voorbeelden:
    | aanduiding in onderzoek | type                          |
    | 080000                  | hele categorie verblijfplaats |
    | 081100                  | hele groep adres              |
    | 081120                  | huisnummer                    |

  Scenario: RNI-deelnemer van categorie 01 wordt geleverd als een veld uit die categorie wordt gevraagd
    Gegeven de persoon met burgerservicenummer '000000164' heeft de volgende gegevens
    | naam                         | waarde                                      |
    | geslachtsnaam (02.40)        | Jansen                                      |
    | rni-deelnemer (88.10)        | 0101                                        |
    | omschrijving verdrag (88.20) | Belastingverdrag tussen België en Nederland |
    Als personen wordt gezocht met de volgende parameters
    | naam                | waarde                          |
    | type                | RaadpleegMetBurgerservicenummer |
    | burgerservicenummer | 000000164                       |
    | fields              | naam.geslachtsnaam              |
    Dan heeft de response een persoon met de volgende 'naam' gegevens
    | naam          | waarde |
    | geslachtsnaam | Jansen |
    En heeft de persoon een 'rni' met de volgende gegevens
    | naam                   | waarde                                          |
    | deelnemer.code         | 0101                                            |
    | deelnemer.omschrijving | Belastingdienst (inzake heffingen en toeslagen) |
    | omschrijvingVerdrag    | Belastingverdrag tussen België en Nederland     |
    | categorie              | Persoon                                         |

  Scenario: RNI-deelnemer van categorie 01 wordt niet geleverd als alleen velden uit een andere categorie worden gevraagd
    Gegeven de persoon met burgerservicenummer '000000164' heeft de volgende gegevens
    | naam                  | waarde |
    | geslachtsnaam (02.40) | Jansen |
    | rni-deelnemer (88.10) | 0101   |
    En de persoon heeft de volgende 'verblijfplaats' gegevens
    | gemeente van inschrijving (09.10) |
    | 0518                              |
    Als personen wordt gezocht met de volgende parameters
    | naam                | waarde                          |
    | type                | RaadpleegMetBurgerservicenummer |
    | burgerservicenummer | 000000164                       |
    | fields              | gemeenteVanInschrijving         |
    Dan heeft de response een persoon met de volgende gegevens
    | naam                                 | waarde        |
    | gemeenteVanInschrijving.code         | 0518          |
    | gemeenteVanInschrijving.omschrijving | 's-Gravenhage |

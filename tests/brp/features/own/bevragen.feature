#language: nl

Functionaliteit: bevragen: wat de API van een persoonslijst levert en wat niet

  Scenario: een RNI-deelnemer van de inschrijving geeft geen rni, en een verdrag mag haakjes hebben
    Gegeven de persoon met burgerservicenummer '000000401' heeft de volgende 'inschrijving' gegevens
    | naam                         | waarde                |
    | rni-deelnemer (88.10)        | 0101                  |
    | omschrijving verdrag (88.20) | Verdrag (bilateraal)  |
    En de persoon heeft de volgende 'verblijfplaats' gegevens
    | naam                         | waarde                |
    | land (13.10)                 | 5010                  |
    | rni-deelnemer (88.10)        | 201                   |
    | omschrijving verdrag (88.20) | Verdrag (bilateraal)  |
    Als personen wordt gezocht met de volgende parameters
    | naam                | waarde                          |
    | type                | RaadpleegMetBurgerservicenummer |
    | burgerservicenummer | 000000401                       |
    | fields              | verblijfplaats.type             |
    Dan heeft de response een persoon met de volgende 'verblijfplaats' gegevens
    | naam | waarde                   |
    | type | VerblijfplaatsBuitenland |
    En heeft de persoon een 'rni' met de volgende gegevens
    | naam                   | waarde                                            |
    | deelnemer.code         | 0201                                              |
    | deelnemer.omschrijving | Sociale Verzekeringsbank (inzake AOW, Anw en AKW) |
    | omschrijvingVerdrag    | Verdrag (bilateraal)                              |
    | categorie              | Verblijfplaats                                    |

  Scenario: de RNI-deelnemer van een beëindigde nationaliteit wordt niet geleverd
    Gegeven de persoon met burgerservicenummer '000000413' heeft een 'nationaliteit' met de volgende gegevens
    | nationaliteit (05.10) | rni-deelnemer (88.10) |
    | 0263                  | 0501                  |
    En de 'nationaliteit' is gewijzigd naar de volgende gegevens
    | reden beëindigen (64.10) | rni-deelnemer (88.10) |
    | 404                      | 0501                  |
    Als personen wordt gezocht met de volgende parameters
    | naam                | waarde                          |
    | type                | RaadpleegMetBurgerservicenummer |
    | burgerservicenummer | 000000413                       |
    | fields              | nationaliteiten                 |
    Dan heeft de response een persoon zonder nationaliteiten

  Abstract Scenario: leeftijd bij een geboortedatum met onbekende dag in <wanneer>
    Gegeven de persoon met burgerservicenummer '000000425' heeft de volgende gegevens
    | naam                  | waarde          |
    | geboortedatum (03.10) | <geboortedatum> |
    Als personen wordt gezocht met de volgende parameters
    | naam                | waarde                          |
    | type                | RaadpleegMetBurgerservicenummer |
    | burgerservicenummer | 000000425                       |
    | fields              | leeftijd                        |
    Dan heeft de response een persoon met de volgende gegevens
    | naam     | waarde     |
    | leeftijd | <leeftijd> |

    Voorbeelden:
    | wanneer                                  | geboortedatum            | leeftijd |
    | een eerdere maand van het jaar           | vorige maand - 30 jaar   | 30       |
    | een latere maand van het jaar            | volgende maand - 30 jaar | 29       |
    | de huidige maand: de verjaardag is onzeker | deze maand - 30 jaar   |          |

  Abstract Scenario: wie op 29 februari is geboren wordt op <dag> <leeftijd>
    Gegeven de persoon met burgerservicenummer '000000437' heeft de volgende gegevens
    | naam                  | waarde   |
    | geboortedatum (03.10) | 20000229 |
    Als personen op '<dag>' wordt gezocht met de volgende parameters
    | naam                | waarde                          |
    | type                | RaadpleegMetBurgerservicenummer |
    | burgerservicenummer | 000000437                       |
    | fields              | leeftijd                        |
    Dan heeft de response een persoon met de volgende gegevens
    | naam     | waarde     |
    | leeftijd | <leeftijd> |

    Voorbeelden:
    | dag              | leeftijd |
    | 28 februari 2021 | 20       |
    | 1 maart 2021     | 21       |
    | 29 februari 2024 | 24       |

  Abstract Scenario: uitsluiting van kiesrecht met einddatum <einddatum> wordt <wel of niet> geleverd
    Gegeven de persoon met burgerservicenummer '000000449' heeft de volgende 'kiesrecht' gegevens
    | aanduiding uitgesloten kiesrecht (38.10) | einddatum uitsluiting kiesrecht (38.20) | Europees kiesrecht (31.10) | einddatum uitsluiting Europees kiesrecht (31.30) |
    | A                                        | <einddatum>                             | 1                          | <einddatum>                                      |
    Als personen wordt gezocht met de volgende parameters
    | naam                | waarde                                                                |
    | type                | RaadpleegMetBurgerservicenummer                                       |
    | burgerservicenummer | 000000449                                                             |
    | fields              | uitsluitingKiesrecht.uitgeslotenVanKiesrecht,europeesKiesrecht.aanduiding |
    Dan heeft de response een persoon met de volgende gegevens
    | naam                                         | waarde       |
    | uitsluitingKiesrecht.uitgeslotenVanKiesrecht | <uitgesloten> |
    | europeesKiesrecht.aanduiding.code            | <code>       |
    | europeesKiesrecht.aanduiding.omschrijving    | <omschrijving> |

    Voorbeelden:
    | einddatum      | wel of niet | uitgesloten | code | omschrijving           |
    | morgen         | wel         | true        | 1    | persoon is uitgesloten |
    | deze maand     | wel         | true        | 1    | persoon is uitgesloten |
    | 00000000       | wel         | true        | 1    | persoon is uitgesloten |
    | vandaag        | niet        |             |      |                        |
    | vorige maand   | niet        |             |      |                        |
    | vorig jaar     | niet        |             |      |                        |

  Abstract Scenario: een verblijfstitel <titel> wordt niet geleverd
    Gegeven de persoon met burgerservicenummer '000000450' heeft de volgende 'verblijfstitel' gegevens
    | aanduiding verblijfstitel (39.10) | datum einde verblijfstitel (39.20) |
    | <aanduiding>                      | <einde>                            |
    Als personen wordt gezocht met de volgende parameters
    | naam                | waarde                                    |
    | type                | RaadpleegMetBurgerservicenummer           |
    | burgerservicenummer | 000000450                                 |
    | fields              | burgerservicenummer,verblijfstitel        |
    Dan heeft de response een persoon met alleen de volgende gegevens
    | naam                | waarde    |
    | burgerservicenummer | 000000450 |

    Voorbeelden:
    | titel                         | aanduiding | einde    |
    | die vandaag is geëindigd      | 37         | vandaag  |
    | die vorig jaar is geëindigd   | 37         | vorig jaar |
    | "98" (geen verblijfstitel)    | 98         |          |

  Scenario: een onbekende verblijfstitel wordt met zijn omschrijving geleverd
    Gegeven de persoon met burgerservicenummer '000000462' heeft de volgende 'verblijfstitel' gegevens
    | aanduiding verblijfstitel (39.10) |
    | 00                                |
    Als personen wordt gezocht met de volgende parameters
    | naam                | waarde                          |
    | type                | RaadpleegMetBurgerservicenummer |
    | burgerservicenummer | 000000462                       |
    | fields              | verblijfstitel                  |
    Dan heeft de response een persoon met de volgende 'verblijfstitel' gegevens
    | naam                    | waarde   |
    | aanduiding.code         | 00       |
    | aanduiding.omschrijving | Onbekend |

  Scenario: standaardwaarden worden niet geleverd, de groep waarin ze staan wel
    Gegeven de persoon met burgerservicenummer '000000474' heeft de volgende gegevens
    | geboorteplaats (03.20) | geboorteland (03.30) |
    | 0000                   | 0000                 |
    En de persoon heeft een 'nationaliteit' met de volgende gegevens
    | nationaliteit (05.10) | reden opnemen (63.10) |
    | 0002                  | 000                   |
    Als personen wordt gezocht met de volgende parameters
    | naam                | waarde                                  |
    | type                | RaadpleegMetBurgerservicenummer         |
    | burgerservicenummer | 000000474                               |
    | fields              | geboorte.plaats,geboorte.land,nationaliteiten |
    Dan heeft de response een persoon met een 'nationaliteit' met de volgende gegevens
    | naam | waarde                  |
    | type | BehandeldAlsNederlander |
    En heeft de persoon geen 'geboorte' gegevens

  Scenario: een groep zonder categorie wordt niet geleverd
    Gegeven de persoon met burgerservicenummer '000000486' heeft de volgende gegevens
    | naam                  | waarde |
    | geslachtsnaam (02.40) | Smit   |
    Als personen wordt gezocht met de volgende parameters
    | naam                | waarde                                                                              |
    | type                | RaadpleegMetBurgerservicenummer                                                     |
    | burgerservicenummer | 000000486                                                                           |
    | fields              | overlijden,verblijfplaats,immigratie,verblijfstitel,europeesKiesrecht,uitsluitingKiesrecht |
    Dan heeft de response een persoon zonder gegevens

  Scenario: vestiging vanuit het buitenland blijkt uit de datum vestiging in Nederland
    Gegeven de persoon met burgerservicenummer '000000498' heeft de volgende 'verblijfplaats' gegevens
    | datum vestiging in Nederland (14.20) |
    | 19950000                             |
    Als personen wordt gezocht met de volgende parameters
    | naam                | waarde                                        |
    | type                | RaadpleegMetBurgerservicenummer               |
    | burgerservicenummer | 000000498                                     |
    | fields              | immigratie.indicatieVestigingVanuitBuitenland |
    Dan heeft de response een persoon met de volgende 'immigratie' gegevens
    | naam                               | waarde |
    | indicatieVestigingVanuitBuitenland | true   |

  Scenario: opschorting met onbekende reden, verificatie en de indicaties van de gezagsverhouding
    Gegeven de persoon met burgerservicenummer '000000504' heeft de volgende 'inschrijving' gegevens
    | reden opschorting bijhouding (67.20) | datum verificatie (71.10) | omschrijving verificatie (71.20) |
    | .                                    | 20110300                  | paspoort gezien                  |
    En de persoon heeft de volgende 'gezagsverhouding' gegevens
    | indicatie gezag minderjarige (32.10) | indicatie curateleregister (33.10) |
    | 1D                                   | 1                                  |
    Als personen wordt gezocht met de volgende parameters
    | naam                | waarde                                                 |
    | type                | RaadpleegMetBurgerservicenummer                        |
    | burgerservicenummer | 000000504                                              |
    | fields              | indicatieGezagMinderjarige,indicatieCurateleRegister   |
    Dan heeft de response een persoon met de volgende gegevens
    | naam                                     | waarde                               |
    | indicatieGezagMinderjarige.code          | 1D                                   |
    | indicatieGezagMinderjarige.omschrijving  | Ouder1 en een derde hebben het gezag |
    | indicatieCurateleRegister                | true                                 |
    | opschortingBijhouding.reden.code         | .                                    |
    | opschortingBijhouding.reden.omschrijving | onbekend                             |
    | verificatie.datum.type                   | JaarMaandDatum                       |
    | verificatie.datum.jaar                   | 2011                                 |
    | verificatie.datum.maand                  | 3                                    |
    | verificatie.datum.langFormaat            | maart 2011                           |
    | verificatie.omschrijving                 | paspoort gezien                      |

  Scenario: wie alleen in een gemeente is ingeschreven wordt in die gemeente gevonden
    Gegeven de persoon met burgerservicenummer '000000516' heeft de volgende gegevens
    | geslachtsnaam (02.40) | voornamen (02.10) |
    | Bakker                | Anna              |
    En de persoon heeft de volgende 'verblijfplaats' gegevens
    | gemeente van inschrijving (09.10) |
    | 0344                              |
    Als personen wordt gezocht met de volgende parameters
    | naam                    | waarde                               |
    | type                    | ZoekMetNaamEnGemeenteVanInschrijving |
    | geslachtsnaam           | Bakker                               |
    | voornamen               | Anna                                 |
    | gemeenteVanInschrijving | 0344                                 |
    | fields                  | burgerservicenummer                  |
    Dan heeft de response een persoon met de volgende gegevens
    | naam                | waarde    |
    | burgerservicenummer | 000000516 |

  Scenario: een ouder met alleen administratieve groepen wordt niet geleverd
    Gegeven de persoon met burgerservicenummer '000000528' heeft een ouder '1' met de volgende gegevens
    | geslachtsnaam (02.40) | geslachtsaanduiding (04.10) |
    | Visser                | M                           |
    En de persoon heeft een ouder '2' met de volgende gegevens
    | aktenummer (81.20) | datum ingang geldigheid (85.10) |
    | 1AB0001            | 20200101                        |
    Als personen wordt gezocht met de volgende parameters
    | naam                | waarde                          |
    | type                | RaadpleegMetBurgerservicenummer |
    | burgerservicenummer | 000000528                       |
    | fields              | ouders.ouderAanduiding          |
    Dan heeft de response een persoon met een 'ouder' met de volgende gegevens
    | naam            | waarde |
    | ouderAanduiding | 1      |

  Scenario: een verblijfplaats zonder adres, locatie of land en een persoon zonder naam worden niet geleverd
    Gegeven de persoon met burgerservicenummer '000000530' heeft de volgende 'verblijfplaats' gegevens
    | datum aanvang adreshouding (10.30) | gemeente van inschrijving (09.10) |
    | 20190301                           | 0363                              |
    Als personen wordt gezocht met de volgende parameters
    | naam                | waarde                          |
    | type                | RaadpleegMetBurgerservicenummer |
    | burgerservicenummer | 000000530                       |
    | fields              | verblijfplaats,naam             |
    Dan heeft de response een persoon zonder gegevens

  Scenario: zestien nullen zijn de standaardwaarde van een BAG-identificatie
    Gegeven de persoon met burgerservicenummer '000000541' heeft de volgende 'verblijfplaats' gegevens
    | straatnaam (11.10) | identificatiecode verblijfplaats (11.80) | identificatiecode nummeraanduiding (11.90) |
    | Dorpsstraat        | 0000000000000000                         | 0000000000000000                           |
    Als personen wordt gezocht met de volgende parameters
    | naam                | waarde                                                                               |
    | type                | RaadpleegMetBurgerservicenummer                                                      |
    | burgerservicenummer | 000000541                                                                            |
    | fields              | verblijfplaats.adresseerbaarObjectIdentificatie,verblijfplaats.nummeraanduidingIdentificatie |
    Dan heeft de response een persoon met de volgende 'verblijfplaats' gegevens
    | naam | waarde |
    | type | Adres  |

  Scenario: een veld zonder waarde wordt niet in onderzoek genoemd
    Gegeven de persoon met burgerservicenummer '000000553' heeft de volgende gegevens
    | aanduiding in onderzoek (83.10) | datum ingang onderzoek (83.20) |
    | 010100                          | 20200101                       |
    Als personen wordt gezocht met de volgende parameters
    | naam                | waarde                          |
    | type                | RaadpleegMetBurgerservicenummer |
    | burgerservicenummer | 000000553                       |
    | fields              | aNummer                         |
    Dan heeft de response een persoon zonder gegevens

  Scenario: een gezochte persoon zonder adresregels krijgt geen lege adressering
    Gegeven de persoon met burgerservicenummer '000000565' heeft de volgende gegevens
    | geslachtsnaam (02.40) | geboortedatum (03.10) |
    | Mulder                | 19700101              |
    En de persoon heeft de volgende 'verblijfplaats' gegevens
    | land (13.10) |
    | 5010         |
    Als personen wordt gezocht met de volgende parameters
    | naam          | waarde                              |
    | type          | ZoekMetGeslachtsnaamEnGeboortedatum |
    | geslachtsnaam | Mulder                              |
    | geboortedatum | 1970-01-01                          |
    | fields        | adressering.adresregel1             |
    Dan heeft de response een persoon zonder gegevens

  Scenario: van een ouder wordt een bestaande groep leeg geleverd en een ontbrekende groep niet
    Gegeven de persoon met burgerservicenummer '000000577' heeft een ouder '1' met de volgende gegevens
    | geslachtsnaam (02.40) | geslachtsaanduiding (04.10) |
    | .                     | V                           |
    Als personen wordt gezocht met de volgende parameters
    | naam                | waarde                          |
    | type                | RaadpleegMetBurgerservicenummer |
    | burgerservicenummer | 000000577                       |
    | fields              | ouders                          |
    Dan heeft de response een persoon met een 'ouder' met de volgende gegevens
    | naam                  | waarde |
    | ouderAanduiding       | 1      |
    | geslacht.code         | V      |
    | geslacht.omschrijving | vrouw  |
    En heeft het 'ouder' geen 'naam' gegevens

  Scenario: een kind waarvan alleen de administratieve groepen over zijn na een ontkenning wordt niet geleverd
    Gegeven de persoon met burgerservicenummer '000000589' heeft een 'kind' met de volgende gegevens
    | voornamen (02.10) | geslachtsnaam (02.40) | beschrijving document (82.30) |
    | Tim               | Bos                   | akte 1                        |
    En het 'kind' is gecorrigeerd naar de volgende gegevens
    | beschrijving document (82.30) | datum van opneming (86.10) |
    | vonnis 2                      | 20100301                   |
    Als personen wordt gezocht met de volgende parameters
    | naam                | waarde                          |
    | type                | RaadpleegMetBurgerservicenummer |
    | burgerservicenummer | 000000589                       |
    | fields              | kinderen                        |
    Dan heeft de response een persoon zonder 'kind' gegevens

  Scenario: een locatie in onderzoek geeft het type in onderzoek, ook als alleen de geldigheid wordt gevraagd
    Gegeven de persoon met burgerservicenummer '000000590' heeft de volgende 'verblijfplaats' gegevens
    | aanduiding in onderzoek (83.10) | datum ingang onderzoek (83.20) |
    | 081210                          | 20200101                       |
    En de 'verblijfplaats' heeft de volgende 'adres' gegevens
    | gemeente_code | locatiebeschrijving (12.10) |
    | 0518          | Ligplaats bij de sluis      |
    Als personen wordt gezocht met de volgende parameters
    | naam                | waarde                               |
    | type                | RaadpleegMetBurgerservicenummer      |
    | burgerservicenummer | 000000590                            |
    | fields              | verblijfplaats.datumIngangGeldigheid |
    Dan heeft de response een persoon met de volgende 'verblijfplaats' gegevens
    | naam                                         | waarde         |
    | type                                         | Locatie        |
    | inOnderzoek.type                             | true           |
    | inOnderzoek.datumIngangOnderzoek.type        | Datum          |
    | inOnderzoek.datumIngangOnderzoek.datum       | 2020-01-01     |
    | inOnderzoek.datumIngangOnderzoek.langFormaat | 1 januari 2020 |

  Scenario: de gemeentecode van het adres is niet de gemeente van inschrijving
    Gegeven de persoon met burgerservicenummer '000000602' heeft de volgende 'verblijfplaats' gegevens
    | datum aanvang adreshouding (10.30) |
    | 20190301                           |
    En de 'verblijfplaats' heeft de volgende 'adres' gegevens
    | gemeentecode (92.10) | straatnaam (11.10) |
    | 0518                 | Spui               |
    Als personen wordt gezocht met de volgende parameters
    | naam                | waarde                                       |
    | type                | RaadpleegMetBurgerservicenummer              |
    | burgerservicenummer | 000000602                                    |
    | fields              | burgerservicenummer,gemeenteVanInschrijving  |
    Dan heeft de response een persoon met alleen de volgende gegevens
    | naam                | waarde    |
    | burgerservicenummer | 000000602 |

  Scenario: een niet bestaand deel van een waardetabel of datum geeft het hele veld
    Gegeven de persoon met burgerservicenummer '000000614' heeft de volgende gegevens
    | geslachtsaanduiding (04.10) | geboortedatum (03.10) |
    | V                           | 19900000              |
    Als personen wordt gezocht met de volgende parameters
    | naam                | waarde                                            |
    | type                | RaadpleegMetBurgerservicenummer                   |
    | burgerservicenummer | 000000614                                         |
    | fields              | geslacht.nietBestaand,geboorte.datum.nietBestaand |
    Dan heeft de response een persoon met de volgende gegevens
    | naam                         | waarde    |
    | geslacht.code                | V         |
    | geslacht.omschrijving        | vrouw     |
    | geboorte.datum.type          | JaarDatum |
    | geboorte.datum.jaar          | 1990      |
    | geboorte.datum.langFormaat   | 1990      |

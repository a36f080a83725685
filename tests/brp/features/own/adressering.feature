#language: nl

Functionaliteit: aanhef, aanschrijfwijze en gebruikInLopendeTekst, voorletters en 'vastgesteld verblijft niet op adres'

  Abstract Scenario: <omschrijving>
    Gegeven de persoon met burgerservicenummer '000000201' heeft de volgende gegevens
    | naam                             | waarde            |
    | voornamen (02.10)                | Maria Louise      |
    | adellijke titel of predicaat (02.20) | <titel>       |
    | voorvoegsel (02.30)              | van               |
    | geslachtsnaam (02.40)            | Hoogeveen         |
    | geslachtsaanduiding (04.10)      | <geslacht>        |
    | aanduiding naamgebruik (61.10)   | <naamgebruik>     |
    En de persoon heeft een 'partner' met de volgende gegevens
    | naam                                 | waarde         |
    | adellijke titel of predicaat (02.20) | <partnertitel> |
    | voorvoegsel (02.30)                  | de             |
    | geslachtsnaam (02.40)                | Wolde          |
    Als personen wordt gezocht met de volgende parameters
    | naam                | waarde                          |
    | type                | RaadpleegMetBurgerservicenummer |
    | burgerservicenummer | 000000201                       |
    | fields              | adressering                     |
    Dan heeft de response een persoon met alleen de volgende 'adressering' gegevens
    | naam                          | waarde          |
    | aanhef                        | <aanhef>        |
    | aanschrijfwijze.naam          | <naam>          |
    | aanschrijfwijze.aanspreekvorm | <aanspreekvorm> |
    | gebruikInLopendeTekst         | <lopend>        |

    Voorbeelden:
    | titel | geslacht | naamgebruik | partnertitel | aanhef                       | naam                                 | aanspreekvorm            | lopend                              | omschrijving                                                   |
    |       | V        | E           |              | Geachte mevrouw Van Hoogeveen | M.L. van Hoogeveen                  |                          | mevrouw Van Hoogeveen               | eigen naam                                                     |
    |       | V        | V           |              | Geachte mevrouw De Wolde-van Hoogeveen | M.L. de Wolde-van Hoogeveen |                          | mevrouw De Wolde-van Hoogeveen      | naam partner voor eigen naam                                   |
    |       | O        | N           |              | Geachte M.L. van Hoogeveen-de Wolde | M.L. van Hoogeveen-de Wolde   |                          | M.L. van Hoogeveen-de Wolde         | geslacht onbekend: voorletters in aanhef en lopende tekst      |
    | G     | M        | E           |              | Hooggeboren heer             | M.L. graaf van Hoogeveen             | De hooggeboren heer      | graaf van Hoogeveen                 | adellijke titel in de vorm van het geslacht                    |
    | G     | M        | N           |              | Hooggeboren heer             | M.L. graaf van Hoogeveen-de Wolde    | De hooggeboren heer      | graaf van Hoogeveen-de Wolde        | adellijke titel bij de eigen naam, partnernaam erna            |
    | G     | M        | V           |              | Hooggeboren heer             | M.L. de Wolde-graaf van Hoogeveen    | De hooggeboren heer      | de heer De Wolde-graaf van Hoogeveen | adellijke titel bij de eigen naam, partnernaam ervoor         |
    | G     | M        | P           |              | Geachte heer De Wolde        | M.L. de Wolde                        |                          | de heer De Wolde                    | bij naamgebruik P geen eigen titel                             |
    | R     | V        | E           |              | Hoogwelgeboren vrouwe        | M.L. van Hoogeveen                   |                          | mevrouw Van Hoogeveen               | ridder heeft geen vrouwelijke vorm                             |
    | JH    | M        | N           |              | Hoogwelgeboren heer          | Jonkheer M.L. van Hoogeveen-de Wolde | De hoogwelgeboren heer   | jonkheer van Hoogeveen-de Wolde     | predicaat voor de voorletters                                  |
    | JV    | V        | E           |              | Geachte mevrouw Van Hoogeveen | M.L. van Hoogeveen                  |                          | mevrouw Van Hoogeveen               | vrouw met predicaat en actuele partner: geen predicaat         |
    | P     | O        | E           |              | Hoogheid                     | M.L. van Hoogeveen                   | De hoogheid              | M.L. van Hoogeveen                  | prins bij geslacht onbekend                                    |
    |       | V        | V           | B            | Hoogwelgeboren vrouwe        | M.L. barones de Wolde-van Hoogeveen  | De hoogwelgeboren vrouwe | barones de Wolde-van Hoogeveen      | hoffelijkheidstitel van de partner                             |
    |       | V        | N           | M            | Hoogwelgeboren vrouwe        | M.L. van Hoogeveen-markiezin de Wolde | De hoogwelgeboren vrouwe | mevrouw Van Hoogeveen-markiezin de Wolde | hoffelijkheidstitel na de eigen naam                     |
    | B     | V        | P           | G            | Hooggeboren vrouwe           | M.L. gravin de Wolde                 | De hooggeboren vrouwe    | gravin de Wolde                     | hoffelijkheidstitel gaat voor de eigen titel                   |
    |       | V        | E           | G            | Geachte mevrouw Van Hoogeveen | M.L. van Hoogeveen                  |                          | mevrouw Van Hoogeveen               | geen hoffelijkheidstitel bij eigen naam                        |
    |       | V        | P           | JH           | Geachte mevrouw De Wolde     | M.L. de Wolde                        |                          | mevrouw De Wolde                    | een predicaat geeft geen hoffelijkheidstitel                   |

  Scenario: predicaat van een vrouw met een ontbonden huwelijk en eigen naam
    Gegeven de persoon met burgerservicenummer '000000202' heeft de volgende gegevens
    | voornamen (02.10) | adellijke titel of predicaat (02.20) | geslachtsnaam (02.40) | geslachtsaanduiding (04.10) | aanduiding naamgebruik (61.10) |
    | Anne              | JV                                   | Rijckevorsel          | V                           | E                              |
    En de persoon heeft een 'partner' met de volgende gegevens
    | geslachtsnaam (02.40) | datum huwelijkssluiting/aangaan geregistreerd partnerschap (06.10) |
    | Bosch                 | 19900101                                                           |
    En de 'partner' is gewijzigd naar de volgende gegevens
    | datum ontbinding huwelijk/geregistreerd partnerschap (07.10) |
    | 20050505                                                     |
    Als personen wordt gezocht met de volgende parameters
    | naam                | waarde                          |
    | type                | RaadpleegMetBurgerservicenummer |
    | burgerservicenummer | 000000202                       |
    | fields              | adressering.aanhef,adressering.aanschrijfwijze |
    Dan heeft de response een persoon met alleen de volgende 'adressering' gegevens
    | naam                          | waarde                   |
    | aanhef                        | Hoogwelgeboren vrouwe    |
    | aanschrijfwijze.naam          | Jonkvrouw A. Rijckevorsel |
    | aanschrijfwijze.aanspreekvorm | De hoogwelgeboren vrouwe |

  Abstract Scenario: onbekende geslachtsnaam bij naamgebruik <naamgebruik>
    Gegeven de persoon met burgerservicenummer '000000203' heeft de volgende gegevens
    | voornamen (02.10) | adellijke titel of predicaat (02.20) | geslachtsnaam (02.40) | geslachtsaanduiding (04.10) | aanduiding naamgebruik (61.10) |
    | Kees              | <titel>                              | .                     | M                           | <naamgebruik>                  |
    En de persoon heeft een 'partner' met de volgende gegevens
    | geslachtsnaam (02.40) |
    | Smit                  |
    Als personen wordt gezocht met de volgende parameters
    | naam                | waarde                                                                           |
    | type                | RaadpleegMetBurgerservicenummer                                                  |
    | burgerservicenummer | 000000203                                                                        |
    | fields              | adressering.aanhef,adressering.aanschrijfwijze,adressering.gebruikInLopendeTekst |
    Dan heeft de response een persoon met alleen de volgende 'adressering' gegevens
    | naam                  | waarde   |
    | aanhef                | <aanhef> |
    | aanschrijfwijze.naam  | <naam>   |
    | aanschrijfwijze.aanspreekvorm | <aanspreekvorm> |
    | gebruikInLopendeTekst | <lopend> |

    Voorbeelden:
    | titel | naamgebruik | aanhef              | naam     | aanspreekvorm          | lopend       |
    |       | E           |                     |          |                        |              |
    |       | N           |                     |          |                        |              |
    |       | P           | Geachte heer Smit   | K. Smit  |                        | de heer Smit |
    | B     | E           | Hoogwelgeboren heer | K. baron | De hoogwelgeboren heer | baron        |

  Scenario: bij meerdere actuele partners telt de oudste relatie, een onbekende datum eerst
    Gegeven de persoon met burgerservicenummer '000000204' heeft de volgende gegevens
    | geslachtsnaam (02.40) | geslachtsaanduiding (04.10) | aanduiding naamgebruik (61.10) |
    | Vos                   | M                           | V                              |
    En de persoon heeft een 'partner' met de volgende gegevens
    | geslachtsnaam (02.40) | datum huwelijkssluiting/aangaan geregistreerd partnerschap (06.10) |
    | Eerste                | 19700101                                                           |
    En de persoon heeft een 'partner' met de volgende gegevens
    | geslachtsnaam (02.40) | datum huwelijkssluiting/aangaan geregistreerd partnerschap (06.10) |
    | Onbekend              | 00000000                                                           |
    Als personen wordt gezocht met de volgende parameters
    | naam                | waarde                          |
    | type                | RaadpleegMetBurgerservicenummer |
    | burgerservicenummer | 000000204                       |
    | fields              | adressering.aanhef              |
    Dan heeft de response een persoon met alleen de volgende 'adressering' gegevens
    | naam   | waarde                     |
    | aanhef | Geachte heer Onbekend-Vos  |

  Scenario: de naam van de partner in onderzoek telt alleen bij de oudste relatie
    Gegeven de persoon met burgerservicenummer '000000205' heeft een 'partner' met de volgende gegevens
    | geslachtsnaam (02.40) | datum huwelijkssluiting/aangaan geregistreerd partnerschap (06.10) | aanduiding in onderzoek (83.10) | datum ingang onderzoek (83.20) |
    | Later                 | 19800101                                                           | 050240                          | 20100301                       |
    En de persoon heeft nog een 'partner' met de volgende gegevens
    | geslachtsnaam (02.40) | datum huwelijkssluiting/aangaan geregistreerd partnerschap (06.10) |
    | Eerder                | 19750101                                                           |
    Als personen wordt gezocht met de volgende parameters
    | naam                | waarde                          |
    | type                | RaadpleegMetBurgerservicenummer |
    | burgerservicenummer | 000000205                       |
    | fields              | adressering.aanhef              |
    Dan heeft de response een persoon met een leeg 'adressering' object

  Abstract Scenario: de naam van de partner van de oudste relatie in onderzoek bij naamgebruik <naamgebruik>
    Gegeven de persoon met burgerservicenummer '000000209' heeft de volgende gegevens
    | geslachtsnaam (02.40) | geslachtsaanduiding (04.10) | aanduiding naamgebruik (61.10) |
    | Mulder                | V                           | <naamgebruik>                  |
    En de persoon heeft een 'partner' met de volgende gegevens
    | geslachtsnaam (02.40) | datum huwelijkssluiting/aangaan geregistreerd partnerschap (06.10) | aanduiding in onderzoek (83.10) | datum ingang onderzoek (83.20) |
    | Kok                   | 19750101                                                           | 050200                          | 20100301                       |
    Als personen wordt gezocht met de volgende parameters
    | naam                | waarde                          |
    | type                | RaadpleegMetBurgerservicenummer |
    | burgerservicenummer | 000000209                       |
    | fields              | adressering.aanhef              |
    Dan heeft de response een persoon met alleen de volgende 'adressering' gegevens
    | naam                                                | waarde                    |
    | aanhef                                              | <aanhef>                  |
    | inOnderzoek.aanhef                                  | <io>                      |
    | inOnderzoek.datumIngangOnderzoekPartner.type        | <io type>                 |
    | inOnderzoek.datumIngangOnderzoekPartner.datum       | <io datum>                |
    | inOnderzoek.datumIngangOnderzoekPartner.langFormaat | <io lang>                 |

    Voorbeelden:
    | naamgebruik | aanhef                     | io   | io type | io datum   | io lang      |
    | N           | Geachte mevrouw Mulder-Kok | true | Datum   | 2010-03-01 | 1 maart 2010 |
    | E           | Geachte mevrouw Mulder     |      |         |            |              |

  Abstract Scenario: voorletters van '<voornamen>'
    Gegeven de persoon met burgerservicenummer '000000206' heeft de volgende gegevens
    | voornamen (02.10) |
    | <voornamen>       |
    Als personen wordt gezocht met de volgende parameters
    | naam                | waarde                          |
    | type                | RaadpleegMetBurgerservicenummer |
    | burgerservicenummer | 000000206                       |
    | fields              | naam.voorletters                |
    Dan heeft de response een persoon met alleen de volgende 'naam' gegevens
    | naam        | waarde        |
    | voorletters | <voorletters> |

    Voorbeelden:
    | voornamen        | voorletters |
    | Pieter Jan       | P.J.        |
    | Willem-Alexander | W.          |
    | Karel X          | K.X         |
    | X Karel          | X K.        |
    | B C D            | B C D       |

  Scenario: vastgesteld verblijft niet op adres in adressering en verblijfplaats
    Gegeven de persoon met burgerservicenummer '000000207' heeft de volgende 'verblijfplaats' gegevens
    | aanduiding in onderzoek (83.10) | datum ingang onderzoek (83.20) |
    | 089999                          | 20150615                       |
    En de 'verblijfplaats' heeft de volgende 'adres' gegevens
    | gemeentecode (92.10) | straatnaam (11.10) | huisnummer (11.20) | postcode (11.60) | woonplaats (11.70) | identificatiecode verblijfplaats (11.80) |
    | 0599                 | Coolsingel         | 40                 | 3011AD           | Rotterdam          | 0599010000000001                         |
    Als personen wordt gezocht met de volgende parameters
    | naam                | waarde                                                                       |
    | type                | RaadpleegMetBurgerservicenummer                                              |
    | burgerservicenummer | 000000207                                                                    |
    | fields              | adressering.adresregel1,verblijfplaats.adresseerbaarObjectIdentificatie,immigratie |
    Dan heeft de response een persoon met de volgende 'adressering' gegevens
    | naam                                                       | waarde        |
    | adresregel1                                                | Coolsingel 40 |
    | indicatieVastgesteldVerblijftNietOpAdres                   | true          |
    | inOnderzoek.adresregel1                                    | true          |
    | inOnderzoek.datumIngangOnderzoekVerblijfplaats.type        | Datum         |
    | inOnderzoek.datumIngangOnderzoekVerblijfplaats.datum       | 2015-06-15    |
    | inOnderzoek.datumIngangOnderzoekVerblijfplaats.langFormaat | 15 juni 2015  |
    En heeft de persoon de volgende 'verblijfplaats' gegevens
    | naam                                       | waarde           |
    | type                                       | Adres            |
    | indicatieVastgesteldVerblijftNietOpAdres   | true             |
    | adresseerbaarObjectIdentificatie           | 0599010000000001 |
    | inOnderzoek.type                           | true             |
    | inOnderzoek.adresseerbaarObjectIdentificatie | true           |
    | inOnderzoek.datumIngangOnderzoek.type      | Datum            |
    | inOnderzoek.datumIngangOnderzoek.datum     | 2015-06-15       |
    | inOnderzoek.datumIngangOnderzoek.langFormaat | 15 juni 2015   |
    En heeft de persoon een leeg 'immigratie' object

  Scenario: een gezochte persoon zonder adresregels heeft geen adressering, en naamgebruik in onderzoek geen naam in onderzoek
    Gegeven de persoon met burgerservicenummer '000000208' heeft de volgende gegevens
    | geslachtsnaam (02.40) | geboortedatum (03.10) | aanduiding naamgebruik (61.10) | aanduiding in onderzoek (83.10) | datum ingang onderzoek (83.20) |
    | Dekker                | 19790312              | E                              | 016110                          | 20120101                       |
    En de persoon heeft de volgende 'verblijfplaats' gegevens
    | gemeente van inschrijving (09.10) |
    | 0344                              |
    En de 'verblijfplaats' heeft de volgende 'adres' gegevens
    | gemeentecode (92.10) | straatnaam (11.10) | huisnummer (11.20) |
    | 0344                 | .                  | 12                 |
    Als personen wordt gezocht met de volgende parameters
    | naam          | waarde                                   |
    | type          | ZoekMetGeslachtsnaamEnGeboortedatum      |
    | geslachtsnaam | Dekker                                   |
    | geboortedatum | 1979-03-12                               |
    | fields        | adressering.adresregel1,naam               |
    Dan heeft de response een persoon met alleen de volgende 'naam' gegevens
    | naam          | waarde |
    | geslachtsnaam | Dekker |
    | volledigeNaam | Dekker |

# language: nl
Functionaliteit: de persona-stappen voor families, geboorte, huwelijk en verblijf

  Regel: een persona met ouders legt de ouders op het kind en het kind op de ouders vast

    Scenario: de minderjarige persoon met twee gehuwde ouders
      Gegeven de minderjarige persoon 'Jan' met twee gehuwde ouders 'Petra' en 'Piet'
      Als 'ouders.burgerservicenummer,ouders.ouderAanduiding' wordt gevraagd van personen gezocht met burgerservicenummer van 'Jan'
      Dan heeft 'Jan' 'ouders' met de volgende gegevens
        | burgerservicenummer | ouderAanduiding |
        | 000000101           | 1               |
        | 000000102           | 2               |

    Scenario: de ouder heeft het kind
      Gegeven de op 03-11-2019 geboren persoon 'Jan' met één ouder 'Petra'
      Als 'kinderen.burgerservicenummer,kinderen.geboorte.datum' wordt gevraagd van personen gezocht met burgerservicenummer van 'Petra'
      Dan heeft 'Petra' 'kinderen' met de volgende gegevens
        | burgerservicenummer | geboorte.datum.type | geboorte.datum.datum | geboorte.datum.langFormaat |
        | 000000103           | Datum               | 2019-11-03           | 3 november 2019            |

  Regel: huwelijk en scheiding staan op beide persoonslijsten

    Scenario: gehuwde ouders zijn elkaars partner
      Gegeven de minderjarige persoon 'Jan' met twee gehuwde ouders 'Petra' en 'Piet'
      Als 'partners.burgerservicenummer,partners.soortVerbintenis' wordt gevraagd van personen gezocht met burgerservicenummer van 'Piet'
      Dan heeft 'Piet' 'partners' met de volgende gegevens
        | burgerservicenummer | soortVerbintenis.code | soortVerbintenis.omschrijving |
        | 000000101           | H                     | huwelijk                      |

    Scenario: een scheiding op een datum
      Gegeven de persoon 'Petra' met burgerservicenummer '000000012'
      En de persoon 'Piet' met burgerservicenummer '000000024'
      En 'Petra' en 'Piet' zijn gehuwd op 1-6-2015
      En 'Petra' en 'Piet' zijn op 01-02-2020 gescheiden
      Als 'partners.burgerservicenummer,partners.ontbindingHuwelijkPartnerschap' wordt gevraagd van personen gezocht met burgerservicenummer van 'Piet'
      Dan heeft 'Piet' 'partners' met de volgende gegevens
        | burgerservicenummer | ontbindingHuwelijkPartnerschap.datum.type | ontbindingHuwelijkPartnerschap.datum.datum | ontbindingHuwelijkPartnerschap.datum.langFormaat |
        | 000000012           | Datum                                     | 2020-02-01                                 | 1 februari 2020                                  |

  Regel: geboorte en verblijf

    Scenario: geboren in Duitsland en geïmmigreerd
      Gegeven de persoon 'Anna' met burgerservicenummer '000000036'
      * is geboren in Duitsland
      * is op 15-03-2019 geïmmigreerd
      Als 'geboorte.land,immigratie.datumVestigingInNederland' wordt gevraagd van personen gezocht met burgerservicenummer van 'Anna'
      Dan heeft 'Anna' de volgende 'geboorte' gegevens
        | land.code | land.omschrijving |
        | 6029      | Duitsland         |
      En heeft 'Anna' de volgende 'immigratie' gegevens
        | datumVestigingInNederland.type | datumVestigingInNederland.datum | datumVestigingInNederland.langFormaat |
        | Datum                          | 2019-03-15                      | 15 maart 2019                         |

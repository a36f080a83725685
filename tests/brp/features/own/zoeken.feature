# language: nl
Functionaliteit: zoeken met de expressieve persona-stappen

  Personen en adressen met een aanduiding, zoekvragen naar wat die aanduiding noemt en de verwachting per persoon,
  zoals de officiële features in zoeken/ ze schrijven.

  Achtergrond:
    Gegeven adres 'A1' in gemeente 'Rotterdam' heeft de volgende gegevens
      | straatnaam (11.10)       | naam openbare ruimte (11.15) | huisnummer (11.20) | postcode (11.60) | identificatiecode verblijfplaats (11.80) |
      | Ln Copes van Cattenburch | Laan Copes van Cattenburch   | 39                 | 3011AB           | 0599010000219679                         |
    En adres 'A2'
      | straatnaam (11.10) | huisnummer (11.20) | huisletter (11.30) |
      | Spui               | 70                 | b                  |
    En de op 26-05-1983 geboren 'Robin'
    * heeft de volgende gegevens
      | geslachtsnaam (02.40) | voornamen (02.10) |
      | Maassen               | Robin             |
    En 'Robin' is 3 jaar geleden ingeschreven op adres 'A1'
    En de op 26-05-1983 geboren vrouw 'Saskia'
    * heeft de volgende gegevens
      | geslachtsnaam (02.40) | geslachtsnaam (diakrieten) | voornamen (02.10) |
      | Maassen               | Maässen                    | Saskia            |
    En 'Saskia' is 2 jaar geleden ingeschreven op adres 'A1'
    En de persoon 'Gerda' met burgerservicenummer '000000025'
    En 'Gerda' is op 01-02-2020 ingeschreven op adres 'A2'

  Regel: elke zoekvraag vindt de personen van het genoemde adres of de genoemde persoon

    Abstract Scenario: zoeken met <zoek criteria>
      Als 'burgerservicenummer' wordt gevraagd van personen gezocht met <zoek criteria>
      Dan worden 'Robin en Saskia' gevonden

      Voorbeelden:
        | zoek criteria                                                 |
        | adresseerbaar object identificatie van 'A1'                   |
        | nummeraanduiding identificatie van 'A1'                       |
        | postcode en huisnummer van 'A1'                               |
        | straatnaam, huisnummer en gemeentecode van 'A1'               |
        | geslachtsnaam 'maassen' en geboortedatum '1983-05-26'         |
        | burgerservicenummer van 'Robin, Saskia'                       |

    Scenario: de standaardwaarden van een adres zonder gegevens
      Als 'burgerservicenummer' wordt gevraagd van personen gezocht met postcode '1234AB' en huisnummer '70' en parameters
        | huisletter |
        | B          |
      Dan wordt alleen 'Gerda' gevonden

  Regel: straat wordt vergeleken met de naam openbare ruimte en met de straatnaam van het adres

    Abstract Scenario: zoeken met straat '<straat>'
      Als 'burgerservicenummer' wordt gevraagd van personen gezocht met straatnaam '<straat>', huisnummer '39' en gemeentecode '0599'
      Dan worden 'Robin en Saskia' gevonden

      Voorbeelden:
        | straat                     |
        | Laan Copes van Cattenburch |
        | ln copes van cattenburch   |
        | ln cope*                   |
        | laan co*                   |
        | *enburch                   |

  Regel: de naam met diakrieten wordt gevonden met en zonder diakrieten

    Abstract Scenario: zoeken met geslachtsnaam '<geslachtsnaam>' en voornamen
      Als 'burgerservicenummer' wordt gevraagd van personen gezocht met geslachtsnaam '<geslachtsnaam>', voornamen 'saskia' en gemeente van inschrijving '0599'
      Dan wordt alleen 'Saskia' gevonden

      Voorbeelden:
        | geslachtsnaam |
        | Maässen       |
        | maassen       |

  Regel: overleden personen worden alleen met 'inclusiefOverledenPersonen' gevonden; de gemeente van inschrijving beperkt elke zoekvraag

    Scenario: een overleden persoon wordt niet gevonden
      Gegeven 'Saskia' is op 23-03-2023 overleden
      Als 'burgerservicenummer' wordt gevraagd van personen gezocht met postcode en huisnummer van 'A1'
      Dan wordt alleen 'Robin' gevonden

    Scenario: een overleden persoon wordt gevonden met inclusiefOverledenPersonen
      Gegeven 'Saskia' is op 23-03-2023 overleden
      Als 'burgerservicenummer' wordt gevraagd van personen gezocht met geslachtsnaam en geboortedatum van 'Saskia' en parameters
        | inclusiefOverledenPersonen |
        | true                       |
      Dan worden 'Robin en Saskia' gevonden
      En heeft 'Saskia' de volgende 'opschortingBijhouding' gegevens
        | reden.code | reden.omschrijving | datum.datum | datum.langFormaat | datum.type |
        | O          | overlijden         | 2023-03-23  | 23 maart 2023     | Datum      |

    Abstract Scenario: binnengemeentelijk zoeken in gemeente <gemeente>
      Als 'burgerservicenummer' wordt gevraagd van personen gezocht met burgerservicenummer van 'Robin' en parameters
        | gemeenteVanInschrijving |
        | <gemeente>              |
      Dan <resultaat>

      Voorbeelden:
        | gemeente | resultaat                       |
        | 0599     | wordt 'Robin' gevonden          |
        | 0518     | worden er geen personen gevonden |

  Regel: zonder 'burgerservicenummer' in fields heeft een gevonden persoon alleen de gevraagde velden

    Scenario: een persoon met alleen de geslachtsnaam
      Als 'naam.geslachtsnaam' wordt gevraagd van personen gezocht met burgerservicenummers '000000025'
      Dan wordt 'Gerda' gevonden
      En heeft 'Gerda' de volgende 'naam' gegevens
        | geslachtsnaam |
        | Gerda         |

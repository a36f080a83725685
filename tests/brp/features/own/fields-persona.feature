# language: nl
Functionaliteit: fields naar een deel van een datum of waardetabel, in de persona-stappen

  Achtergrond:
    Gegeven adres 'A1'
      | identificatiecode verblijfplaats (11.80) |
      | 0599010000219679                         |
    En de op 26-05-1983 geboren man 'Pieter'
    * heeft de volgende gegevens
      | geslachtsnaam (02.40) |
      | Maassen               |
    * 'Pieter' is 3 jaar geleden ingeschreven op adres 'A1'

  Regel: een bestaand of niet-bestaand deel van een datum of waardetabel vraagt het hele veld

    Abstract Scenario: fields '<fields>' met <zoek methode>
      Als '<fields>' wordt gevraagd van personen gezocht met <zoek methode>
      Dan wordt 'Pieter' gevonden
      En heeft 'Pieter' de volgende 'geslacht' gegevens
        | code | omschrijving |
        | M    | man          |

      Voorbeelden:
        | fields                | zoek methode                                |
        | geslacht.nietBestaand | burgerservicenummer van 'Pieter'            |
        | geslacht.omschrijving | adresseerbaar object identificatie van 'A1' |

    Abstract Scenario: fields 'geboorte.datum.<deel>'
      Als 'geboorte.datum.<deel>' wordt gevraagd van personen gezocht met geslachtsnaam 'Maassen' en geboortedatum '1983-05-26'
      Dan wordt 'Pieter' gevonden
      En heeft 'Pieter' de volgende 'geboorte' gegevens
        | datum.type | datum.datum | datum.langFormaat |
        | Datum      | 1983-05-26  | 26 mei 1983       |

      Voorbeelden:
        | deel         |
        | nietBestaand |
        | langFormaat  |

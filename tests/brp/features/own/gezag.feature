#language: nl

Functionaliteit: gezag afgeleid uit de GBA-gegevens volgens de regels van BRP API Gezag

  Achtergrond:
    Gegeven de persoon 'Gerda' met burgerservicenummer '000000012'
    * is meerderjarig
    * is een vrouw
    En de persoon 'Aart' met burgerservicenummer '000000024'
    * is meerderjarig
    * is een man

  Scenario: ouders die na de geboorte zijn gehuwd en daarna gescheiden hebben gezamenlijk ouderlijk gezag
    Gegeven de persoon 'Bert' met burgerservicenummer '000000036'
    * is 7 jaar geleden geboren
    * is ingeschreven in de BRP
    * heeft 'Gerda' en 'Aart' als ouders
    En 'Gerda' en 'Aart' zijn 5 jaar geleden gehuwd
    En 'Gerda' en 'Aart' zijn 2 jaar geleden gescheiden
    Als 'gezag' wordt gevraagd van 'Bert'
    Dan is het gezag over 'Bert' gezamenlijk ouderlijk gezag met ouder 'Gerda' en ouder 'Aart'

  @deprecated
  Scenario: met accept-gezag-version 1 heet gezamenlijk ouderlijk gezag nog TweehoofdigOuderlijkGezag (v2.6)
    Gegeven de persoon 'Bert' met burgerservicenummer '000000036'
    * is 7 jaar geleden geboren
    * is ingeschreven in de BRP
    * heeft 'Gerda' en 'Aart' als ouders
    En 'Gerda' en 'Aart' zijn 8 jaar geleden gehuwd
    Als 'gezag' wordt gevraagd van 'Bert'
    Dan is het gezag over 'Bert' gezamenlijk ouderlijk gezag met ouder 'Gerda' en ouder 'Aart'

  Scenario: ouders die nooit gehuwd waren, erkenning voor 1-1-2023: de moeder heeft eenhoofdig ouderlijk gezag
    Gegeven de persoon 'Bert' met burgerservicenummer '000000036'
    * is 7 jaar geleden geboren
    * is ingeschreven in de BRP
    * heeft 'Gerda' en 'Aart' als ouders
    Als 'gezag' wordt gevraagd van 'Bert'
    Dan is het gezag over 'Bert' eenhoofdig ouderlijk gezag met ouder 'Gerda'

  Scenario: ouders die nooit gehuwd waren, erkenning na 1-1-2023: gezamenlijk ouderlijk gezag
    Gegeven de persoon 'Bert' met burgerservicenummer '000000036'
    * is 2 jaar geleden geboren
    * is ingeschreven in de BRP
    * heeft 'Gerda' en 'Aart' als ouders
    En 'Bert' is erkend door 'Aart' na geboorteaangifte op 1-3-2024
    Als 'gezag' wordt gevraagd van 'Bert'
    Dan is het gezag over 'Bert' gezamenlijk ouderlijk gezag met ouder 'Gerda' en ouder 'Aart'

  Scenario: de moeder staat onder curatele: de vader heeft eenhoofdig ouderlijk gezag
    Gegeven de persoon 'Bert' met burgerservicenummer '000000036'
    * is 7 jaar geleden geboren
    * is ingeschreven in de BRP
    * heeft 'Gerda' en 'Aart' als ouders
    En 'Gerda' en 'Aart' zijn 8 jaar geleden gehuwd
    En 'Gerda' staat onder curatele
    Als 'gezag' wordt gevraagd van 'Bert'
    Dan is het gezag over 'Bert' eenhoofdig ouderlijk gezag met ouder 'Aart'

  Scenario: beide ouders zijn overleden: tijdelijk geen gezag
    Gegeven de persoon 'Bert' met burgerservicenummer '000000036'
    * is 7 jaar geleden geboren
    * is ingeschreven in de BRP
    * heeft 'Gerda' en 'Aart' als ouders
    En 'Gerda' en 'Aart' zijn 8 jaar geleden gehuwd
    En 'Gerda' is overleden
    En 'Aart' is overleden
    Als 'gezag' wordt gevraagd van 'Bert'
    Dan is het gezag over 'Bert' tijdelijk geen gezag met de toelichting 'Tijdelijk geen gezag omdat beide ouders overleden zijn.'

  Scenario: de rechter heeft het gezag aan een voogdijinstelling toegewezen
    Gegeven de persoon 'Bert' met burgerservicenummer '000000036'
    * is 7 jaar geleden geboren
    * is ingeschreven in de BRP
    * heeft 'Gerda' en 'Aart' als ouders
    * 3 jaar geleden is in een gerechtelijke uitspraak het gezag toegewezen aan een voogdijinstelling
    Als 'gezag' wordt gevraagd van 'Bert'
    Dan is het gezag over 'Bert' voogdij

  Scenario: de rechter heeft het gezag aan één ouder en een derde toegewezen
    Gegeven de persoon 'Bert' met burgerservicenummer '000000036'
    * is 7 jaar geleden geboren
    * is ingeschreven in de BRP
    * heeft 'Gerda' en 'Aart' als ouders
    * 3 jaar geleden is in een gerechtelijke uitspraak het gezag toegewezen aan 'Aart' en een derde
    Als 'gezag' wordt gevraagd van 'Bert'
    Dan is het gezag over 'Bert' gezamenlijk gezag met ouder 'Aart' en een onbekende derde

  Scenario: een minderjarige die als niet-ingezetene is ingeschreven: gezag niet te bepalen
    Gegeven de persoon 'Bert' met burgerservicenummer '000000036'
    * is 7 jaar geleden geboren
    * is ingeschreven in de BRP
    * heeft 'Gerda' en 'Aart' als ouders
    * is ingeschreven in de RNI
    Als 'gezag' wordt gevraagd van 'Bert'
    Dan is het gezag over 'Bert' niet te bepalen met de toelichting 'Gezag kan niet worden bepaald omdat minderjarige niet in Nederland woont.'

  Scenario: een minderjarige die in het buitenland heeft gewoond, met ongehuwde ouders: gezag niet te bepalen
    Gegeven de persoon 'Bert' met burgerservicenummer '000000036'
    * is 7 jaar geleden geboren
    * is ingeschreven in de BRP
    * heeft 'Gerda' en 'Aart' als ouders
    * is geëmigreerd geweest
    Als 'gezag' wordt gevraagd van 'Bert'
    Dan is het gezag over 'Bert' niet te bepalen met de toelichting 'Gezag kan niet worden bepaald omdat minderjarige buiten Nederland heeft verbleven.'

  Scenario: een gerechtelijke uitspraak in onderzoek
    Gegeven de persoon 'Bert' met burgerservicenummer '000000036'
    * is 7 jaar geleden geboren
    * is ingeschreven in de BRP
    * heeft 'Gerda' en 'Aart' als ouders
    En voor 'Bert' is een gerechtelijke uitspraak over het gezag gedaan met de volgende gegevens
    | indicatie gezag minderjarige (32.10) | ingangsdatum geldigheid (85.10) | aanduiding in onderzoek (83.10) |
    | D                                    | 20200101                        | 113210                          |
    Als 'gezag' wordt gevraagd van 'Bert'
    Dan is het gezag over 'Bert' voogdij
    En is het gezag in onderzoek

  Scenario: een ouder krijgt het gezag over het kind van de ouder te zien
    Gegeven de persoon 'Bert' met burgerservicenummer '000000036'
    * is 7 jaar geleden geboren
    * is ingeschreven in de BRP
    * heeft 'Gerda' en 'Aart' als ouders
    En 'Gerda' en 'Aart' zijn 8 jaar geleden gehuwd
    Als 'gezag' wordt gevraagd van 'Aart'
    Dan is het gezag over 'Bert' gezamenlijk ouderlijk gezag met ouder 'Gerda' en ouder 'Aart'

  Scenario: een meerderjarige heeft geen gezag
    Gegeven de persoon 'Bert' met burgerservicenummer '000000036'
    * is 30 jaar geleden geboren
    * is ingeschreven in de BRP
    * heeft 'Gerda' en 'Aart' als ouders
    Als 'gezag' wordt gevraagd van 'Bert'
    Dan heeft 'Bert' geen gezaghouder

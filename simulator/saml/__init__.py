"""The SAML IdP core every SAML door of the simulator uses (DDCC, classic DigiD, eHerkenning).

What a door shares with the others lives here once: safe XML parsing, signing and signature verification
(`xmlsecurity`), the checks of incoming AuthnRequest/ArtifactResolve/LogoutRequest messages (`messages`), the
artifact store and SSO sessions (`artifacts`), the registry of service providers (`providers`), IdP and SP
metadata (`metadata`), the messages an IdP sends back (`responses`) and the HTTP edges (`endpoints`: refusals,
the POST form, cached signed metadata). A door is a profile on this core: its entity IDs, its metadata endpoints,
its attribute statement and its level vocabulary. This package imports no interface."""

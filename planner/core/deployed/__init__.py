"""Reading what is deployed, one module per thing az prints: a private endpoint
(`endpoints`), a private zone's records and zone groups (`zones`), a registry and its
replications (`registry`), and a subnet inventory from Azure Resource Graph (`graph`); what
they share is in `places`.

Each reader takes what `az` prints (already parsed from JSON, or the text of a zone file)
and returns frozen values, or raises `Unreadable` naming the place of the first problem as a
JSON pointer relative to what it was given ("/ipConfigurations/2/privateIPAddress"), or a
line of a zone file. The field names are in `azure`, each with its source. Every reader is
linear in its input and bounded by the caps in `places`.
"""

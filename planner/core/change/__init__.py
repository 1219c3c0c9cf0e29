"""A change to a registry with private endpoints, planned as a difference from what is
deployed, and decided here as data: what happens to each endpoint (its path, and why), to
each member (kept, added, removed) and to each record; the steps in their order, each with
its kind and the endpoints it acts on. `renderers/runbook.py` says the steps as a bash script
and `renderers/day_two.py` as JSON; nothing here prints a command.

Per endpoint, each member the wanted registry needs is kept (its current address: never
moved), added (the lowest free address of the subnet, avoiding what is used there and every
current member's address, of every endpoint in the subnet), or removed. What Microsoft
documents decides the paths; what it does not document is offered as choices, said to be
inferred (see `endpoint_path`). The registry as it is comes from `az acr replication list`
or `az acr show` when they are given (a replica they list is never created again), else from
the endpoints' members.

The request and the result are values (`values`); `decide.change()` decides the endpoints and
members, `records` the records and zones, `steps` the runbook's steps.
"""

"""The JSON API, version 1: plan, sizing and exports; errors as RFC 9457 problem details."""

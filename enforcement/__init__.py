"""Qinglang's domain: events, text normalisation, the protected-identity registry, detectors,
the sanction policy and the strike ledger. Nothing here imports Faust or prometheus_client."""
